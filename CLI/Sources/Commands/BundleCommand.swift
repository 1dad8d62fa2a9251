import ArgumentParser
import FerryModels

/// `ferry bundle create|list|plan`.
struct BundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle", abstract: "Create and inspect bundles: table pairs from one datasource to another (RF03).",
        subcommands: [Create.self, List.self, Plan.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a bundle.",
            discussion: "Each --table is SOURCE or SOURCE:TARGET (schema.table allowed); tables are registered when missing.")
        @OptionGroup var api: APIOptions
        @Argument(help: "The bundle's name.") var name: String
        @Option(help: "Source datasource (uid or name).") var source: String
        @Option(help: "Target datasource (uid or name).") var target: String
        @Option(name: .customLong("table"), help: "A table pair, SOURCE[:TARGET]; repeat for more (run in the order given).")
        var tables: [String] = []
        @Option(help: "Load mode of every pair.") var mode: CopyMode = .upsert
        @Option(help: "Rows per chunk (default 10000).") var chunkSize: Int?
        @Option(help: "Skipped rows tolerated before the step fails (default 0).") var skipLimit: Int?
        @Flag(help: "Write a manifest (files, sizes, SHA-256) after each completed run (a Files target only).") var manifest = false
        @Option(help: "Key-range partitions per table with an integer key (default: automatic from the table size).") var partitions: Int?
        @Option(help: "The batch code that names the export files and manifests (default: the bundle's name).") var batchCode: String?

        mutating func run() async throws {
            guard !tables.isEmpty else { throw CLIError("name at least one --table SOURCE[:TARGET]") }
            let client = try api.client()
            let src = try await client.datasource(source), dst = try await client.datasource(target)
            var known: [DataTableView] = try await client.get("/v1/data/tables")
            var pairs: [BundledTableRequest] = []
            for (i, spec) in tables.enumerated() {
                let halves = spec.split(separator: ":", maxSplits: 1).map(String.init)
                guard let first = halves.first, !first.isEmpty else { throw CLIError("bad --table '\(spec)': expected SOURCE or SOURCE:TARGET") }
                let s = TableName.split(first, schema: nil), t = TableName.split(halves.count > 1 ? halves[1] : first, schema: nil)
                let sid = try await TableName.ensure(client, s.table, schema: s.schema, known: &known)
                let tid = try await TableName.ensure(client, t.table, schema: t.schema, known: &known)
                pairs.append(BundledTableRequest(sourceTableId: sid, targetTableId: tid, relationalOrdering: i + 1, loadMode: mode.rawValue))
            }
            var request = BundleRequest(
                bundleName: name, sourceDatasourceId: src.uid, targetDatasourceId: dst.uid, bundledTables: pairs,
                chunkSize: chunkSize, skipLimit: skipLimit, manifestOption: manifest ? true : nil, batchCode: batchCode)
            request.partitions = partitions.map { .number(Double($0)) }
            let saved: SavedEnvelope = try await client.post("/v1/data/bundles", request)
            Console.line("bundle \(name) created (uid \(saved.uid)): `ferry run \(name) --wait` runs it")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the bundles.")
        @OptionGroup var api: APIOptions
        @OptionGroup var output: JSONFlag

        mutating func run() async throws {
            let client = try api.client()
            try await output.show(client, "/v1/data/bundles", as: [BundleView].self) { all in
                let names = await client.datasourceNames()
                var table = TextTable([("UID", .right), ("NAME", .left), ("SOURCE", .left), ("TARGET", .left), ("PAIRS", .right), ("CHUNK", .right)])
                for b in all {
                    table.add([String(b.uid), b.bundleName, names[b.sourceDatasourceId] ?? "#\(b.sourceDatasourceId)",
                               names[b.targetDatasourceId] ?? "#\(b.targetDatasourceId)", String(b.bundledTables.count), Format.count(Int64(b.chunkSize))])
                }
                return all.isEmpty ? "no bundles yet (`ferry bundle create` or `ferry copy`)" : table.render()
            }
        }
    }

    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What a run of the bundle would do: queries, load mode, tables to create.")
        @OptionGroup var api: APIOptions
        @OptionGroup var output: JSONFlag
        @Argument(help: "The bundle (uid or name).") var bundle: String

        struct PairPlan: Decodable {
            struct Queries: Decodable { var extractionSQL: String; var loadSQL: String; var keyColumns: [String] }
            var stepName: String
            var relationalOrdering: Int
            var sourceTable: String
            var targetTable: String
            var loadMode: String
            var targetExists: Bool
            var createTargetSQL: String?
            var plan: Queries
        }

        mutating func run() async throws {
            let client = try api.client()
            let b = try await client.bundle(bundle)
            if output.json { return Console.line(try await client.raw("GET", "/v1/data/bundles/\(b.uid)/plan")) }
            let plans: [PairPlan] = try await client.get("/v1/data/bundles/\(b.uid)/plan")
            var out: [String] = []
            for p in plans {
                out.append("\(p.stepName)  (order \(p.relationalOrdering), \(p.loadMode)) \(p.sourceTable) → \(p.targetTable)")
                out.append("  key:     \(p.plan.keyColumns.isEmpty ? "none (custom SQL)" : p.plan.keyColumns.joined(separator: ", "))")
                out.append("  extract: \(p.plan.extractionSQL)")
                out.append("  load:    \(p.plan.loadSQL)")
                if !p.targetExists { out.append("  create:  \(p.createTargetSQL ?? "(the target table is missing)")") }
            }
            Console.line(out.joined(separator: "\n"))
        }
    }
}

/// The load modes a user picks on the command line (incremental needs a delta column: set it through the API).
enum CopyMode: String, ExpressibleByArgument, CaseIterable, Sendable {
    case upsert, insert
    case truncateInsert = "truncate-insert"
}
