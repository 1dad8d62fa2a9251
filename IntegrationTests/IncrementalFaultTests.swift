import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// Faults inside an incremental window (SPEC §3a): the executor killed (`kill -9`) mid-window, and the source
/// PostgreSQL restarted mid-window. The run still completes, the target ends equal to the source with no duplicate
/// (keyed target, whole-row comparison), and the watermark stays at the last completed window until the window
/// is complete.
final class IncrementalFaultTests: FlowStackTestCase {
    static let rows = 50_000
    static let changed = 40_000

    override class var environment: [String: String] {
        ["FERRY_LEASE_SECONDS": "3", "FERRY_EXECUTOR_CHUNK_PAUSE_MS": "30", "FERRY_EXECUTOR_MAX_RETRIES": "1"]
    }

    private static let compare = "SELECT count(*) || ':' || md5(string_agg(e::text, '|' ORDER BY id)) FROM events e"

    /// `events` on the database at `url`, a target database, a bundle in chunks of 1000 and a flow by `updated_at`;
    /// the first run (all history) done.
    private func flowAfterFirstRun(source url: String, name: String) async throws -> (flow: Int64, bundle: Int64, dst: String) {
        try await TestPostgres.run(url: url) { c in
            try c.execute("CREATE TABLE events (id bigint PRIMARY KEY, payload text, updated_at timestamp(6))")
            try c.execute("INSERT INTO events SELECT g, 'v' || g, localtimestamp FROM generate_series(1, \(Self.rows)) g")
        }
        let dst = try await database("ferry_incfault_dst")
        let source = try await api.datasource("\(name)_SRC", provider: "PostgreSQL", url: TestPostgres.jdbcURL(url),
                                              schema: "public", user: "postgres")
        let target = try await api.datasource("\(name)_DST", provider: "PostgreSQL", url: dst.jdbc, schema: "public", user: "postgres")
        let table = try await api.table("events")
        let bundle = try await api.bundle(name, source: source, target: target, pairs: [(table, table, 1, "")],
                                          options: #""chunkSize": 1000"#)
        let flow = try await api.create(api.orchestrator, "/v1/flows", #"""
            {"name": "\#(name)", "dataBundleId": \#(bundle),
             "transformations": [{"name": "Copy", "params": {"deltaColumn": {"name": "updated_at"}}}],
             "scheduleParams": {"startTime": 4102444800, "frequency": "day", "interval": 1},
             "options": {"lookBackSeconds": 0}}
            """#)
        _ = try await run(flow)
        return (flow, bundle, dst.url)
    }

    /// Changes `changed` rows (each `pad` bytes longer) and inserts a few: the next window's rows.
    private func change(_ url: String, tag: String, pad: Int = 0) async throws {
        try await TestPostgres.run(url: url) { c in
            try c.execute("""
                UPDATE events SET payload = payload || '\(tag)' || repeat('x', \(pad)), updated_at = localtimestamp
                WHERE id <= \(Self.changed)
                """)
            try c.execute("""
                INSERT INTO events SELECT g, '\(tag)' || g, localtimestamp
                FROM generate_series(\(Self.rows) + 1, \(Self.rows) + 10) g ON CONFLICT (id) DO UPDATE SET payload = excluded.payload
                """)
        }
    }

    /// Rows the second run's window committed so far: its checkpoint row (keyed by job instance) is the one that
    /// is not the first run's (the oldest); 0 before its first chunk.
    private func committed(_ dst: String) async -> Int64 {
        (try? await TestPostgres.run(url: dst) { c in
            try c.query("""
                SELECT coalesce(sum(write_count), 0) FROM ferry.ferry_checkpoint
                WHERE step_key <> (SELECT step_key FROM ferry.ferry_checkpoint ORDER BY updated_at LIMIT 1)
                """).rows.first?.int64(0) ?? 0
        }) ?? 0
    }

    private func waitCommitted(_ dst: String, atLeast n: Int64) async throws {
        for _ in 0..<600 {
            if await committed(dst) >= n { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        XCTFail("no chunk of the window committed in time\n\(stack.tail("executor"))")
    }

    func testExecutorKilledMidWindow() async throws {
        let src = try await database("ferry_incfault_src")
        let (flow, bundle, dst) = try await flowAfterFirstRun(source: src.url, name: "INCKILL")
        let before = try await runs.watermark(bundle: bundle)
        try await change(src.url, tag: "+")
        let (runId, execution) = try await runs.start(flow)
        try await waitCommitted(dst, atLeast: 5_000)
        stack.kill("executor")
        let atKill = await committed(dst)
        XCTAssertLessThan(atKill, Int64(Self.changed), "the window finished before the kill; the test proves nothing")
        try await assertEqual(try await runs.watermark(bundle: bundle), before, "no watermark from a window cut short")
        // Rows change while no executor runs: the re-read window or the next one takes them.
        try await TestPostgres.run(url: src.url) { c in
            try c.execute("UPDATE events SET payload = payload || '!', updated_at = localtimestamp WHERE id % 1000 = 0")
        }
        try stack.launch("executor")   // a new executor takes the expired lease and reads the window again, whole
        let e = try await api.wait(execution)
        XCTAssertEqual(e.status, .completed, e.exitMessage)
        let view = try await runs.view(flow, runId)
        XCTAssertEqual(view.status, .success)
        let after = try await runs.watermark(bundle: bundle)
        XCTAssertNotNil(after)
        XCTAssertNotEqual(after, before, "the completed window advanced the watermark")
        _ = try await run(flow)
        try await assertEqual(try await FlowRuns.rows(dst, Self.compare), try await FlowRuns.rows(src.url, Self.compare))
    }

    func testSourceRestartedMidWindow() async throws {
        let cluster = try TestCluster.start()
        defer { cluster.destroy() }
        let (flow, bundle, dst) = try await flowAfterFirstRun(source: cluster.url, name: "INCRESTART")
        let before = try await runs.watermark(bundle: bundle)
        // Rows long enough (20 MB in all) that the server is still sending the window when it stops: the reader
        // keeps at most two chunks ahead of the writer, and socket buffers hold far less.
        try await change(cluster.url, tag: "*", pad: 500)
        let (runId, execution) = try await runs.start(flow)
        try await waitCommitted(dst, atLeast: 5_000)
        try cluster.stop()
        let atStop = await committed(dst)
        XCTAssertLessThan(atStop, Int64(Self.changed), "the window finished before the source stopped; the test proves nothing")
        let failed = try await api.wait(execution)
        XCTAssertEqual(failed.status, .failed, "the source went away mid-window")
        try await assertEqual(try await runs.watermark(bundle: bundle), before, "a failed window leaves the watermark")
        try cluster.start()
        let restarted = try await api.create(api.orchestrator, "/v1/batch/job/\(execution)/restart", "")
        let e = try await api.wait(restarted)
        XCTAssertEqual(e.status, .completed, e.exitMessage)
        let view = try await runs.view(flow, runId)
        XCTAssertEqual(view.status, .success, "the flow run is its job instance: the restart completed it")
        let after = try await runs.watermark(bundle: bundle)
        XCTAssertNotEqual(after, before, "the completed window advanced the watermark")
        _ = try await run(flow)
        try await assertEqual(try await FlowRuns.rows(dst, Self.compare), try await FlowRuns.rows(cluster.url, Self.compare))
    }
}
