import FerryHTTPClient
import FerryTestKit
import Foundation
import XCTest

/// scripts/run.sh without a workload: FERRY_EXECUTORS=N, a service that cannot start (backoff, not a spin, and the
/// reason printed), and its input checks.
final class RunScriptSupervisionTests: XCTestCase {
    struct Status: Decodable { let executorId: String }

    /// N executors, each on its own port with a stable id; SIGTERM stops all of them.
    func testExecutorsGetTheirOwnPortsAndStableIds() async throws {
        let run = try RunScript(extraEnvironment: ["FERRY_EXECUTORS": "2", "FERRY_EXECUTOR_ID": "multi"])
        try await run.waitRunning()
        let others = ["catalog", "orchestrator", "reporting", "gateway"].compactMap { run.stack.ports[$0] }
        var port = run.stack.ports["executor"]!
        var ids: [String] = []
        for n in 1...2 {
            while others.contains(port) { port += 1 }   // run.sh skips the other services' ports
            XCTAssertNotNil(run.pid("executor-\(n)"))
            let client = HTTPClient(baseURL: "http://127.0.0.1:\(port)", headers: ["X-Ferry-Internal-Token": TestConfig.internalToken])
            ids.append(try await client.get("/internal/status", as: Status.self).executorId)
            port += 1
        }
        XCTAssertEqual(ids, ["multi-1", "multi-2"])
        let status = await run.stop()
        XCTAssertEqual(status, 0, run.output)
        XCTAssertEqual(run.survivors, [], run.output)
    }

    /// An orchestrator that exits at start (here a bad setting) is restarted after 1, 2, 4 s …, each exit one line
    /// with its status and the log's last line; a stop while it waits to restart is still clean.
    func testCrashLoopAtStartUpBacksOffAndSaysWhy() async throws {
        let run = try RunScript(extraEnvironment: ["FERRY_LEASE_SECONDS": "0"])
        try await run.waitOutput("restarting in 4 s")
        let out = run.output
        let exits = out.split(separator: "\n").filter { $0.contains("make run: ferry-orchestrator (pid") }
        XCTAssertEqual(exits.count, 3, out)
        XCTAssertTrue(exits.allSatisfy { $0.contains("exited with status 1") && $0.contains("FERRY_LEASE_SECONDS") }, out)
        XCTAssertEqual(exits.map { $0.contains("restarting in 1 s") }, [true, false, false], out)
        XCTAssertTrue(exits[1].contains("restarting in 2 s"), out)
        let log = (try? String(contentsOfFile: run.stack.logDir + "/orchestrator.log", encoding: .utf8)) ?? ""
        XCTAssertEqual(log.components(separatedBy: "ferry-orchestrator starting").count - 1, 3, "one start per exit, no spin")
        XCTAssertFalse(out.contains("Ferry is running"))
        let status = await run.stop()
        XCTAssertEqual(status, 0, run.output)
        XCTAssertEqual(run.survivors, [], run.output)
    }

    /// A second run.sh on a data directory in use is refused; run.sh killed with SIGKILL leaves its services running
    /// (each in a session of its own), and the next run on the same data directory stops them before it starts.
    func testTheNextRunStopsWhatAKilledRunLeftBehind() async throws {
        let first = try RunScript()
        try await first.waitRunning()
        let second = try RunScript(stack: first.stack)
        XCTAssertEqual(second.process.wait(), 1, second.output)
        XCTAssertTrue(second.output.contains("another 'make run' (pid \(first.process.pid)) uses"), second.output)
        XCTAssertNotNil(first.pid("catalog"), "the refused run left the running one's pid files alone")

        first.process.signal(SIGKILL)
        _ = first.process.wait()
        XCTAssertEqual(first.survivors.count, 5, "a run.sh killed with SIGKILL cannot stop its services")
        let third = try RunScript(stack: first.stack)
        try await third.waitRunning()
        XCTAssertTrue(third.output.contains("was killed and left services running"), third.output)
        XCTAssertEqual(first.survivors, [], third.output)
        let status = await third.stop()
        XCTAssertEqual(status, 0, third.output)
        XCTAssertEqual(third.survivors, [], third.output)
    }

    /// FERRY_EXECUTORS outside 1–64 (or not a number) stops run.sh before it starts anything, naming the variable.
    func testExecutorCountIsValidated() async throws {
        for bad in ["0", "65", "two", "-1"] {
            let run = try RunScript(extraEnvironment: ["FERRY_EXECUTORS": bad])
            let status = run.process.wait()
            XCTAssertEqual(status, 1, run.output)
            XCTAssertTrue(run.output.contains("FERRY_EXECUTORS must be a number of executors from 1 to 64, got '\(bad)'"), run.output)
            XCTAssertFalse(FileManager.default.fileExists(atPath: run.stack.dataDir + "/run/catalog.pid"))
        }
    }
}
