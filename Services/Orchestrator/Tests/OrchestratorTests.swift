import FerryTestKit
import XCTest

/// Every scenario on the default store (SQLite file).
final class OrchestratorSQLiteTests: XCTestCase {
    let backend = Backend.sqlite

    func testLaunch() async throws { try await withHarness(backend, LaunchScenarios.launch) }
    func testLaunchValidation() async throws { try await withHarness(backend, LaunchScenarios.launchValidation) }
    func testCatalogUnreachable() async throws {
        try await withHarness(backend, catalogURL: "http://127.0.0.1:9", LaunchScenarios.catalogUnreachable)
    }
    func testStop() async throws { try await withHarness(backend, LaunchScenarios.stop) }
    func testBadIds() async throws { try await withHarness(backend, LaunchScenarios.badIds) }
    func testClaimOrderAndCompletion() async throws { try await withHarness(backend, WorkScenarios.claimOrderAndCompletion) }
    func testBeatRenewsAndStops() async throws { try await withHarness(backend, WorkScenarios.beatRenewsAndStops) }
    func testFailedFinish() async throws { try await withHarness(backend, WorkScenarios.failedFinish) }
    func testLeaseExpiry() async throws { try await withHarness(backend, WorkScenarios.leaseExpiry) }
    func testLeaseComparedAsTime() async throws { try await withHarness(backend, LeaseTimeScenarios.leaseComparedAsTime) }
    func testBadBodies() async throws { try await withHarness(backend, WorkScenarios.badBodies) }
    func testLongPollClaim() async throws { try await withHarness(backend, WorkScenarios.longPollClaim) }
    func testConcurrentClaims() async throws { try await withHarness(backend, WorkScenarios.concurrentClaims) }
    func testBigBundleClaims() async throws { try await withHarness(backend, BigBundleClaimScenarios.bigBundle) }
    func testRangesSpreadOverExecutors() async throws { try await withHarness(backend, RangeSpreadScenarios.oneRangePerClaim) }
    func testRangesSharedAmongClaimants() async throws { try await withHarness(backend, RangeSpreadScenarios.sharedAmongClaimants) }
    func testReleaseOnRestart() async throws { try await withHarness(backend, ReleaseScenarios.releaseOnRestart) }
    func testReleaseValidation() async throws { try await withHarness(backend, ReleaseScenarios.releaseValidation) }
    func testRestartFailed() async throws { try await withHarness(backend, RestartScenarios.restartFailed) }
    func testRestartEdges() async throws { try await withHarness(backend, RestartScenarios.restartEdges) }
    func testHistory() async throws { try await withHarness(backend, RestartScenarios.history) }
    func testBatchNumbering() async throws { try await withHarness(backend, BatchNumberingScenarios.numbering) }
    func testManifestStep() async throws { try await withHarness(backend, ManifestScenarios.manifestStep) }
    func testFlowScheduleRules() async throws { try await withHarness(backend, FlowScenarios.scheduleRules) }
    func testFlowBodyValidation() async throws { try await withHarness(backend, FlowScenarios.bodyValidation) }
    func testFlowChangeAndDelete() async throws { try await withHarness(backend, FlowScenarios.changeAndDelete) }
    func testFlowTicks() async throws { try await withHarness(backend, SchedulerScenarios.ticksAtTheRightTimes) }
    func testFlowCatchUp() async throws { try await withHarness(backend, SchedulerScenarios.catchUpAfterDowntime) }
    func testFlowWindows() async throws { try await withHarness(backend, SchedulerScenarios.windowsAndWatermarks) }
}

/// The same scenarios on PostgreSQL (FERRY_TEST_PG_URL; a fresh database per test, dropped after).
/// Skipped when the variable is unset, unless FERRY_REQUIRE_ALL=1.
final class OrchestratorPostgresTests: XCTestCase {
    let backend = Backend.postgres

    override func setUp() async throws { _ = try TestPostgres.requireURL() }

    func testLaunch() async throws { try await withHarness(backend, LaunchScenarios.launch) }
    func testLaunchValidation() async throws { try await withHarness(backend, LaunchScenarios.launchValidation) }
    func testCatalogUnreachable() async throws {
        try await withHarness(backend, catalogURL: "http://127.0.0.1:9", LaunchScenarios.catalogUnreachable)
    }
    func testStop() async throws { try await withHarness(backend, LaunchScenarios.stop) }
    func testBadIds() async throws { try await withHarness(backend, LaunchScenarios.badIds) }
    func testClaimOrderAndCompletion() async throws { try await withHarness(backend, WorkScenarios.claimOrderAndCompletion) }
    func testBeatRenewsAndStops() async throws { try await withHarness(backend, WorkScenarios.beatRenewsAndStops) }
    func testFailedFinish() async throws { try await withHarness(backend, WorkScenarios.failedFinish) }
    func testLeaseExpiry() async throws { try await withHarness(backend, WorkScenarios.leaseExpiry) }
    func testLeaseComparedAsTime() async throws { try await withHarness(backend, LeaseTimeScenarios.leaseComparedAsTime) }
    func testBadBodies() async throws { try await withHarness(backend, WorkScenarios.badBodies) }
    func testLongPollClaim() async throws { try await withHarness(backend, WorkScenarios.longPollClaim) }
    func testConcurrentClaims() async throws { try await withHarness(backend, WorkScenarios.concurrentClaims) }
    func testBigBundleClaims() async throws { try await withHarness(backend, BigBundleClaimScenarios.bigBundle) }
    func testRangesSpreadOverExecutors() async throws { try await withHarness(backend, RangeSpreadScenarios.oneRangePerClaim) }
    func testRangesSharedAmongClaimants() async throws { try await withHarness(backend, RangeSpreadScenarios.sharedAmongClaimants) }
    func testReleaseOnRestart() async throws { try await withHarness(backend, ReleaseScenarios.releaseOnRestart) }
    func testReleaseValidation() async throws { try await withHarness(backend, ReleaseScenarios.releaseValidation) }
    func testRestartFailed() async throws { try await withHarness(backend, RestartScenarios.restartFailed) }
    func testRestartEdges() async throws { try await withHarness(backend, RestartScenarios.restartEdges) }
    func testHistory() async throws { try await withHarness(backend, RestartScenarios.history) }
    func testBatchNumbering() async throws { try await withHarness(backend, BatchNumberingScenarios.numbering) }
    func testManifestStep() async throws { try await withHarness(backend, ManifestScenarios.manifestStep) }
    func testFlowScheduleRules() async throws { try await withHarness(backend, FlowScenarios.scheduleRules) }
    func testFlowBodyValidation() async throws { try await withHarness(backend, FlowScenarios.bodyValidation) }
    func testFlowChangeAndDelete() async throws { try await withHarness(backend, FlowScenarios.changeAndDelete) }
    func testFlowTicks() async throws { try await withHarness(backend, SchedulerScenarios.ticksAtTheRightTimes) }
    func testFlowCatchUp() async throws { try await withHarness(backend, SchedulerScenarios.catchUpAfterDowntime) }
    func testFlowWindows() async throws { try await withHarness(backend, SchedulerScenarios.windowsAndWatermarks) }
    func testFlowTwoOrchestrators() async throws { try await withHarness(backend, SchedulerScenarios.twoOrchestrators) }
}
