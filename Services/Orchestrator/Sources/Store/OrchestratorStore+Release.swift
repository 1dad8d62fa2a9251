import Foundation
import FerryModels
import FerrySQL
import FerryTime

extension OrchestratorStore {
    /// Releases every lease `executorId` holds: its steps become claimable at once (a claim takes a running step
    /// whose lease is NULL), or, in an execution that already ended, are stopped by the next sweep. Called by an
    /// executor starting under the same stable id, so whatever the id held belonged to a process that is gone.
    /// Locks only step rows (one statement's worth), so it cannot deadlock with a claim's execution-then-step order.
    func release(executorId: String, now: Date) async throws -> ([Int64], WorkEffects) {
        let nowText = Timestamp(now).iso
        let locks = self.locks
        return try await write { c in
            let ids = try c.query("""
                SELECT id FROM orch_step_execution
                WHERE lease_owner = $1 AND status = \(BatchStatus.started.sql) AND lease_until IS NOT NULL
                ORDER BY id
                """ + (locks ? " FOR UPDATE" : ""), [.text(executorId)]).stored.map { try $0.require(Int64.self, 0) }
            for id in ids {
                try c.execute("UPDATE orch_step_execution SET lease_until = NULL, last_updated = $2 WHERE id = $1",
                              [.int(id), .text(nowText)])
            }
            var effects = WorkEffects()
            effects.activeLeases = try Self.activeLeases(c, now: nowText)
            return (ids, effects)
        }
    }
}
