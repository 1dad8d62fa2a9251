import FerrySQL
import FerryTime
import Foundation
@testable import OrchestratorService
import XCTest

/// Leases are compared as time in SQL, not as text: a lease kept in another ISO-8601 form (an offset, no fraction —
/// rows written by hand or by an older writer) still lapses exactly when its instant passes.
enum LeaseTimeScenarios {
    static func leaseComparedAsTime(_ h: OrchestratorHarness) async throws {
        _ = try await h.launch(42)
        let a = try await unwrap(try await h.claim("exec-a").first)
        let now = Timestamp(h.clock.now())

        // Live for 10 more seconds, written at −03:00: as text it sorts before now's UTC text, as time it is later.
        try await setLease(h, a.stepExecutionId, offsetText(now.adding(seconds: 10), hours: -3))
        try await assertTrue(try await h.claim("exec-b").isEmpty)

        // Lapsed 10 seconds ago, written at +05:00: as text it sorts after now, as time it is over.
        try await setLease(h, a.stepExecutionId, offsetText(now.adding(seconds: -10), hours: 5))
        let b = try await unwrap(try await h.claim("exec-b").first)
        XCTAssertEqual(b.stepExecutionId, a.stepExecutionId)
        XCTAssertEqual(b.leaseEpoch, 2)
    }

    /// `t` as local time at `hours` from UTC with its offset, e.g. `2024-12-06T07:30:00.000-03:00`.
    static func offsetText(_ t: Timestamp, hours: Int) -> String {
        let local = t.adding(seconds: Int64(hours) * 3600).iso.dropLast()   // without the Z
        return local + (hours < 0 ? "-" : "+") + TemporalFormat.pad(abs(hours), 2) + ":00"
    }

    static func setLease(_ h: OrchestratorHarness, _ stepId: Int64, _ text: String) async throws {
        _ = try await h.store.write { c in
            try c.execute("UPDATE orch_step_execution SET lease_until = $2 WHERE id = $1", [.int(stepId), .text(text)])
        }
    }
}
