import Foundation
import FerryModels
import FerrySQL

/// The orchestrator's job repository. Every public method is one round trip to one of the store's connections;
/// every change runs in ONE transaction on one connection. On SQLite the store's single connection serialises
/// them all; on PostgreSQL (a few connections per orchestrator, and several orchestrators may share it) rows are locked in one order — step executions
/// before their job execution — claims skip rows others hold (`FOR UPDATE SKIP LOCKED`), and a
/// transaction that loses a serialization/deadlock race is retried.
final class OrchestratorStore: Sendable {
    let store: MetadataStore
    /// PostgreSQL: row locks (`FOR UPDATE`) are taken; SQLite has one writer anyway.
    let locks: Bool
    let specs = ExecutionSpecCache()

    init(store: MetadataStore) {
        self.store = store
        self.locks = store.family == .postgresql
    }

    /// Opens (and migrates) the store: `<dataDir>/orchestrator.db`, or PostgreSQL when `databaseURL` is set (with
    /// `connections` connections; SQLite has one).
    static func open(databaseURL: String?, dataDir: String,
                     connections: Int = OrchestratorSettings.defaultStoreConnections) async throws -> OrchestratorStore {
        OrchestratorStore(store: try await MetadataStore.open(
            service: "orch", databaseURL: databaseURL, sqlitePath: dataDir + "/orchestrator.db",
            migrations: OrchestratorSchema.migrations, connections: connections))
    }

    func close() async { await store.close() }

    /// One transaction, retried (up to 3 more times) when the database reports a transient conflict
    /// (serialization failure, deadlock, SQLITE_BUSY).
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await Self.conflictRetry.run(retryIf: { ($0 as? DriverError)?.kind == .transient }) { _ in
            try await store.transaction(body)
        }
    }

    static let conflictRetry = RetryPolicy(maxAttempts: 4, delays: [.milliseconds(25), .milliseconds(50), .milliseconds(75)])

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await store.run(body)
    }

    // MARK: SQL shared by the operations

    /// `(\(BatchStatus.starting.sql), \(BatchStatus.started.sql), \(BatchStatus.stopping.sql))`
    static let runningStatuses = "(\(BatchStatus.starting.sql), \(BatchStatus.started.sql), \(BatchStatus.stopping.sql))"

    static func forUpdate(_ locks: Bool) -> String { locks ? " FOR UPDATE" : "" }

    static func execution(_ c: any SQLConnection, _ id: Int64, lock: Bool = false) throws -> ExecutionRow? {
        try c.query("SELECT \(ExecutionRow.columns) FROM orch_job_execution WHERE id = $1" + forUpdate(lock), [.int(id)])
            .rows.first.map(ExecutionRow.init)
    }

    static func step(_ c: any SQLConnection, _ id: Int64, lock: Bool = false) throws -> StepRow? {
        try c.query("SELECT \(StepRow.columns) FROM orch_step_execution WHERE id = $1" + forUpdate(lock), [.int(id)])
            .rows.first.map(StepRow.init)
    }

    static func steps(_ c: any SQLConnection, executionId: Int64) throws -> [StepRow] {
        try c.query("SELECT \(StepRow.columns) FROM orch_step_execution WHERE execution_id = $1 ORDER BY relational_ordering, id",
                    [.int(executionId)]).rows.map(StepRow.init)
    }

    /// Locks every step of an execution, then the execution (the lock order every change follows).
    static func lockExecutionTree(_ c: any SQLConnection, _ id: Int64, lock: Bool) throws -> ExecutionRow? {
        if lock {
            _ = try c.query("SELECT id FROM orch_step_execution WHERE execution_id = $1 ORDER BY id FOR UPDATE", [.int(id)])
        }
        return try execution(c, id, lock: lock)
    }

    /// The running execution of a bundle, if any.
    static func runningExecution(_ c: any SQLConnection, bundleId: Int64) throws -> ExecutionRow? {
        try c.query("""
            SELECT \(ExecutionRow.columns) FROM orch_job_execution
            WHERE bundle_id = $1 AND status IN \(runningStatuses) ORDER BY id LIMIT 1
            """, [.int(bundleId)]).rows.first.map(ExecutionRow.init)
    }

    static func count(_ c: any SQLConnection, _ sql: String, _ params: [SQLValue]) throws -> Int {
        try c.query(sql, params).single(Int.self)
    }

    /// Steps holding a live lease.
    static func activeLeases(_ c: any SQLConnection, now: String) throws -> Int {
        try count(c, "SELECT COUNT(*) FROM orch_step_execution WHERE status = \(BatchStatus.started.sql) AND \(leaseLive(c, now: "$1"))",
                  [.text(now)])
    }

    /// The step's lease still runs at `now` (a placeholder bound to a stored timestamp), compared as time.
    static func leaseLive(_ c: any SQLConnection, now: String, alias: String = "") -> String {
        "\(c.dialect.storedTime(alias + "lease_until")) >= \(c.dialect.storedTime(now))"
    }

    /// The step's lease lapsed by `now` (or was released: NULL), compared as time.
    static func leaseLapsed(_ c: any SQLConnection, now: String, alias: String = "") -> String {
        "(\(alias)lease_until IS NULL OR \(c.dialect.storedTime(alias + "lease_until")) < \(c.dialect.storedTime(now)))"
    }

    /// A step row that may be claimed (`now`: the parameter holding the time): never claimed yet, or its lease lapsed.
    static func claimable(_ c: any SQLConnection, now: String, alias: String = "") -> String {
        "(\(alias)status = \(BatchStatus.starting.sql) OR (\(alias)status = \(BatchStatus.started.sql) AND \(leaseLapsed(c, now: now, alias: alias))))"
    }

    // MARK: JSON columns

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
