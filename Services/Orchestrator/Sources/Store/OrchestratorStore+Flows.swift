import Foundation
import FerryModels
import FerrySQL
import FerryTime

/// One row of `orch_flow`.
struct FlowRow: Sendable, Hashable {
    var id: Int64
    var definition: FlowDefinition
    var version: Int
    /// Epoch seconds of the newest tick launched or dropped.
    var lastTick: Int64?
    var createdAt: String
    var updatedAt: String

    static let columns = "id, definition_json, version, last_tick, created_at, updated_at"

    /// Throws (naming the column) when the stored row is not what the schema promises.
    init(_ r: StoredRow) throws {
        guard let definition = try r.json(FlowDefinition.self, 1) else {
            throw DriverError(driver: "store", sqlState: .dataException, message: "column definition_json: NULL", kind: .permanent)
        }
        id = try r.require(Int64.self, 0); self.definition = definition; version = try r.require(Int.self, 2)
        lastTick = try r.optional(Int64.self, 3); createdAt = try r.require(String.self, 4); updatedAt = try r.require(String.self, 5)
    }

    var etag: String { "\"\(version)\"" }

    func view(now: Date) -> FlowView {
        let d = definition
        let next = d.state == .enabled ? FlowTicks.next(d.schedule, after: lastTick, now: Int64(now.timeIntervalSince1970)) : nil
        return FlowView(uid: id, name: d.name, description: d.description, dataBundleId: d.bundleId, state: d.state,
                        transformations: d.transformations, scheduleParams: d.schedule, options: d.options, etag: etag,
                        nextRunTime: next, createdAt: createdAt, updatedAt: updatedAt)
    }
}

/// Flows (seed 001): create, read, change, delete.
extension OrchestratorStore {
    func createFlow(_ d: FlowDefinition, now: Date) async throws -> FlowRow {
        let json = try Self.encode(d)
        let now = Timestamp(now).iso
        return try await write { c in
            let id = try c.query("""
                INSERT INTO orch_flow (name, bundle_id, state, definition_json, version, last_tick, created_at, updated_at)
                VALUES ($1, $2, $3, $4, 1, NULL, $5, $5) RETURNING id
                """, [.text(d.name), .int(d.bundleId), .text(d.state.rawValue), .text(json), .text(now)]).single(Int64.self)
            guard let row = try Self.flow(c, id) else { throw RepositoryError.notFound("flow \(id)") }
            return row
        }
    }

    func flow(_ id: Int64) async throws -> FlowRow? {
        try await read { c in try Self.flow(c, id) }
    }

    /// Oldest first; `bundleId` filters.
    func flows(bundleId: Int64?, page: Int, size: Int) async throws -> (rows: [FlowRow], total: Int) {
        try await read { c in
            let filter = bundleId == nil ? "" : " WHERE bundle_id = $3"
            let params: [SQLValue] = [.int(Int64(size)), .int(Int64(page) * Int64(size))] + (bundleId.map { [.int($0)] } ?? [])
            let total = try Self.count(c, "SELECT COUNT(*) FROM orch_flow" + filter.replacingOccurrences(of: "$3", with: "$1"),
                                       bundleId.map { [.int($0)] } ?? [])
            let rows = try c.query("SELECT \(FlowRow.columns) FROM orch_flow\(filter) ORDER BY id LIMIT $1 OFFSET $2", params)
                .stored.map(FlowRow.init)
            return (rows, total)
        }
    }

    /// Replaces the definition when the stored version is still `version` (409 otherwise: changed meanwhile).
    /// A disabled flow that is enabled again does not replay the ticks it slept through.
    func updateFlow(_ id: Int64, version: Int, _ d: FlowDefinition, now: Date) async throws -> FlowRow {
        let json = try Self.encode(d)
        let epoch = Int64(now.timeIntervalSince1970)
        let now = Timestamp(now).iso
        let locks = self.locks
        return try await write { c in
            guard let old = try Self.flow(c, id, lock: locks) else { throw RepositoryError.notFound("flow \(id)") }
            guard old.version == version else {
                throw RepositoryError.conflict("flow \(id) was changed by another request (now at version \(old.version)); read it again")
            }
            var lastTick = old.lastTick
            if old.definition.state == .disabled && d.state == .enabled, old.lastTick != nil,
               let due = FlowTicks.due(d.schedule, after: old.lastTick, now: epoch) {
                lastTick = due.newest
            }
            try c.execute("""
                UPDATE orch_flow SET name = $2, bundle_id = $3, state = $4, definition_json = $5, version = version + 1,
                  last_tick = $6, updated_at = $7
                WHERE id = $1
                """, [.int(id), .text(d.name), .int(d.bundleId), .text(d.state.rawValue), .text(json), .intOrNull(lastTick),
                      .text(now)])
            guard let row = try Self.flow(c, id) else { throw RepositoryError.notFound("flow \(id)") }
            return row
        }
    }

    /// Deletes the flow and its run rows (the job executions stay in the history). 409 while a run is in progress.
    func deleteFlow(_ id: Int64) async throws {
        let locks = self.locks
        try await write { c in
            guard try Self.flow(c, id, lock: locks) != nil else { throw RepositoryError.notFound("flow \(id)") }
            if let running = try Self.runningFlowExecution(c, flowId: id) {
                throw RepositoryError.conflict("flow \(id) has a run in progress (job execution \(running)); stop it first")
            }
            try c.execute("DELETE FROM orch_flow_run WHERE flow_id = $1", [.int(id)])
            try c.execute("DELETE FROM orch_flow WHERE id = $1", [.int(id)])
        }
    }

    // MARK: Building blocks

    static func flow(_ c: any SQLConnection, _ id: Int64, lock: Bool = false) throws -> FlowRow? {
        try c.query("SELECT \(FlowRow.columns) FROM orch_flow WHERE id = $1" + forUpdate(lock), [.int(id)])
            .firstStored.map(FlowRow.init)
    }

    /// The running job execution of one of the flow's runs, if any.
    static func runningFlowExecution(_ c: any SQLConnection, flowId: Int64) throws -> Int64? {
        try c.query("""
            SELECT e.id FROM orch_flow_run r JOIN orch_job_execution e ON e.instance_id = r.job_instance_id
            WHERE r.flow_id = $1 AND e.status IN \(runningStatuses) ORDER BY e.id LIMIT 1
            """, [.int(flowId)]).firstStored.map { try $0.require(Int64.self, 0) }
    }
}
