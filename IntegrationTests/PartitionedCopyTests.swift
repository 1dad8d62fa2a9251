import FerryHTTPClient
import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// Key-range partitions end to end, real processes on the real PostgreSQL: a table with a composite key and one
/// with a text key, each split into 4 ranges and copied by two executors at once, end exact (fingerprints); RF06
/// shows one step per table with summed counts; the partitions route lists the ranges. A run whose last range fails
/// is restarted and reruns only that range: the completed ones are not read again.
final class PartitionedCopyTests: XCTestCase {
    static let linesRows = 24_000, codesRows = 16_000

    static let sourceSQL = [
        "CREATE TABLE order_lines (region text NOT NULL, line_no int NOT NULL, qty int NOT NULL, note text, PRIMARY KEY (region, line_no))",
        "INSERT INTO order_lines SELECT (ARRAY['east','north','south','west'])[1 + g % 4], g, g % 500, 'n' || g FROM generate_series(1, \(linesRows)) g",
        "CREATE TABLE codes (code text PRIMARY KEY, v int NOT NULL)",
        "INSERT INTO codes SELECT md5(g::text), g FROM generate_series(1, \(codesRows)) g",
    ]

    static func fingerprint(_ url: String, _ table: String) async throws -> String {
        try await TestPostgres.run(url: url) { c in
            try c.query("SELECT count(*) || ':' || md5(string_agg(t::text, '|' ORDER BY t::text)) FROM \(table) t").rows[0].string(0) ?? ""
        }
    }

    struct Setup {
        let stack: Stack, api: FerryAPI, src: String, dst: String, bundle: Int64, databases: [String]
        var reporting: HTTPClient { stack.client("reporting") }
    }

    /// Source and target databases, both tables registered, the bundle posted with `options`; `targetSQL` runs in
    /// the target first (pre-existing tables).
    func setUp(_ name: String, executors: Int, slots: Int, options: String, pairOptions: String = "",
               targetSQL: [String] = []) async throws -> Setup {
        _ = try TestPostgres.requireURL()
        let stack = try Stack(extraEnvironment: ["FERRY_EXECUTOR_SLOTS": String(slots)])
        let api = FerryAPI(stack: stack)
        try await stack.start(["catalog", "orchestrator", "reporting"])
        try await stack.start(["executor"], extra: ["FERRY_EXECUTOR_ID": "parts-a"])
        for i in 1..<max(executors, 1) {
            try stack.launch("executor", as: "executor-\(i)", extra: ["FERRY_EXECUTOR_ID": "parts-\(i)",
                                                                   "FERRY_EXECUTOR_PORT": String(try LoopbackPort.free())])
        }
        let src = try await TestPostgres.createDatabase("ferry_parts_src")
        let dst = try await TestPostgres.createDatabase("ferry_parts_dst")
        try await TestPostgres.run(url: src.url) { c in for s in Self.sourceSQL { try c.execute(s) }; try c.execute("ANALYZE") }
        try await TestPostgres.run(url: dst.url) { c in for s in targetSQL { try c.execute(s) } }
        let s = try await api.datasource("\(name)_SRC", provider: "PostgreSQL", url: TestPostgres.jdbcURL(src.url), schema: "public", user: "postgres")
        let d = try await api.datasource("\(name)_DST", provider: "PostgreSQL", url: TestPostgres.jdbcURL(dst.url), schema: "public", user: "postgres")
        let lines = try await api.table("order_lines"), codes = try await api.table("codes")
        let bundle = try await api.bundle(name, source: s, target: d, pairs: [(lines, lines, 1, pairOptions), (codes, codes, 1, pairOptions)],
                                          options: options)
        return Setup(stack: stack, api: api, src: src.url, dst: dst.url, bundle: bundle, databases: [src.name, dst.name])
    }

    /// Runs `body`, then stops the processes and drops the databases, whether it threw or not.
    func cleaningUp(_ s: Setup, _ body: () async throws -> Void) async throws {
        var failure: (any Error)?
        do { try await body() } catch { failure = error }
        s.stack.stopAll()
        for d in s.databases { await TestPostgres.dropDatabase(d) }
        if let failure { throw failure }
    }

    func partitions(_ s: Setup, _ id: Int64, _ step: String) async throws -> StepPartitionsView {
        try await s.reporting.get("/v1/batch/job/\(id)/steps/\(step)/partitions")
    }

    func assertExact(_ s: Setup, file: StaticString = #filePath, line: UInt = #line) async throws {
        for t in ["order_lines", "codes"] {
            let want = try await Self.fingerprint(s.src, t), got = try await Self.fingerprint(s.dst, t)
            XCTAssertEqual(got, want, "\(t) in the target equals the source", file: file, line: line)
        }
    }

    func testCompositeAndTextKeysCopyExactlyInParallelPartitions() async throws {
        // The target's codes table holds rows the truncate-insert must remove once, before any range writes.
        let s = try await setUp("PARTS_COPY", executors: 2, slots: 1, options: #""chunkSize": 1000, "partitions": 4"#,
                                pairOptions: #""loadMode": "truncate-insert""#,
                                targetSQL: ["CREATE TABLE order_lines (region text NOT NULL, line_no int NOT NULL, qty int NOT NULL, note text, PRIMARY KEY (region, line_no))",
                                            "CREATE TABLE codes (code text PRIMARY KEY, v int NOT NULL)",
                                            "INSERT INTO codes SELECT 'stale-' || g, -g FROM generate_series(1, 500) g",
                                            "INSERT INTO order_lines VALUES ('zzz-stale', 1, 1, 'old')"])
        try await cleaningUp(s) {
            let id = try await s.api.launch(s.bundle)
            let e = try await s.api.wait(id, seconds: 120)
            XCTAssertEqual(e.status, .completed, e.exitMessage)
            // RF06's source: one step per table, the ranges' counts summed.
            XCTAssertEqual(e.steps.map(\.stepName), ["STEP-ORDER_LINES", "STEP-CODES"])
            XCTAssertEqual(e.steps.map(\.counts.writeCount), [Int64(Self.linesRows), Int64(Self.codesRows)])
            XCTAssertEqual(e.steps.map(\.status), [.completed, .completed])
            try await assertExact(s)

            for (step, rows) in [("STEP-ORDER_LINES", Self.linesRows), ("step-codes", Self.codesRows)] {
                let p = try await partitions(s, id, step)
                XCTAssertEqual(p.partitions.map(\.partition), [0, 1, 2, 3], step)
                XCTAssertEqual(p.partitions.map(\.status), Array(repeating: .completed, count: 4))
                XCTAssertEqual(p.partitions.reduce(0) { $0 + $1.readCount }, Int64(rows))
                XCTAssertTrue(p.partitions.allSatisfy { $0.readCount > 0 }, "every range holds rows: \(p.partitions.map(\.readCount))")
                XCTAssertNil(p.partitions.first?.lowerBound)
                XCTAssertNil(p.partitions.last?.upperBound)
                for (a, b) in zip(p.partitions, p.partitions.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound) }
            }
            let lines = try await partitions(s, id, "STEP-ORDER_LINES"), codes = try await partitions(s, id, "STEP-CODES")
            XCTAssertEqual(lines.partitions[0].upperBound?.count, 2, "a composite key's bound has both columns")
            XCTAssertEqual(Set((lines.partitions + codes.partitions).compactMap(\.executorId)), ["parts-a", "parts-1"],
                           "both executors (one slot each) ran ranges")

            // Unknown step or job: 404 envelopes naming which.
            for (path, message) in [("/v1/batch/job/\(id)/steps/STEP-NOPE/partitions", "Step STEP-NOPE of job execution \(id) not found"),
                                    ("/v1/batch/job/999999/steps/STEP-CODES/partitions", "Job execution 999999 not found")] {
                let r = try await s.reporting.send("GET", path)
                XCTAssertEqual(r.status, 404, path)
                let body = try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any]
                XCTAssertEqual(body?["success"] as? Bool, false)
                XCTAssertEqual(body?["message"] as? String, message)
            }

            // Bad values of the option: 400 naming the field, nothing stored.
            for bad in [#""partitions": 0"#, #""partitions": 65"#, #""partitions": 2.5"#, #""partitions": "many""#, #""partitions": true"#] {
                let (status, body) = try await s.api.post(s.api.catalog, "/v1/data/bundles",
                    #"{"bundleName": "PARTS_BAD", "sourceDatasourceId": 1, "targetDatasourceId": 2, "bundledTables": [{"sourceTableId": 1, "targetTableId": 1}], \#(bad)}"#)
                XCTAssertEqual(status, 400, bad)
                let fields = (body["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
                XCTAssertEqual(fields, ["partitions"], bad)
            }
        }
    }

    func testRestartRerunsOnlyTheUnfinishedRanges() async throws {
        // One executor, one slot: ranges run in order, so the failing last range of codes comes after the others.
        // The target refuses codes' largest keys (a CHECK), which fails only the last range.
        let s = try await setUp("PARTS_RESTART", executors: 1, slots: 1, options: #""chunkSize": 1000, "partitions": 3"#,
                                targetSQL: ["CREATE TABLE codes (code text PRIMARY KEY CHECK (code < 'f8'), v int NOT NULL)"])
        try await cleaningUp(s) {
            let id = try await s.api.launch(s.bundle)
            let first = try await s.api.wait(id, seconds: 120)
            XCTAssertEqual(first.status, .failed)
            let before = try await partitions(s, id, "STEP-CODES")
            XCTAssertEqual(before.partitions.map(\.status), [.completed, .completed, .failed], "\(before.partitions)")
            let linesBefore = try await partitions(s, id, "STEP-ORDER_LINES")
            XCTAssertEqual(linesBefore.partitions.map(\.status), [.completed, .completed, .completed])

            _ = try await TestPostgres.run(url: s.dst) { c in try c.execute("ALTER TABLE codes DROP CONSTRAINT codes_code_check") }
            let restarted = try await s.api.create(s.api.orchestrator, "/v1/batch/job/\(id)/restart", "")
            let second = try await s.api.wait(restarted, seconds: 120)
            XCTAssertEqual(second.status, .completed, second.exitMessage)
            try await assertExact(s)

            // Only the failed range ran again, over the same bounds; the completed ranges were not read again.
            let after = try await partitions(s, restarted, "STEP-CODES")
            XCTAssertEqual(after.partitions.map(\.partition), [2])
            XCTAssertEqual(after.partitions[0].lowerBound, before.partitions[2].lowerBound)
            XCTAssertNil(after.partitions[0].upperBound)
            XCTAssertEqual(after.partitions[0].claims, 2, "the failed range's second claim")
            XCTAssertEqual(second.steps.map(\.stepName), ["STEP-CODES"], "order_lines completed: not in the restart")
            let rest = Int64(Self.codesRows) - before.partitions[0].readCount - before.partitions[1].readCount
            XCTAssertLessThanOrEqual(after.partitions[0].readCount, rest, "the rerun read only its own range")
            let unchanged = try await partitions(s, id, "STEP-CODES")
            XCTAssertEqual(unchanged.partitions[0...1].map(\.readCount), before.partitions[0...1].map(\.readCount))
            XCTAssertEqual(unchanged.partitions[0...1].map(\.claims), [1, 1])

            // The latest integration counts a split table as one step: the newest COMPLETED run of each range of the
            // job instance summed — the two the first run completed and the one the restart completed (its own
            // writes: what the failed run committed before failing is that run's).
            let latest: LatestIntegration = try await s.api.orchestrator.get("/internal/bundles/\(s.bundle)/latest")
            let byStep = Dictionary(uniqueKeysWithValues: latest.pairs.map { ($0.stepName, $0.writeCount) })
            let codes = before.partitions[0].writeCount + before.partitions[1].writeCount + after.partitions[0].writeCount
            XCTAssertEqual(byStep, ["STEP-ORDER_LINES": Int64(Self.linesRows), "STEP-CODES": codes])
            XCTAssertGreaterThan(after.partitions[0].writeCount, 0)
        }
    }

    /// The primary key of `table` in `url` (its columns in key order; empty: none).
    static func primaryKey(_ url: String, _ table: String) async throws -> [String] {
        try await TestPostgres.run(url: url) { c in
            try c.query("""
                SELECT a.attname FROM pg_index i, unnest(i.indkey) WITH ORDINALITY k(attnum, n)
                JOIN pg_attribute a ON a.attrelid = '\(table)'::regclass AND a.attnum = k.attnum
                WHERE i.indrelid = '\(table)'::regclass AND i.indisprimary ORDER BY k.n
                """).rows.compactMap { $0.string(0) }
        }
    }

    func testATableFerryCreatesGetsItsPrimaryKeyAfterItsRows() async throws {
        let s = try await setUp("PARTS_KEY", executors: 2, slots: 2, options: #""chunkSize": 1000, "partitions": 4"#)
        try await cleaningUp(s) {
            let pendingMarkers = "SELECT count(*) FROM ferry.ferry_checkpoint WHERE part = -2"
            // The marker an earlier job instance (job0) leaves for a key it has not added yet: its step, the key's columns.
            let leftBy = String(decoding: try JSONEncoder().encode([SQLValue.text("job0-pair0"), .text("code")]), as: UTF8.self)
            let pendingKeyOfCodes = """
                INSERT INTO ferry.ferry_checkpoint (step_key, part, exec_id, last_key, read_count, write_count, commit_count,
                  skip_count, rollback_count, direct, done, updated_at, lease_epoch)
                VALUES ('pk:"public"."codes"', -2, 0, $1, 0, 0, 0, 0, 0, 0, 0, '', 0)
                """
            let executor = s.stack.client("executor")
            func keyPhaseSeconds() async throws -> Double {
                let text = try await executor.send("GET", "/metrics").text
                let line = text.split(separator: "\n").first { $0.hasPrefix(#"ferry_executor_step_seconds_total{phase="primary_key"}"#) }
                return line.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) } ?? 0
            }
            // Both tables are new: created without their keys, loaded range by range, keyed by the last range.
            let first = try await s.api.wait(try await s.api.launch(s.bundle), seconds: 120)
            XCTAssertEqual(first.status, .completed, first.exitMessage)
            try await assertExact(s)
            let keyOrderLines = try await Self.primaryKey(s.dst, "order_lines"), keyCodes = try await Self.primaryKey(s.dst, "codes")
            XCTAssertEqual(keyOrderLines, ["region", "line_no"])
            XCTAssertEqual(keyCodes, ["code"])
            let markers = try await TestPostgres.run(url: s.dst) { c in try c.query(pendingMarkers).rows[0].int64(0) }
            XCTAssertEqual(markers, 0, "no key is left pending")
            let phase = try await keyPhaseSeconds()
            XCTAssertGreaterThan(phase, 0, "the executor added keys after the rows (phase primary_key)")

            // A key an earlier run left pending (it ended before its last range) is added before another job instance
            // writes: this run then merges by key into the rows that run left, stale values and all.
            try await TestPostgres.run(url: s.dst) { c in
                try c.execute("DELETE FROM codes WHERE v > 300")
                try c.execute("UPDATE codes SET v = -v")
                try c.execute("ALTER TABLE codes DROP CONSTRAINT codes_pkey")
                try c.execute(pendingKeyOfCodes, [.text(leftBy)])
            }
            let second = try await s.api.wait(try await s.api.launch(s.bundle), seconds: 120)
            XCTAssertEqual(second.status, .completed, second.exitMessage)
            try await assertExact(s)
            let keyAgain = try await Self.primaryKey(s.dst, "codes")
            XCTAssertEqual(keyAgain, ["code"])
            let markersAgain = try await TestPostgres.run(url: s.dst) { c in try c.query(pendingMarkers).rows[0].int64(0) }
            XCTAssertEqual(markersAgain, 0)

            // A pending key the rows contradict fails the step with the reason, and the rows stay as they were.
            try await TestPostgres.run(url: s.dst) { c in
                try c.execute("ALTER TABLE codes DROP CONSTRAINT codes_pkey")
                try c.execute("INSERT INTO codes SELECT code, -1 FROM codes LIMIT 1")
                try c.execute(pendingKeyOfCodes, [.text(leftBy)])
            }
            let third = try await s.api.wait(try await s.api.launch(s.bundle), seconds: 120)
            XCTAssertEqual(third.status, .failed)
            XCTAssertTrue(third.exitMessage.contains("could not add the primary key (code) to target table"), third.exitMessage)
            let rows = try await TestPostgres.run(url: s.dst) { c in try c.query("SELECT count(*) FROM codes").rows[0].int64(0) }
            XCTAssertEqual(rows, Int64(Self.codesRows) + 1)
        }
    }
}
