import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// Replicas under faults (SPEC §3c), every process real: 2 orchestrators and 4 executors on one PostgreSQL store
/// copy the fault tests' 200,000-row `events` table (insert mode into a keyed table, chunks of 1000; a replayed row
/// would fail the step), and the job ends COMPLETED with the target's fingerprint equal to the source's after
/// - `kill -9` of the executor holding the step, then `kill -9` of the orchestrator its successor reports to: the
///   lapsed leases are re-queued by whichever orchestrator sees them, and the dead orchestrator loses nothing;
/// - `kill -9` of an executor in the middle of one of the table's 4 key-range partitions: its range resumes on
///   another executor from the range's checkpoint;
/// - `kill -STOP` of the executor holding the step (and of its orchestrator, so no heartbeat can tell it anything)
///   until another executor has taken the step over, then `kill -CONT` of the executor: its next commit is refused
///   in the target (fenced) and rolled back.
final class ReplicaFaultTests: XCTestCase {
    var cluster: ReplicaCluster!
    var events: EventsFixture!

    override func setUp() async throws {
        cluster = try await ReplicaCluster(environment: ["FERRY_LEASE_SECONDS": "3", "FERRY_EXECUTOR_CHUNK_PAUSE_MS": "25",
                                                         "FERRY_EXECUTOR_MAX_RETRIES": "1"])
        try await cluster.start()
        events = EventsFixture(api: cluster.api(via: 1))
    }

    override func tearDown() async throws {
        await cluster?.stop()
        await events?.dropDatabases()
    }

    /// The orchestrator other than `i`.
    private func other(_ i: Int) -> Int { i == 1 ? 2 : 1 }

    func testKilledExecutorThenKilledOrchestratorTheJobCompletesExactly() async throws {
        let (src, dst, id) = try await events.launch("REPLICA_KILL", committed: 20_000)
        let owner = try await cluster.owner(of: id, via: 1)
        let first = try XCTUnwrap(owner)
        cluster.stack.kill(cluster.executorName(first))
        let atExecutorKill = await events.committed(dst.url)
        XCTAssertLessThan(atExecutorKill, Int64(events.rows), "the step finished before the kill; the test proves nothing")

        let second = try await cluster.waitTakeover(of: id, from: first, via: 1)
        try await events.waitCommitted(dst.url, atLeast: atExecutorKill + 5_000)
        let dead = cluster.orchestratorOf(executor: second)
        cluster.stack.kill(cluster.orchestratorName(dead))
        let atOrchestratorKill = await events.committed(dst.url)
        XCTAssertLessThan(atOrchestratorKill, Int64(events.rows), "the step finished before the orchestrator's kill")

        // The successor's heartbeats now fail; its lease lapses and the surviving orchestrator hands the step on.
        let survivor = other(dead)
        let e = try await cluster.api(via: survivor).wait(id, seconds: 120)
        try await events.assertExact(e, src, dst)
        let last = try XCTUnwrap(cluster.executorIndex(ofId: e.steps.first?.executorId))
        XCTAssertEqual(cluster.orchestratorOf(executor: last), survivor, "the step was finished through the dead orchestrator")
        print("replica faults: executor \(first) killed at \(atExecutorKill) rows, executor \(second)'s orchestrator \(dead) killed at \(atOrchestratorKill) rows, finished by executor \(last)")
    }

    func testKilledExecutorMidPartitionTheJobCompletesExactly() async throws {
        let (src, dst, id) = try await events.launch("REPLICA_PART_KILL", options: #""chunkSize": 1000, "partitions": 4"#,
                                                     committed: 20_000)
        // A partition running now, and its executor: the kill's victim.
        let running = try await TestPostgres.run(url: cluster.store.url) { c in
            try c.query("""
                SELECT partition_no, lease_owner FROM orch_step_execution WHERE status = 'STARTED' AND lease_owner IS NOT NULL
                ORDER BY partition_no LIMIT 1
                """).rows.first.map { ($0.int(0) ?? -1, $0.string(1)) }
        }
        let (partition, ownerId) = try XCTUnwrap(running, "no partition was running")
        let victim = try XCTUnwrap(cluster.executorIndex(ofId: ownerId))
        cluster.stack.kill(cluster.executorName(victim))
        // What the kill interrupted, from the target's checkpoint of that range: rows written, the range not done.
        let atKill = try await TestPostgres.run(url: dst.url) { c in
            try c.query("SELECT write_count, done FROM ferry.ferry_checkpoint WHERE part = $1", [.int(Int64(partition))])
                .rows.first.map { ($0.int64(0) ?? 0, $0.int(1) ?? -1) }
        }
        let (written, done) = try XCTUnwrap(atKill, "partition \(partition) has no checkpoint")
        XCTAssertGreaterThan(written, 0, "the killed executor had written none of partition \(partition)")
        XCTAssertEqual(done, 0, "partition \(partition) was complete at the kill; the test proves nothing")

        let e = try await cluster.api(via: 1).wait(id, seconds: 120)
        try await events.assertExact(e, src, dst)
        let parts: StepPartitionsView = try await cluster.api(via: 1).orchestrator.get("/internal/executions/\(id)/steps/STEP-EVENTS/partitions")
        XCTAssertEqual(parts.partitions.map(\.status), Array(repeating: .completed, count: 4))
        let resumed = try XCTUnwrap(parts.partitions.first { $0.partition == partition })
        XCTAssertEqual(resumed.claims, 2, "the killed range was claimed again, once")
        XCTAssertNotEqual(cluster.executorIndex(ofId: resumed.executorId), victim)
        let duplicates = try await TestPostgres.run(url: dst.url) { c in
            try c.query("SELECT count(*) - count(DISTINCT id) FROM events").rows[0].int64(0) ?? -1
        }
        XCTAssertEqual(duplicates, 0, "duplicate keys in the target")
        print("replica partition kill: executor \(victim) killed in partition \(partition) at \(written) of its rows; finished by another")
    }

    func testPausedExecutorsNextCommitIsRefusedInTheTarget() async throws {
        let (src, dst, id) = try await events.launch("REPLICA_FENCE", committed: 20_000)
        let owner = try await cluster.owner(of: id, via: 1)
        let paused = try XCTUnwrap(owner)
        let cutOff = cluster.orchestratorOf(executor: paused)
        let executor = try cluster.process(cluster.executorName(paused))
        let orchestrator = try cluster.process(cluster.orchestratorName(cutOff))
        executor.signal(SIGSTOP)
        orchestrator.signal(SIGSTOP)   // the paused executor's only orchestrator: no heartbeat answer can warn it
        let atPause = await events.committed(dst.url)
        XCTAssertLessThan(atPause, Int64(events.rows), "the step finished before the pause; the test proves nothing")

        let successor = try await cluster.waitTakeover(of: id, from: paused, via: other(cutOff))
        try await Task.sleep(for: .seconds(1))   // the successor fences the checkpoint row as it resumes
        executor.signal(SIGCONT)
        var refused: Int64 = 0
        for _ in 0..<100 where refused == 0 {
            try await Task.sleep(for: .milliseconds(200))
            refused = await cluster.metric("ferry_executor_fenced_commits_total", port: cluster.executorPorts[paused - 1]) ?? 0
        }
        let log = cluster.stack.log(of: cluster.executorName(paused))
        XCTAssertEqual(refused, 1, "the woken executor's commit was not refused in the target\n" + String(log.suffix(3000)))
        XCTAssertTrue(log.contains("fenced: lease lost"), String(log.suffix(3000)))
        XCTAssertFalse(log.contains("lease on step"), "a heartbeat, not the target, told the executor")
        orchestrator.signal(SIGCONT)

        let e = try await cluster.api(via: other(cutOff)).wait(id, seconds: 120)
        try await events.assertExact(e, src, dst)
        print("replica fencing: executor \(paused) paused at \(atPause) rows, executor \(successor) took over, the woken executor's commit was refused in the target")
    }
}
