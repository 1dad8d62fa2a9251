import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// Flows over real processes when the source table changes shape between runs (bundle option `schemaEvolution`),
/// and the checks made before any run: a delta column that does not exist or is not a time or integer column is a
/// 400 naming the field; a pair's own `nullDeltaRows` is validated and applied.
final class IncrementalDriftTests: FlowStackTestCase {
    private static let rows = 40

    /// A source `events` table of `rows` rows (every tenth with a NULL delta) and its datasource.
    private func source() async throws -> (url: String, ds: Int64, table: Int64) {
        let src = try await database("ferry_drift_src")
        try await TestPostgres.run(url: src.url) { c in
            try c.execute("CREATE TABLE events (id bigint PRIMARY KEY, payload text, updated_at timestamp(6))")
            try c.execute("""
                INSERT INTO events SELECT g, 'v' || g, CASE WHEN g % 10 = 0 THEN NULL ELSE localtimestamp END
                FROM generate_series(1, \(Self.rows)) g
                """)
        }
        let ds = try await api.datasource("SRC", provider: "PostgreSQL", url: src.jdbc, schema: "public", user: "postgres")
        return (src.url, ds, try await api.table("events"))
    }

    private func flow(_ bundle: Int64, column: String = "updated_at") async throws -> (Int, [String: Any]) {
        try await api.post(api.orchestrator, "/v1/flows", #"""
            {"name": "drift \#(bundle)", "dataBundleId": \#(bundle),
             "transformations": [{"name": "Copy", "params": {"deltaColumn": {"name": "\#(column)", "timezone": "UTC"}}}],
             "scheduleParams": {"startTime": 4102444800, "frequency": "day", "interval": 1},
             "options": {"lookBackSeconds": 0}}
            """#)
    }

    private func source(_ url: String, _ sql: String) async throws {
        try await TestPostgres.run(url: url) { c in _ = try c.execute(sql) }
    }

    private static let compare = "SELECT id, payload, score FROM events ORDER BY id"

    /// PostgreSQL → PostgreSQL: a column added is added to the target and loaded for every row (also rows whose
    /// delta did not change); `fail` stops the run naming it; a dropped or retyped column stops the run naming it
    /// until the target matches; the watermark stays where it was across each failed run.
    func testSchemaDriftPostgresTarget() async throws {
        let src = try await source()
        let dst = try await database("ferry_drift_dst")
        let target = try await api.datasource("DST", provider: "PostgreSQL", url: dst.jdbc, schema: "public", user: "postgres")
        let strictTable = try await api.table("events_strict")

        // Checks before any run: the delta column must exist and be a time or integer column; nullDeltaRows valid.
        let bundle = try await api.bundle("DRIFT", source: src.ds, target: target,
                                          pairs: [(src.table, src.table, 1, #""nullDeltaRows": "exclude""#)])
        var (status, body) = try await flow(bundle, column: "changed_at")
        XCTAssertEqual(status, 400, "\(body)")
        XCTAssertEqual((body["errors"] as? [[String: Any]])?.first?["field"] as? String, "transformations[0].params.deltaColumn.name", "\(body)")
        (status, body) = try await flow(bundle, column: "payload")
        XCTAssertEqual(status, 400, "\(body)")
        XCTAssertTrue("\(body)".contains("must be a timestamp, date or integer column"), "\(body)")
        (status, body) = try await api.post(api.catalog, "/v1/data/bundles", #"""
            {"bundleName": "BAD", "sourceDatasourceId": \#(src.ds), "targetDatasourceId": \#(target), "schemaEvolution": "sometimes",
             "bundledTables": [{"sourceTableId": \#(src.table), "targetTableId": \#(src.table), "nullDeltaRows": "never"}]}
            """#)
        XCTAssertEqual(status, 400, "\(body)")
        let fields = Set(((body["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
        XCTAssertEqual(fields, ["schemaEvolution", "bundledTables[0].nullDeltaRows"], "\(body)")

        (status, body) = try await flow(bundle)
        XCTAssertEqual(status, 201, "\(body)")
        let flow = Int64(try XCTUnwrap(body["uid"] as? Int))
        let strictBundle = try await api.bundle("DRIFT_STRICT", source: src.ds, target: target,
                                                pairs: [(src.table, strictTable, 1, "")], options: #""schemaEvolution": "fail""#)
        (status, body) = try await self.flow(strictBundle)
        let strict = Int64(try XCTUnwrap(body["uid"] as? Int, "\(body)"))

        var (view, e) = try await run(flow)
        XCTAssertEqual(e.steps.first?.counts.readCount, Int64(Self.rows - Self.rows / 10), "the pair's nullDeltaRows exclude applies")
        XCTAssertEqual(view.tables.first?.nullDeltaRows, .exclude)
        _ = try await run(strict)

        // A column added with a default: existing rows get it without a newer delta.
        try await source(src.url, "ALTER TABLE events ADD COLUMN score integer DEFAULT 7")
        try await source(src.url, "UPDATE events SET score = 99, updated_at = localtimestamp WHERE id IN (1, 2)")
        (view, e) = try await run(flow)
        XCTAssertEqual(e.steps.first?.counts.readCount, Int64(Self.rows - Self.rows / 10), "the window that adds a column reads the whole table once")
        var actual = try await FlowRuns.rows(dst.url, Self.compare)
        let expected = try await FlowRuns.rows(src.url, "SELECT id, payload, score FROM events WHERE updated_at IS NOT NULL ORDER BY id")
        XCTAssertEqual(actual, expected, "every row has its score (7, or 99 for rows 1 and 2)")
        (view, e) = try await run(flow)
        XCTAssertEqual(e.steps.first?.counts.readCount, 0, "the next window is narrow again: \(view)")

        let strictWatermark = try await runs.watermark(bundle: strictBundle)
        (_, e) = try await run(strict, expect: .failed)
        XCTAssertTrue(e.exitMessage.contains("score") && e.exitMessage.contains("schemaEvolution is fail"), e.exitMessage)
        try await assertEqual(try await runs.watermark(bundle: strictBundle), strictWatermark)

        // Dropped: the run fails naming the column while the target still has it; dropping it there lets runs go on.
        let watermark = try await runs.watermark(bundle: bundle)
        try await source(src.url, "ALTER TABLE events DROP COLUMN payload")
        (_, e) = try await run(flow, expect: .failed)
        XCTAssertTrue(e.exitMessage.contains("payload") && e.exitMessage.contains("dropped"), e.exitMessage)
        try await assertEqual(try await runs.watermark(bundle: bundle), watermark)
        try await source(dst.url, "ALTER TABLE events DROP COLUMN payload")
        _ = try await run(flow)

        // Retyped: fails naming both types until the target's column has the new type.
        try await source(src.url, "ALTER TABLE events ALTER COLUMN score TYPE bigint")
        try await source(src.url, "UPDATE events SET score = 5000000000, updated_at = localtimestamp WHERE id = 3")
        (_, e) = try await run(flow, expect: .failed)
        XCTAssertTrue(e.exitMessage.contains("score") && e.exitMessage.contains("integer") && e.exitMessage.contains("bigint"), e.exitMessage)
        try await source(dst.url, "ALTER TABLE events ALTER COLUMN score TYPE bigint")
        _ = try await run(flow)
        actual = try await FlowRuns.rows(dst.url, "SELECT id, score FROM events ORDER BY id")
        try await assertEqual(actual, try await FlowRuns.rows(src.url, "SELECT id, score FROM events WHERE updated_at IS NOT NULL ORDER BY id"))
    }

    /// PostgreSQL → SQLite: the added column is created in the SQLite target with the mapped type and loaded.
    func testAddedColumnSQLiteTarget() async throws {
        let src = try await source()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-drift-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("dst.db").path
        let target = try await api.datasource("LITE", provider: "SQLite", url: "jdbc:sqlite:\(file)")
        let bundle = try await api.bundle("DRIFT_LITE", source: src.ds, target: target, pairs: [(src.table, src.table, 1, "")])
        let (status, body) = try await flow(bundle)
        let flow = Int64(try XCTUnwrap(body["uid"] as? Int, "\(status) \(body)"))
        _ = try await run(flow)
        try await source(src.url, "ALTER TABLE events ADD COLUMN score numeric(6,2) DEFAULT 1.5")
        try await source(src.url, "UPDATE events SET score = 2.25, updated_at = localtimestamp WHERE id = 4")
        _ = try await run(flow)
        let expected = try await FlowRuns.rows(src.url, "SELECT id, payload, score::text FROM events ORDER BY id")
        let lite = try await DatabaseSession.open(.sqlite(path: file))
        let actual = try await lite.run { c in
            try c.query("SELECT id, payload, CAST(score AS TEXT) FROM events ORDER BY id").rows.map { $0.map(\.textValue) }
        }
        await lite.close()
        XCTAssertEqual(actual.map { [$0[0], $0[1]] }, expected.map { [$0[0], $0[1]] })
        XCTAssertEqual(actual.map { Double($0[2] ?? "") }, expected.map { Double($0[2] ?? "") }, "every row has its score, 2.25 for row 4")
    }
}
