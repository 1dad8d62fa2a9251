import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// Active-active claims (SPEC §3c), every process real: 4 executors behind 2 orchestrators on one PostgreSQL store.
/// Each step is claimed exactly once — each claim takes the next lease epoch of its item, so an epoch above 1 in the
/// store would be a second claim, and the executors' logs name each step they claimed once in all — and every
/// target row is written once.
final class ReplicaClaimTests: XCTestCase {
    /// 2 jobs of 100 one-row tables at once.
    func testFourExecutorsBehindTwoOrchestratorsRunEachStepOnce() async throws {
        try await ReplicaCluster.with(environment: ["FERRY_LEASE_SECONDS": "60"]) { cluster in
            try await runAll(cluster, ReplicaWorkload(cluster, jobs: 2, pairs: 100, sources: 100), tag: "RUN")
        }
    }

    /// Thousands of claims, none twice: jobs of 1,000 pairs at once, from 10 small source tables into a distinct
    /// target table per pair: 10 jobs, 10,000 claims (a few minutes on 2 cores: each claim is a real step);
    /// `FERRY_REPLICA_CLAIM_JOBS=3` runs fewer while iterating.
    func testThousandsOfClaimsNoneTwice() async throws {
        try await ReplicaCluster.with(environment: ["FERRY_LEASE_SECONDS": "60"]) { cluster in
            try await runAll(cluster, ReplicaWorkload(cluster, jobs: try Self.manyJobs(), pairs: 1_000, sources: 10), tag: "MANY")
        }
    }

    static func manyJobs() throws -> Int {
        guard let text = ProcessInfo.processInfo.environment["FERRY_REPLICA_CLAIM_JOBS"] else { return 10 }
        return try XCTUnwrap(Int(text).flatMap { (1...20).contains($0) ? $0 : nil }, "FERRY_REPLICA_CLAIM_JOBS: 1 to 20, got \(text)")
    }

    private func runAll(_ cluster: ReplicaCluster, _ work: ReplicaWorkload, tag: String) async throws {
        let started = ContinuousClock.now
        let ids = try await work.launch(cluster, tag: tag)
        let launched = ContinuousClock.now
        let ended = try await cluster.waitAllEnded(seconds: 600)
        let ran = ContinuousClock.now
        XCTAssertEqual(ended.count, work.jobs)
        for id in ids { XCTAssertEqual(ended[id], "COMPLETED", "job execution \(id)") }

        let tally = try await cluster.stepTally()
        XCTAssertEqual(tally.steps, work.steps)
        XCTAssertEqual(tally.completed, work.steps)
        XCTAssertEqual(tally.once, work.steps, "some step was claimed more than once")
        XCTAssertEqual(tally.claims, work.steps)
        XCTAssertGreaterThan(tally.owners, 1, "one executor did all the work")

        let claimed = cluster.claimsLogged()
        XCTAssertEqual(claimed.count, work.steps, "steps named by the executors' claim lines")
        XCTAssertEqual(claimed.values.filter { $0 > 1 }.count, 0, "steps claimed twice")
        try work.assertTargetsExact()

        let (setup, run) = ((launched - started) / .seconds(1), (ran - launched) / .seconds(1))
        print("replica claims: \(tally.claims) claims of \(work.steps) steps by \(tally.owners) executors, none twice; "
              + String(format: "setup %.0f s, run %.0f s (%.0f claims/s)", setup, run, Double(tally.claims) / max(run, 0.001)))
    }
}
