import FerrySQL
import FerryTestKit
import FerryTime
import Foundation
import XCTest

/// `ferry flow …` driven as a user would against a real stack: a flow created from options (no JSON typed),
/// run now twice — all history, then only the rows changed since (the watermark) — shown with its windows,
/// disabled and deleted; `--json` parses; bad input is one clear line and a non-zero exit.
final class CLIFlowTests: XCTestCase {
    func testFlowCreateRunShowDisableDelete() async throws {
        let stack = try Stack()
        defer { stack.stopAll() }
        try await stack.start()
        let cli = FerryCommandLine(stack: stack)
        let dir = stack.dataDir + "/flow"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let source = try await DatabaseSession.open(.sqlite(path: dir + "/source.db"))
        try await source.run { c in
            try c.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, payload TEXT, updated_at TIMESTAMP)")
            for g in 1...300 {
                try c.execute("INSERT INTO events VALUES ($1, $2, $3)", [.int(Int64(g)), .text("v\(g)"), .text(Self.stamp(day: 1, second: g))])
            }
        }
        try cli.ok(["datasource", "add", "flow-src", "sqlite:" + dir + "/source.db"])
        try cli.ok(["datasource", "add", "flow-dst", "sqlite:" + dir + "/target.db"])
        try cli.ok(["bundle", "create", "EVENTS", "--source", "flow-src", "--target", "flow-dst", "--table", "events"])

        // Bad input: one line naming what is wrong, exit ≠ 0, nothing created.
        let bad: [([String], String)] = [
            (["flow", "create", "x", "--bundle", "EVENTS", "--every", "5m"], "at most every 15 minutes"),
            (["flow", "create", "x", "--bundle", "EVENTS", "--every", "fortnightly"], "bad --every 'fortnightly'"),
            (["flow", "create", "x", "--bundle", "EVENTS", "--every", "1h", "--start", "tomorrow"], "bad --start 'tomorrow'"),
            (["flow", "create", "x", "--bundle", "NOPE", "--every", "1h"], "no bundle named 'NOPE'"),
            (["flow", "show", "nope"], "no flow named 'nope'"),
            (["flow", "run", "999"], "no flow with uid 999"),
        ]
        for (args, expected) in bad {
            let (status, output) = try cli.run(args)
            XCTAssertNotEqual(status, 0, "ferry \(args): \(output)")
            XCTAssertEqual(output.split(separator: "\n").count, 1, "ferry \(args) printed more than one line:\n\(output)")
            XCTAssertTrue(output.hasPrefix("ferry: error: ") && output.contains(expected), "ferry \(args): \(output)")
        }

        // Ticks far in the future, so only the runs asked for here happen.
        let created = try cli.ok(["flow", "create", "events-hourly", "--bundle", "EVENTS", "--every", "1h",
                                  "--start", "2100-01-01T00:00:00Z", "--delta-column", "updated_at", "--backfill", "--look-back", "0"])
        XCTAssertTrue(created.contains("flow events-hourly created (id 1): every hour from"), created)
        let list = try XCTUnwrap(try cli.json(["flow", "list"]) as? [String: Any])
        let flows = try XCTUnwrap(list["items"] as? [[String: Any]])
        XCTAssertEqual(flows.count, 1)
        XCTAssertEqual(flows.first?["nextRunTime"] as? Int, 4_102_444_800)
        XCTAssertEqual((flows.first?["scheduleParams"] as? [String: Any])?["backfill"] as? Bool, true)

        // First run: all history, the window's high is the newest delta.
        let first = try cli.ok(["flow", "run", "events-hourly", "--wait"])
        XCTAssertTrue(first.contains("STEP-EVENTS") && first.contains("COMPLETED"), first)
        XCTAssertTrue(first.contains("updated_at  (all history, \(Self.stamp(day: 1, second: 300))"), first)
        let copied = try await TableSnapshot.count(.sqlite(path: dir + "/target.db"), "events")
        XCTAssertEqual(copied, 300)

        // Five rows change; the second run reads those five only.
        _ = try await source.run { c in
            try c.execute("UPDATE events SET payload = payload || '+', updated_at = $1 WHERE id <= 5", [.text(Self.stamp(day: 2, second: 0))])
        }
        await source.close()
        try cli.ok(["flow", "run", "1", "--wait"])
        let runs = try XCTUnwrap(try cli.json(["flow", "runs", "1"]) as? [String: Any])
        let items = try XCTUnwrap(runs["items"] as? [[String: Any]])
        XCTAssertEqual(items.count, 2)
        XCTAssertEqual(items.compactMap { $0["status"] as? String }, ["success", "success"])
        XCTAssertEqual((items.first?["recordSummary"] as? [String: Any])?["inputRecordCount"] as? Int, 5)
        let changed = try Subprocess.run("/usr/bin/sqlite3", [dir + "/target.db", "SELECT count(*) FROM events WHERE payload LIKE '%+'"])
        XCTAssertEqual(changed.1.trimmingCharacters(in: .whitespacesAndNewlines), "5")

        let shown = try cli.ok(["flow", "show", "events-hourly"])
        XCTAssertTrue(shown.contains("watermarks (run 2"), shown)
        XCTAssertTrue(shown.contains("(\(Self.stamp(day: 1, second: 300)), \(Self.stamp(day: 2, second: 0))]"), shown)
        let table = try cli.ok(["flow", "runs", "1"])
        XCTAssertTrue(table.contains("RUN") && table.contains("manual"), table)

        try cli.ok(["flow", "disable", "1"])
        let disabled = try XCTUnwrap(try cli.json(["flow", "show", "1"]) as? [String: Any])
        XCTAssertEqual(disabled["state"] as? String, "disabled")
        XCTAssertNil(disabled["nextRunTime"] as? Int)

        XCTAssertTrue(try cli.ok(["flow", "delete", "events-hourly"]).contains("Flow deleted"))
        XCTAssertTrue(try cli.ok(["flow", "list"]).contains("no flows yet"))
    }

    /// `2024-01-0D 00:00:SS.000000`-like text (the form the executor reads and reports back), `second` after midnight.
    static func stamp(day: Int, second: Int) -> String {
        let micros = (Int64(1_704_067_200) + Int64(day - 1) * 86_400 + Int64(second)) * 1_000_000
        return TemporalFormat.timestamp(micros: micros, zulu: false, separator: " ")
    }
}
