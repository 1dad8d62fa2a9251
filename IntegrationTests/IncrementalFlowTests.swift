import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest
import FerryTime

/// Issue "Flows": a seed-001 flow with a delta column over real processes, PostgreSQL → PostgreSQL. A writer's
/// transaction stays open across a run (its row carries a delta older than rows committed meanwhile), NULL deltas
/// and rows a microsecond apart: after the runs the target equals the source, and the incremental runs read far
/// fewer rows than full reloads would.
final class IncrementalFlowTests: FlowStackTestCase {
    private static let compare = "SELECT id, payload, updated_at::text FROM events ORDER BY id"

    func testWindowsAcrossAWriterWhoseTransactionStaysOpen() async throws {
        let rows = 300
        let src = try await database("ferry_inc_src"), dst = try await database("ferry_inc_dst")
        try await TestPostgres.run(url: src.url) { c in
            try c.execute("CREATE TABLE events (id bigint PRIMARY KEY, payload text, updated_at timestamp(6))")
            try c.execute("""
                INSERT INTO events SELECT g, 'v' || g,
                  CASE WHEN g % 50 = 0 THEN NULL ELSE localtimestamp - (\(rows) - g) * interval '1 millisecond' END
                FROM generate_series(1, \(rows)) g
                """)
        }
        let source = try await api.datasource("SRC", provider: "PostgreSQL", url: src.jdbc, schema: "public", user: "postgres")
        let target = try await api.datasource("DST", provider: "PostgreSQL", url: dst.jdbc, schema: "public", user: "postgres")
        let table = try await api.table("events")
        let bundle = try await api.bundle("EVENTS", source: source, target: target, pairs: [(table, table, 1, "")])
        // A start far ahead: only the runs this test asks for.
        let flow = try await api.create(api.orchestrator, "/v1/flows", #"""
            {"name": "events", "dataBundleId": \#(bundle),
             "transformations": [{"name": "Copy", "params": {"deltaColumn": {"name": "updated_at", "timezone": "UTC"}}}],
             "scheduleParams": {"startTime": "4102444800", "frequency": "day", "interval": "1", "backfill": "true"},
             "options": {"lookBackSeconds": 0, "errorDiagnosticsEnabled": "true"}}
            """#)

        // Run 1: all history.
        var (view, e) = try await run(flow)
        XCTAssertEqual(e.steps.first?.counts.readCount, Int64(rows))
        XCTAssertNil(view.tables.first?.low)
        let firstHigh = try XCTUnwrap(view.tables.first?.high, "\(view)")
        XCTAssertEqual(view.tables.first?.nullDeltaRowCount, Int64(rows / 50))
        var totalRead = rows

        // A writer opens a transaction (its now() is taken here) and inserts; it commits only after run 2.
        let writer = try await DatabaseSession.open(try ConnectionURL.resolve(provider: "PostgreSQL", url: src.url, user: nil, password: nil))
        _ = try await writer.run { c in
            try c.execute("BEGIN")
            try c.execute("INSERT INTO events VALUES (1000, 'late', localtimestamp)")
        }
        try await Task.sleep(for: .milliseconds(20))
        // Meanwhile others commit: updates, inserts, two rows a microsecond apart, a row whose delta becomes NULL.
        try await TestPostgres.run(url: src.url) { c in
            try c.execute("UPDATE events SET payload = payload || '+', updated_at = localtimestamp WHERE id IN (3, 4, 5)")
            try c.execute("INSERT INTO events VALUES (2001, 'a', localtimestamp), (2002, 'b', localtimestamp + interval '1 microsecond')")
            try c.execute("UPDATE events SET payload = 'nulled', updated_at = NULL WHERE id = 7")
        }
        // Run 2: the open transaction caps high below its start, so nothing committed after it is taken yet.
        (view, e) = try await run(flow)
        let read2 = Int(e.steps.first?.counts.readCount ?? 0)
        totalRead += read2
        XCTAssertEqual(view.tables.first?.low, firstHigh)
        XCTAssertEqual(read2, rows / 50 + 1, "only the NULL-delta rows (nullDeltaRows include): \(view)")

        _ = try await writer.run { c in try c.execute("COMMIT") }
        await writer.close()
        // Run 3: the late row, the updates and the microsecond pair.
        (view, e) = try await run(flow)
        let read3 = Int(e.steps.first?.counts.readCount ?? 0)
        totalRead += read3
        XCTAssertEqual(read3, 1 + 3 + 2 + rows / 50 + 1, "\(view)")
        // Run 4: nothing new but the NULL rows.
        (view, e) = try await run(flow)
        totalRead += Int(e.steps.first?.counts.readCount ?? 0)

        // Runs 5–12: before each, a writer opens a transaction and inserts, others update and insert, and the writer
        // commits only after the run; its row is older than the rows committed meanwhile.
        for k in 0..<8 {
            let late = try await DatabaseSession.open(try ConnectionURL.resolve(provider: "PostgreSQL", url: src.url, user: nil, password: nil))
            _ = try await late.run { c in
                try c.execute("BEGIN")
                try c.execute("INSERT INTO events VALUES ($1, 'late', localtimestamp)", [.int(Int64(3000 + k))])
            }
            try await TestPostgres.run(url: src.url) { c in
                try c.execute("UPDATE events SET payload = payload || '*', updated_at = localtimestamp WHERE id = $1",
                              [.int(Int64(20 + k))])
                try c.execute("INSERT INTO events VALUES ($1, 'x', localtimestamp), ($2, 'y', localtimestamp + interval '1 microsecond')",
                              [.int(Int64(4000 + 2 * k)), .int(Int64(4001 + 2 * k))])
            }
            (view, e) = try await run(flow)
            totalRead += Int(e.steps.first?.counts.readCount ?? 0)
            _ = try await late.run { c in try c.execute("COMMIT") }
            await late.close()
        }
        (view, e) = try await run(flow)
        totalRead += Int(e.steps.first?.counts.readCount ?? 0)

        let expected = try await TestPostgres.run(url: src.url) { c in try c.query(Self.compare).rows.map { $0.map(\.textValue) } }
        let actual = try await TestPostgres.run(url: dst.url) { c in try c.query(Self.compare).rows.map { $0.map(\.textValue) } }
        XCTAssertEqual(actual.count, rows + 3 + 8 * 3)
        XCTAssertEqual(actual, expected, "the target equals the source, microseconds included, no duplicate")
        XCTAssertLessThan(totalRead, 3 * rows, "13 runs read far fewer rows than 13 full reloads (\(13 * rows))")

        let latest: LatestIntegration = try await api.orchestrator.get("/internal/bundles/\(bundle)/latest")
        XCTAssertEqual(latest.pairs.first?.watermark, view.tables.first?.high)
    }

    /// SQLite → PostgreSQL: open transactions cannot be seen there, so `high` stays `lookBack` behind the clock;
    /// rows changed within the look-back are taken by the next run.
    func testSQLiteSourceCappedAtNowMinusLookBack() async throws {
        let rows = 200
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-inc-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("src.db").path
        let dst = try await database("ferry_inc_lite_dst")
        @Sendable func stamp(_ offset: TimeInterval) -> String {
            TemporalFormat.timestamp(micros: Timestamp.now.adding(micros: Int64(offset * 1_000_000)).micros, zulu: false, separator: " ")
        }
        let lite = try await DatabaseSession.open(.sqlite(path: file))
        try await lite.run { c in
            try c.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, payload TEXT, updated_at TIMESTAMP)")
            for g in 1...rows {
                try c.execute("INSERT INTO events VALUES ($1, $2, $3)",
                              [.int(Int64(g)), .text("v\(g)"), g % 40 == 0 ? .null : .text(stamp(-600 + Double(g)))])
            }
        }
        let source = try await api.datasource("LITE", provider: "SQLite", url: "jdbc:sqlite:\(file)")
        let target = try await api.datasource("DST", provider: "PostgreSQL", url: dst.jdbc, schema: "public", user: "postgres")
        let table = try await api.table("events")
        let bundle = try await api.bundle("LITE_EVENTS", source: source, target: target, pairs: [(table, table, 1, "")])
        let flow = try await api.create(api.orchestrator, "/v1/flows", #"""
            {"name": "lite events", "dataBundleId": \#(bundle),
             "transformations": [{"name": "Copy", "params": {"deltaColumn": {"name": "updated_at"}}}],
             "scheduleParams": {"startTime": 4102444800, "frequency": "hour", "interval": 1},
             "options": {"lookBackSeconds": "2", "nullDeltaRows": "exclude"}}
            """#)
        var (view, e) = try await run(flow)
        XCTAssertEqual(e.steps.first?.counts.readCount, Int64(rows - rows / 40), "NULL deltas excluded")
        XCTAssertEqual(view.tables.first?.nullDeltaRowCount, Int64(rows / 40))
        _ = try await lite.run { c in
            try c.execute("UPDATE events SET payload = payload || '+', updated_at = $1 WHERE id IN (10, 11, 12)", [.text(stamp(0))])
        }
        // The run right after the change usually leaves the rows for later (they are within the look-back); once
        // the look-back has passed a run takes them. Together: the three rows, read at most twice (the overlap).
        (view, e) = try await run(flow)
        let soon = e.steps.first?.counts.readCount ?? 0
        try await Task.sleep(for: .milliseconds(2_300))
        (view, e) = try await run(flow)
        let later = e.steps.first?.counts.readCount ?? 0
        // Each run also re-reads the rows of the look-back before its low (a second apart here: two or three).
        XCTAssertGreaterThanOrEqual(later, 3, "after the look-back the changed rows are in the window: \(view)")
        XCTAssertLessThanOrEqual(soon + later, 12, "\(soon) + \(later) rows read, not two full reloads")
        let expected = try await lite.run { c in
            try c.query("SELECT id, payload FROM events WHERE updated_at IS NOT NULL ORDER BY id").rows.map { $0.map(\.textValue) }
        }
        await lite.close()
        let actual = try await TestPostgres.run(url: dst.url) { c in
            try c.query("SELECT id, payload FROM events ORDER BY id").rows.map { $0.map(\.textValue) }
        }
        XCTAssertEqual(actual, expected)
    }
}
