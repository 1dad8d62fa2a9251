import FerryTestKit
import Foundation
import XCTest

/// Graceful scale-in: SIGTERM makes an executor stop claiming, commit the chunk in flight and hand its step back;
/// another executor resumes it from the target's checkpoint and the target ends exactly equal to the source. The
/// lease is far longer than the test, so only the hand-back (not a lapsed lease) can move the step.
final class ExecutorScaleInTests: XCTestCase {
    func testSIGTERMHandsTheStepBackAndAnotherExecutorCompletesIt() async throws {
        _ = try TestPostgres.requireURL()
        let stack = try Stack(extraEnvironment: ["FERRY_LEASE_SECONDS": "600", "FERRY_EXECUTOR_CHUNK_PAUSE_MS": "15"])
        defer { stack.stopAll() }
        let events = EventsFixture(api: FerryAPI(stack: stack))
        do {
            try await stack.start(["catalog", "orchestrator"])
            try await stack.start(["executor"], extra: ["FERRY_EXECUTOR_ID": "scale-in-a"])
            let first = try XCTUnwrap(stack.processes["executor"])
            let (src, dst, id) = try await events.launch("SCALE_IN", committed: 20_000)
            try stack.launch("executor", extra: ["FERRY_EXECUTOR_ID": "scale-in-b",
                                                 "FERRY_EXECUTOR_PORT": String(try LoopbackPort.free())])

            first.signal(SIGTERM)
            let asked = ContinuousClock.now
            for _ in 0..<300 where first.isRunning { try await Task.sleep(for: .milliseconds(100)) }
            XCTAssertFalse(first.isRunning, "the executor did not exit within 30 s of SIGTERM")
            let atExit = await events.committed(dst.url)
            print("scale-in: executor exited \(ContinuousClock.now - asked) after SIGTERM with \(atExit) rows committed")
            XCTAssertLessThan(atExit, Int64(events.rows), "the step finished before the SIGTERM; the test proves nothing")

            let e = try await events.api.wait(id, seconds: 120)
            try await events.assertExact(e, src, dst)
            XCTAssertEqual(e.steps.first?.executorId, "scale-in-b")
            XCTAssertTrue(stack.tail("executor", lines: 400).contains("handing back 1 running step"), stack.tail("executor"))
        } catch {
            await events.dropDatabases()
            throw error
        }
        await events.dropDatabases()
    }
}
