import ArgumentParser
import FerryModels

/// `ferry copy <source-url> <target-url> --table T`: one command to move a table. Registers the two datasources,
/// the table(s) and a bundle — reusing whatever already matches, so running it again registers nothing new — then
/// launches the job.
struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy", abstract: "Copy a table from one database to another in one command.",
        discussion: """
            Registers what the copy needs (datasources, tables, a bundle named copy-<source>-<target>-<table>), \
            reusing what exists, and launches it. URL forms: \(DatasourceURL.forms).

            Example: ferry copy postgresql://app:secret@localhost:5432/shop ./shop.db --table customers --wait
            """)
    @OptionGroup var api: APIOptions
    @Argument(help: "Where the rows come from (a connection URL).") var sourceURL: String
    @Argument(help: "Where they go (a connection URL).") var targetURL: String
    @Option(help: "The table to copy (schema.table allowed).") var table: String
    @Option(help: "Its name in the target (default: the same).") var targetTable: String?
    @Option(help: "upsert merges by primary key, insert appends, truncate-insert replaces everything.")
    var mode: CopyMode = .upsert
    @Option(help: "Rows per chunk (default 10000).") var chunkSize: Int?
    @OptionGroup var follow: FollowOptions

    mutating func run() async throws {
        let source = try DatasourceURL.parse(sourceURL), target = try DatasourceURL.parse(targetURL)
        let client = try api.client()
        var datasources: [DatasourceView] = try await client.get("/v1/datasource")
        let src = try await Self.ensure(client, source, known: &datasources)
        let dst = try await Self.ensure(client, target, known: &datasources)
        var tables: [DataTableView] = try await client.get("/v1/data/tables")
        let s = TableName.split(table, schema: nil), t = TableName.split(targetTable ?? table, schema: nil)
        let sid = try await TableName.ensure(client, s.table, schema: s.schema, known: &tables)
        let tid = try await TableName.ensure(client, t.table, schema: t.schema, known: &tables)

        let name = String("copy-\(src.name)-\(dst.name)-\(DatasourceURL.sanitized(table))".prefix(128))
        let body = BundleRequest(bundleName: name, sourceDatasourceId: src.uid, targetDatasourceId: dst.uid,
                                 bundledTables: [BundledTableRequest(sourceTableId: sid, targetTableId: tid, relationalOrdering: 1,
                                                                     loadMode: mode.rawValue)],
                                 chunkSize: chunkSize)
        let bundles: [BundleView] = try await client.get("/v1/data/bundles")
        let bundleId: Int64
        var note: String
        if let existing = bundles.first(where: { $0.bundleName == name }) {
            bundleId = existing.uid
            note = "reused"
            if !Self.same(existing, body) {
                let _: SavedEnvelope = try await client.put("/v1/data/bundles/\(existing.uid)", body)
                note = "updated"
            }
        } else {
            bundleId = try await client.post("/v1/data/bundles", body, as: SavedEnvelope.self).uid
            note = "created"
        }
        if !follow.json {
            Console.line("source  \(src.name) (datasource \(src.uid), \(src.note))")
            Console.line("target  \(dst.name) (datasource \(dst.uid), \(dst.note))")
            Console.line("bundle  \(name) (uid \(bundleId), \(note)), \(mode.rawValue) of \(table)")
        }
        let launched: LaunchResponse = try await client.post("/v1/batch/job", LaunchRequest(dataBundleId: bundleId))
        try await follow.finish(client, jobId: launched.uid, launched: "launched \(name)")
    }

    struct Ensured { var uid: Int64; var name: String; var note: String }

    /// The datasource at this URL: an existing one when provider, URL and user match (its password refreshed when
    /// the URL carries one), else a new one under the URL's suggested name (suffixed when that name is taken).
    static func ensure(_ client: FerryClient, _ url: DatasourceURL, known: inout [DatasourceView]) async throws -> Ensured {
        if let d = known.first(where: url.matches) {
            if url.password != nil {
                let _: SavedEnvelope = try await client.put("/v1/datasource/\(d.uid)", url.request(name: d.databaseName, schema: d.databaseSchema))
            }
            return Ensured(uid: d.uid, name: d.databaseName, note: "reused")
        }
        var name = url.suggestedName
        var n = 2
        while known.contains(where: { $0.databaseName == name }) { name = "\(url.suggestedName)-\(n)"; n += 1 }
        let saved: SavedEnvelope = try await client.post("/v1/datasource", url.request(name: name, schema: nil))
        known.append(DatasourceView(uid: saved.uid, databaseName: name, databaseProvider: url.provider, databasePlatform: nil,
                                    userName: url.user, hasPassword: url.password != nil, jdbcConnectionUrl: url.jdbcURL,
                                    driverClassName: nil, databaseDialect: nil, databaseSchema: nil, createdAt: "", updatedAt: ""))
        return Ensured(uid: saved.uid, name: name, note: "registered")
    }

    /// Whether a stored bundle already is what this copy asks for.
    static func same(_ b: BundleView, _ r: BundleRequest) -> Bool {
        guard b.sourceDatasourceId == r.sourceDatasourceId, b.targetDatasourceId == r.targetDatasourceId,
              b.bundledTables.count == 1, let want = r.bundledTables?.first, let have = b.bundledTables.first else { return false }
        return have.sourceTableId == want.sourceTableId && have.targetTableId == want.targetTableId
            && have.loadMode.rawValue == want.loadMode && (r.chunkSize == nil || r.chunkSize == b.chunkSize)
    }
}
