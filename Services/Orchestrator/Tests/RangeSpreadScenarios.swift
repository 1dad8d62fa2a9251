import FerryModels
import Foundation
@testable import OrchestratorService
import XCTest

/// The key ranges of a split table spread over the executors that ask: one range of a table per claim, however
/// many slots the claim offers, while unsplit tables still fill the slots; every range is handed out once.
enum RangeSpreadScenarios {
    static let bundleId: Int64 = 47

    static func oneRangePerClaim(_ h: OrchestratorHarness) async throws {
        let bound = { (n: Int) in [TaggedValue(tag: "int", text: String(n))] }
        var split = Fixtures.pair(4701, "EVENTS", 1)
        split.partitionRanges = [PartitionRange(lower: nil, upper: bound(100)), PartitionRange(lower: bound(100), upper: bound(200)),
                                 PartitionRange(lower: bound(200), upper: nil)]
        h.specs[bundleId] = Fixtures.bundle(bundleId, "CO_APP_SPLIT", [split, Fixtures.pair(4702, "USERS", 1)])
        let job = try await h.launch(bundleId)

        let (a, first) = try await claimInStore(h, "exec-a")
        XCTAssertEqual(a.map(\.stepName), ["STEP-EVENTS", "STEP-USERS"], "one range of EVENTS, and the unsplit USERS")
        XCTAssertTrue(first.claimableLeft, "two ranges of EVENTS remain: the waiting executors are woken")
        let b = try await h.claim("exec-b", slots: 4)
        XCTAssertEqual(b.map(\.stepName), ["STEP-EVENTS"], "another range goes to the next executor asking")
        let (again, last) = try await claimInStore(h, "exec-a")
        XCTAssertEqual(again.map(\.stepName), ["STEP-EVENTS"])
        XCTAssertFalse(last.claimableLeft, "the table's last range wakes no one")
        XCTAssertEqual(Set((a + b + again).filter { $0.pair.pairId == 4701 }.map(\.partition)), [0, 1, 2])
        try await assertTrue(try await h.claim("exec-b", slots: 4).isEmpty, "every range handed out once")
        let e = try await h.execution(job.uid)
        XCTAssertEqual(e.status, .started)
    }

    /// Executors asking at once share a split table's ranges: one that keeps asking holds at most its share (ranges
    /// divided by the executors asking) while another asks too, instead of taking all it has slots for.
    static func sharedAmongClaimants(_ h: OrchestratorHarness) async throws {
        let bound = { (n: Int) in [TaggedValue(tag: "int", text: String(n))] }
        var split = Fixtures.pair(4711, "CLICKS", 1)
        split.partitionRanges = [PartitionRange(lower: nil, upper: bound(100)), PartitionRange(lower: bound(100), upper: bound(200)),
                                 PartitionRange(lower: bound(200), upper: bound(300)), PartitionRange(lower: bound(300), upper: nil)]
        h.specs[bundleId + 1] = Fixtures.bundle(bundleId + 1, "CO_APP_SHARED", [split])
        _ = try await h.launch(bundleId + 1)

        let a1 = try await h.claim("exec-a", slots: 4)
        let b1 = try await h.claim("exec-b", slots: 4)
        let a2 = try await h.claim("exec-a", slots: 4)
        XCTAssertEqual([a1.count, b1.count, a2.count], [1, 1, 1], "one range per claim")
        let a3 = try await h.claim("exec-a", slots: 4)
        XCTAssertTrue(a3.isEmpty, "exec-a holds its share (2 of 4) while exec-b asks too")
        let b2 = try await h.claim("exec-b", slots: 4)
        XCTAssertEqual(b2.count, 1, "the rest goes to exec-b")
        XCTAssertEqual(Set((a1 + b1 + a2 + b2).map(\.partition)), [0, 1, 2, 3], "every range handed out once")
    }

    /// A claim straight on the store, whose effects say whether it would wake the waiting executors.
    private static func claimInStore(_ h: OrchestratorHarness, _ executor: String) async throws -> ([WorkItem], WorkEffects) {
        try await h.store.claim(executorId: executor, slots: 4, now: h.clock.now(), leaseSeconds: 30)
    }
}
