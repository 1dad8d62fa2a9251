import FerryTestKit
import Foundation
import XCTest

/// `make run`'s supervision (scripts/run.sh): a service killed with SIGKILL mid-step is started again, the job
/// completes with the target exactly equal to the source, and SIGTERM stops the stack cleanly (exit 0) with every
/// process run.sh started gone. The lease is far longer than the test, so a restarted executor can only take its
/// step back because it released the lease its dead process held.
final class RunScriptTests: XCTestCase {
    var run: RunScript!
    var events: EventsFixture!

    override func setUp() async throws {
        _ = try TestPostgres.requireURL()
        run = try RunScript(extraEnvironment: ["FERRY_LEASE_SECONDS": "600", "FERRY_EXECUTOR_CHUNK_PAUSE_MS": "15"])
        try await run.waitRunning()
        events = EventsFixture(api: FerryAPI(stack: run.stack), rows: 300_000)
    }

    override func tearDown() async throws {
        if let run, run.process.isRunning { _ = await run.stop() }
        await events?.dropDatabases()
    }

    func testKilledExecutorIsRestartedAndTheJobCompletesExactly() async throws {
        try await killMidStepThenComplete("executor")
        XCTAssertTrue(run.stack.tail("executor", lines: 400).contains("released the leases its previous process held"),
                      run.stack.tail("executor"))
        try await assertCleanStop()
    }

    func testKilledOrchestratorIsRestartedAndTheJobCompletesExactly() async throws {
        try await killMidStepThenComplete("orchestrator")
        try await assertCleanStop()
    }

    /// Ctrl-C mid-step (SIGINT to run.sh's process group, as a terminal sends it): the services, each in a session
    /// of its own, are stopped by run.sh in order, so the executor hands its step back while the orchestrator still
    /// runs; `make run` again on the same data directory finishes the job exactly.
    func testCtrlCMidStepThenRunAgainCompletesTheJobExactly() async throws {
        let (src, dst, id) = try await events.launch("RUN_CTRL_C", committed: 20_000)
        try await assertCleanStop(ctrlC: true, started: 5)
        let atStop = await events.committed(dst.url)
        XCTAssertLessThan(atStop, Int64(events.rows), "the step finished before Ctrl-C; the test proves nothing")
        XCTAssertTrue(run.stack.tail("executor", lines: 400).contains("handing back 1 running step"), run.stack.tail("executor"))
        XCTAssertTrue(run.stack.tail("orchestrator", lines: 400).contains("/finish 204"), "the hand-back reached the orchestrator")

        run = try RunScript(stack: run.stack)
        try await run.waitRunning()
        let e = try await events.api.wait(id, seconds: 120)
        try await events.assertExact(e, src, dst)
        try await assertCleanStop(started: 5)
    }

    /// Launches the copy, SIGKILLs `service` once rows are committed, waits for run.sh to start it again and the job
    /// to complete exactly.
    private func killMidStepThenComplete(_ service: String, file: StaticString = #filePath, line: UInt = #line) async throws {
        let (src, dst, id) = try await events.launch("RUN_KILL_\(service.uppercased())", committed: 20_000)
        let old = try XCTUnwrap(run.pid(service), file: file, line: line)
        kill(old, SIGKILL)
        let atKill = await events.committed(dst.url)
        XCTAssertLessThan(atKill, Int64(events.rows), "the step finished before the kill; the test proves nothing",
                          file: file, line: line)
        _ = try await run.waitRestarted(service, service: service, after: old)
        let e = try await events.api.wait(id, seconds: 120, file: file, line: line)
        try await events.assertExact(e, src, dst, file: file, line: line)
        XCTAssertTrue(run.output.contains("ferry-\(service) (pid \(old)) killed by SIGKILL"), run.output, file: file, line: line)
    }

    /// `started`: the service processes this run.sh started (five, plus one per restart).
    private func assertCleanStop(ctrlC: Bool = false, started: Int = 6, file: StaticString = #filePath,
                                 line: UInt = #line) async throws {
        let status = await run.stop(ctrlC: ctrlC)
        XCTAssertEqual(status, 0, run.output, file: file, line: line)
        XCTAssertTrue(run.output.contains("stopped."), run.output, file: file, line: line)
        XCTAssertEqual(run.survivors, [], "processes run.sh started outlived it", file: file, line: line)
        XCTAssertEqual(run.seen.count, started, "five services, plus one per restart", file: file, line: line)
    }
}
