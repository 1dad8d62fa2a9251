import ArgumentParser
import FerryModels

/// `ferry datasource add|list|show|test|tables`.
struct DatasourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasource", abstract: "Register and inspect datasources (RF01).",
        subcommands: [Add.self, List.self, Show.self, Test.self, Tables.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a datasource from a connection URL.",
            discussion: "URL forms: \(DatasourceURL.forms). A password in the URL is sent apart and stored encrypted.")
        @OptionGroup var api: APIOptions
        @Argument(help: "The datasource's name.") var name: String
        @Argument(help: "Its connection URL.") var url: String
        @Option(help: "Schema of its tables (PostgreSQL).") var schema: String?
        @Option(help: "User name (instead of the URL's).") var user: String?
        @Option(help: "Password (instead of the URL's).") var password: String?

        mutating func run() async throws {
            var parsed = try DatasourceURL.parse(url)
            if let user { parsed.user = user }
            if let password { parsed.password = password }
            let client = try api.client()
            let saved: SavedEnvelope = try await client.post("/v1/datasource", parsed.request(name: name, schema: schema))
            Console.line("datasource \(name) registered (uid \(saved.uid))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the datasources.")
        @OptionGroup var api: APIOptions
        @OptionGroup var output: JSONFlag

        mutating func run() async throws {
            let client = try api.client()
            try await output.show(client, "/v1/datasource", as: [DatasourceView].self) { all in
                var table = TextTable([("UID", .right), ("NAME", .left), ("PROVIDER", .left), ("URL", .left), ("USER", .left), ("SCHEMA", .left)])
                for d in all {
                    table.add([String(d.uid), d.databaseName, d.databaseProvider, d.jdbcConnectionUrl, d.userName ?? "", d.databaseSchema ?? ""])
                }
                return all.isEmpty ? "no datasources yet (`ferry datasource add NAME URL`)" : table.render()
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one datasource (never its password).")
        @OptionGroup var target: OneDatasource

        mutating func run() async throws {
            let (client, d) = try await target.resolve()
            guard !target.output.json else { return Console.line(try await client.raw("GET", "/v1/datasource/\(d.uid)")) }
            let fields: [(String, String)] = [
                ("uid", String(d.uid)), ("name", d.databaseName), ("provider", d.databaseProvider),
                ("url", d.jdbcConnectionUrl), ("user", d.userName ?? "–"), ("password", d.hasPassword ? "set (encrypted)" : "none"),
                ("schema", d.databaseSchema ?? "–"), ("created", Format.time(d.createdAt)), ("updated", Format.time(d.updatedAt)),
            ]
            Console.line(fields.map { "\($0.0.padding(toLength: 9, withPad: " ", startingAt: 0)) \($0.1)" }.joined(separator: "\n"))
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Connect to a datasource: server version and latency, or the driver's error.")
        @OptionGroup var target: OneDatasource

        mutating func run() async throws {
            let (client, d) = try await target.resolve()
            if target.output.json { return Console.line(try await client.raw("POST", "/v1/datasource/\(d.uid)/test")) }
            let result: ConnectionTestResult = try await client.post("/v1/datasource/\(d.uid)/test", [String: String]())
            Console.line("\(d.databaseName): connected to \(result.serverVersion) in \(String(format: "%.1f", result.latencyMs)) ms")
        }
    }

    struct Tables: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The tables a datasource holds: columns and primary keys.")
        @OptionGroup var target: OneDatasource

        mutating func run() async throws {
            let (client, d) = try await target.resolve()
            try await target.output.show(client, "/v1/datasource/\(d.uid)/tables", as: [DiscoveredTable].self) { tables in
                var table = TextTable([("TABLE", .left), ("COLUMNS", .right), ("PRIMARY KEY", .left)])
                for t in tables {
                    table.add([(t.schema.map { $0 + "." } ?? "") + t.name, String(t.columns.count),
                               t.primaryKey.isEmpty ? "none" : t.primaryKey.joined(separator: ", ")])
                }
                return tables.isEmpty ? "\(d.databaseName) holds no tables" : table.render()
            }
        }
    }
}

/// The commands about one datasource name it by uid or by name.
typealias OneDatasource = OneNamed<DatasourceView>

extension DatasourceView: NamedResource {
    static let noun = "datasource"
    static func lookup(_ client: FerryClient, _ ref: String) async throws -> DatasourceView { try await client.datasource(ref) }
}
