import Foundation
import FerryTime

/// A service's own store: an SQLite file by default, PostgreSQL when FERRY_DATABASE_URL is set.
/// Each service prefixes its tables with its name, so several services can share one PostgreSQL
/// database. Every call runs on one of the store's connections (each on its own thread): one on SQLite (one
/// writer), `connections` on PostgreSQL, where concurrent transactions are the database's business.
public final class MetadataStore: Sendable {
    public let sessions: DatabaseSessionPool
    public let family: SQLDialect.Family
    public let service: String

    private init(sessions: DatabaseSessionPool, family: SQLDialect.Family, service: String) {
        self.sessions = sessions; self.family = family; self.service = service
    }

    /// Opens (creating when needed) and migrates the store.
    /// - Parameters:
    ///   - databaseURL: FERRY_DATABASE_URL (a PostgreSQL URL) or nil for SQLite.
    ///   - sqlitePath: the SQLite file used when databaseURL is nil.
    ///   - connections: connections to PostgreSQL (SQLite always has one).
    public static func open(service: String, databaseURL: String?, sqlitePath: String,
                            migrations: [Migration], connections: Int = 1) async throws -> MetadataStore {
        let spec: ConnectionSpec
        if let url = databaseURL, !url.isEmpty {
            spec = try ConnectionURL.resolve(provider: "PostgreSQL", url: url, user: nil, password: nil)
        } else {
            let dir = (sqlitePath as NSString).deletingLastPathComponent
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            spec = .sqlite(path: sqlitePath)
        }
        let family: SQLDialect.Family
        if case .postgres = spec { family = .postgresql } else { family = .sqlite }
        let sessions = try await DatabaseSessionPool.open(spec, connections: family == .postgresql ? connections : 1,
                                                          setUp: family == .postgresql ? postgresSessionSetUp : [])
        let store = MetadataStore(sessions: sessions, family: family, service: service)
        do {
            try await store.migrate(migrations)
        } catch {
            await sessions.close()
            throw error
        }
        return store
    }

    /// A store transaction takes milliseconds. One left open for 10 s belongs to a process that stopped mid-way (paused,
    /// hung): the server ends it, and with it the row locks that would keep every other replica from claiming,
    /// re-queuing or finishing the steps it touched. That process's next call fails, and its session reconnects.
    static let postgresSessionSetUp = ["SET idle_in_transaction_session_timeout = '10s'"]

    /// Runs `body` on one of the store's connections.
    public func run<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await sessions.run(body)
    }

    /// Runs `body` in one transaction on one of the store's connections.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await sessions.run { c in try c.transaction { try body(c) } }
    }

    public func close() async { await sessions.close() }

    private func migrate(_ migrations: [Migration]) async throws {
        let table = "\(service)_schema_migrations"
        let family = self.family
        try await sessions.run { c in
            try c.execute("CREATE TABLE IF NOT EXISTS \(table) (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
            try c.transaction {
                // Several instances of a service may start at once against one PostgreSQL.
                if family == .postgresql { try c.execute("SELECT pg_advisory_xact_lock(hashtext($1))", [.text(table)]) }
                let done = try c.query("SELECT version FROM \(table)").rows.compactMap { $0.first?.int64 }
                for m in migrations.sorted(by: { $0.version < $1.version }) where !done.contains(Int64(m.version)) {
                    for s in m.sql(for: family) { try c.execute(s) }
                    try c.execute("INSERT INTO \(table) (version, applied_at) VALUES ($1, $2)",
                                  [.int(Int64(m.version)), .time(.now)])
                }
            }
        }
    }
}
