import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// Issue "Job engine", fault tests: a killed executor's step is finished by another; a target that
/// goes down fails the job, and a restart finishes it; bad rows are skipped and counted; stop and
/// restart. Every time the target ends exactly equal to the source: no missing, no duplicate rows
/// (load mode `insert` into a keyed table, so a replayed row would be rejected and fail the step).
final class EngineFaultTests: StackTestCase {
    var events: EventsFixture!

    /// The reporting service and the gateway too: RF06 is read as a user reads it around a stop and a restart.
    override class var services: [String] { ["catalog", "orchestrator", "executor", "reporting", "gateway"] }

    override class var environment: [String: String] {
        ["FERRY_LEASE_SECONDS": "3", "FERRY_EXECUTOR_CHUNK_PAUSE_MS": "15", "FERRY_EXECUTOR_MAX_RETRIES": "1"]
    }

    static let rows = 200_000

    override func setUp() async throws {
        try await super.setUp()
        events = EventsFixture(api: api, rows: Self.rows)
    }

    override func tearDown() async throws {
        stack?.stopAll()
        await events?.dropDatabases()
        try await super.tearDown()
    }

    private func launchedRun(_ name: String, targetBase: String? = nil, committed atLeast: Int64) async throws
        -> (src: EventsFixture.Source, dst: EventsFixture.Target, id: Int64) {
        try await events.launch(name, targetBase: targetBase, committed: atLeast)
    }

    private func committed(_ url: String) async -> Int64 { await events.committed(url) }

    private func fingerprint(_ url: String) async throws -> String { try await events.fingerprint(url) }

    func testKilledExecutorIsResumedByAnother() async throws {
        let (src, dst, id) = try await launchedRun("KILL", committed: 20_000)
        stack.kill("executor")
        let atKill = await committed(dst.url)
        XCTAssertLessThan(atKill, Int64(Self.rows), "the step finished before the kill; the test proves nothing")
        try stack.launch("executor")             // a second executor takes the expired lease
        let e = try await api.wait(id)
        XCTAssertEqual(e.status, .completed, e.exitMessage)
        let s = try XCTUnwrap(e.steps.first)
        XCTAssertEqual(s.counts.readCount, Int64(Self.rows))
        XCTAssertEqual(s.counts.writeCount, Int64(Self.rows))
        XCTAssertEqual(s.counts.writeSkipCount, 0)
        XCTAssertEqual(s.counts.commitCount, Int64(Self.rows / 1000 + 1))
        let fp = try await fingerprint(dst.url)
        XCTAssertEqual(fp, src.fingerprint)
    }

    /// Fencing: an executor paused (SIGSTOP) mid-step until its lease is taken over, then woken (SIGCONT), cannot
    /// commit again — its next checkpoint write carries an older lease epoch and is refused in the target, with its
    /// chunk rolled back — and the target still ends exactly equal to the source.
    func testPausedExecutorIsFencedOnceItsLeaseIsTakenOver() async throws {
        let (src, dst, id) = try await launchedRun("FENCE", committed: 20_000)
        let paused = try XCTUnwrap(stack.processes["executor"])
        let owner = try await api.execution(id).steps.first?.executorId
        paused.signal(SIGSTOP)
        let atPause = await committed(dst.url)
        XCTAssertLessThan(atPause, Int64(Self.rows), "the step finished before the pause; the test proves nothing")
        try stack.launch("executor", as: "executor-b", extra: ["FERRY_EXECUTOR_PORT": String(try LoopbackPort.free())])
        // The second executor claims the step once the paused one's lease (3 s) lapses.
        var takenOver = false
        for _ in 0..<150 where !takenOver {
            try await Task.sleep(for: .milliseconds(200))
            takenOver = try await api.execution(id).steps.first.map { $0.executorId != owner && $0.executorId != nil } ?? false
        }
        XCTAssertTrue(takenOver, "the lease was not taken over\n" + stack.tail("executor"))
        try await Task.sleep(for: .seconds(1))
        paused.signal(SIGCONT)
        let e = try await api.wait(id)
        XCTAssertEqual(e.status, .completed, e.exitMessage)
        let s = try XCTUnwrap(e.steps.first)
        XCTAssertEqual(s.counts.writeCount, Int64(Self.rows))
        XCTAssertEqual(s.counts.writeSkipCount, 0)
        let fp = try await fingerprint(dst.url)
        XCTAssertEqual(fp, src.fingerprint)
        // The woken executor gave the step up: refused in the target ("fenced") or told by its heartbeat first.
        var gaveUp = false
        for _ in 0..<50 where !gaveUp {
            let log = stack.tail("executor", lines: 400)
            gaveUp = log.contains("fenced: lease lost") || log.contains("lease on step")
            if !gaveUp { try await Task.sleep(for: .milliseconds(200)) }
        }
        XCTAssertTrue(gaveUp, stack.tail("executor"))
        let fenced = stack.tail("executor", lines: 400).contains("fenced: lease lost")
        print("fencing: the woken executor was " + (fenced ? "refused by the target's checkpoint (fenced)" : "told by its heartbeat before its next commit"))
    }

    /// The orchestrator killed in the middle of a step and started again: the executor keeps moving rows (its
    /// heartbeats and its finish report retry), and the job completes exactly.
    func testKilledOrchestratorComesBackAndTheJobCompletes() async throws {
        let (src, dst, id) = try await launchedRun("ORCH_KILL", committed: 20_000)
        stack.kill("orchestrator")
        let atKill = await committed(dst.url)
        XCTAssertLessThan(atKill, Int64(Self.rows), "the step finished before the kill; the test proves nothing")
        try await stack.start(["orchestrator"])   // same port, same store
        let e = try await api.wait(id)
        XCTAssertEqual(e.status, .completed, e.exitMessage)
        let s = try XCTUnwrap(e.steps.first)
        XCTAssertEqual(s.counts.writeCount, Int64(Self.rows))
        XCTAssertEqual(s.counts.writeSkipCount, 0)
        let fp = try await fingerprint(dst.url)
        XCTAssertEqual(fp, src.fingerprint)
    }

    func testTargetDownFailsThenRestartCompletes() async throws {
        let cluster = try TestCluster.start()
        defer { cluster.destroy() }
        let (src, dst, id) = try await launchedRun("DOWN", targetBase: cluster.url, committed: 10_000)
        try cluster.stop()
        let failed = try await api.wait(id)
        XCTAssertEqual(failed.status, .failed)
        XCTAssertTrue(failed.exitMessage.contains("STEP-EVENTS"), failed.exitMessage)
        XCTAssertFalse(failed.exitMessage.isEmpty)
        XCTAssertNotNil(failed.exceptionDetails)
        try cluster.start()
        let restarted = try await api.create(api.orchestrator, "/v1/batch/job/\(id)/restart", "")
        let e = try await api.wait(restarted)
        XCTAssertEqual(e.status, .completed, e.exitMessage)
        XCTAssertEqual(e.rerunNumber, 1)
        XCTAssertEqual(e.steps.first?.counts.writeSkipCount, 0)
        let fp = try await fingerprint(dst.url)
        XCTAssertEqual(fp, src.fingerprint)
    }

    func testStopThenRestart() async throws {
        let (src, dst, id) = try await launchedRun("STOP", committed: 5_000)
        // RF06 while it runs, then after each change: the reporting service keeps settled executions in memory and
        // must never answer an earlier state (running, stopping) once the job has moved on.
        let running = try await api.rf06(id)
        XCTAssertEqual(running["batchStatus"] as? String, "STARTED", "\(running)")
        let (status, obj) = try await api.post(api.orchestrator, "/v1/batch/job/\(id)/stop", "")
        XCTAssertEqual(status, 200, "\(obj)")
        let stopping = try await api.rf06(id)
        XCTAssertTrue(["STOPPING", "STOPPED"].contains(stopping["batchStatus"] as? String), "\(stopping)")
        let stopped = try await api.wait(id)
        XCTAssertEqual(stopped.status, .stopped, stopped.exitMessage)
        try await assertRF06(id, equals: stopped)
        let partial = await committed(dst.url)
        XCTAssertLessThan(partial, Int64(Self.rows))
        let restarted = try await api.create(api.orchestrator, "/v1/batch/job/\(id)/restart", "")
        let e = try await api.wait(restarted)
        XCTAssertEqual(e.status, .completed, e.exitMessage)
        XCTAssertEqual((e.steps.first?.counts.writeCount ?? 0) + partial, Int64(Self.rows), "restart counts only its own rows")
        // The restart is a new execution; the stopped one reads as before, twice (the second from memory).
        try await assertRF06(restarted, equals: e)
        try await assertRF06(id, equals: try await api.execution(id))
        try await assertRF06(id, equals: try await api.execution(id))
        let fp = try await fingerprint(dst.url)
        XCTAssertEqual(fp, src.fingerprint)
    }

    /// RF06 through the gateway says what the orchestrator's record says: status, and each step's status and counts.
    private func assertRF06(_ id: Int64, equals record: JobExecutionRecord, file: StaticString = #filePath, line: UInt = #line) async throws {
        let view = try await api.rf06(id, file: file, line: line)
        XCTAssertEqual(view["batchStatus"] as? String, record.status.rawValue, "\(view)", file: file, line: line)
        let steps = view["steps"] as? [[String: Any]] ?? []
        XCTAssertEqual(steps.map { $0["batchStatus"] as? String }, record.steps.map { $0.status.rawValue }, "\(view)", file: file, line: line)
        XCTAssertEqual(steps.map { ($0["readCount"] as? Int).map(Int64.init) }, record.steps.map { $0.counts.readCount }, "\(view)",
                       file: file, line: line)
    }

    func testBadRowsAreSkippedCountedAndKept() async throws {
        let db = try await TestPostgres.createDatabase("ferry_bad")
        databases.append(db.name)
        try await TestPostgres.run(url: db.url) { c in
            try c.execute("CREATE SCHEMA src")
            try c.execute("CREATE TABLE src.stock (sku int PRIMARY KEY, qty int NOT NULL)")
            try c.execute("INSERT INTO src.stock SELECT g, CASE WHEN g IN (137, 4242) THEN -g ELSE g END FROM generate_series(1, 10000) g")
            try c.execute("CREATE SCHEMA dst")
            try c.execute("CREATE TABLE dst.stock (sku int PRIMARY KEY, qty int NOT NULL CHECK (qty >= 0))")
        }
        let jdbc = TestPostgres.jdbcURL(db.url)
        let s = try await api.datasource("BAD_SRC", provider: "PostgreSQL", url: jdbc, schema: "src", user: "postgres")
        let d = try await api.datasource("BAD_DST", provider: "PostgreSQL", url: jdbc, schema: "dst", user: "postgres")
        let t = try await api.table("stock")
        // Strict by default (skipLimit 0): the job fails and names the rejected row's error.
        let strict = try await api.bundle("BAD_STRICT", source: s, target: d, pairs: [(t, t, 1, "")], options: #""chunkSize": 1000"#)
        let f = try await api.wait(try await api.launch(strict))
        XCTAssertEqual(f.status, .failed)
        XCTAssertTrue(f.exitMessage.contains("23514") || f.exitMessage.contains("check"), f.exitMessage)
        // With room for skips: COMPLETED, the two rows skipped, counted and kept for diagnostics.
        let lenient = try await api.bundle("BAD_OK", source: s, target: d, pairs: [(t, t, 1, "")], options: #""chunkSize": 1000, "skipLimit": 5"#)
        let id = try await api.launch(lenient)
        let e = try await api.wait(id)
        XCTAssertEqual(e.status, .completed, e.exitMessage)
        let c = try XCTUnwrap(e.steps.first?.counts)
        XCTAssertEqual(c.readCount, 10_000)
        XCTAssertEqual(c.writeSkipCount, 2)
        XCTAssertEqual(c.writeCount, 9_998)
        let skips: SkippedRowPage = try await api.orchestrator.get("/internal/executions/\(id)/skips")
        XCTAssertEqual(Set(skips.items.map { $0.key.first ?? nil }), ["137", "4242"])
        XCTAssertEqual(skips.items.first?.sqlState, "23514")
        XCTAssertEqual(skips.items.first { $0.key.first == "137" }?.row["qty"] ?? nil, "-137")
        let n = try await TestPostgres.run(url: db.url) { c in try c.query("SELECT count(*) FROM dst.stock").rows[0].int64(0) }
        XCTAssertEqual(n, 9_998)
    }
}
