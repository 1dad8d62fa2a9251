import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// `ferry` driven as a user would, every service a real process: `ferry copy` PostgreSQL → SQLite → PostgreSQL
/// ends exact (and registers nothing twice when run again); `--json` parses; bad input is one clear line and a
/// non-zero exit.
final class CLICopyTests: StackTestCase {
    var cli: FerryCommandLine!

    override class var services: [String] { Stack.services }
    override class var environment: [String: String] { ["FERRY_EXECUTOR_MAX_RETRIES": "1"] }

    override func setUp() async throws {
        try await super.setUp()
        cli = FerryCommandLine(stack: stack)
    }

    static let fingerprint = "SELECT count(*) || ':' || md5(string_agg(i::text, '|' ORDER BY id)) FROM items i"

    func testCopyPostgresToSQLiteAndBackEndsExact() async throws {
        let src = try await TestPostgres.createDatabase("ferry_cli_src")
        let back = try await TestPostgres.createDatabase("ferry_cli_back")
        databases += [src.name, back.name]
        try await TestPostgres.run(url: src.url) { c in
            try c.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(12,2), in_stock boolean, added date, seen timestamptz, note text)")
            try c.execute("""
                INSERT INTO items SELECT g, 'item ' || g || ' ☃ "q" ''s''', (g * 1.37)::numeric(12,2), g % 3 = 0,
                  date '2020-02-29' + g, timestamptz '2024-01-01 00:00:00.123+00' + g * interval '1 minute',
                  CASE WHEN g % 7 = 0 THEN NULL ELSE 'n' || g END
                FROM generate_series(1, 2500) g
                """)
        }
        let expected = try await TestPostgres.run(url: src.url) { c in try c.query(Self.fingerprint).rows[0].string(0) ?? "" }
        let sqlite = stack.dataDir + "/copy/items.db"
        try FileManager.default.createDirectory(atPath: stack.dataDir + "/copy", withIntermediateDirectories: true)

        let out = try cli.ok(["copy", src.url, sqlite, "--table", "items", "--wait"])
        XCTAssertTrue(out.contains("COMPLETED"), out)
        XCTAssertTrue(out.contains("2,500 rows written"), out)
        let copied = try await TableSnapshot.count(.sqlite(path: sqlite), "items")
        XCTAssertEqual(copied, 2500)

        try cli.ok(["copy", "sqlite:" + sqlite, back.url, "--table", "items", "--mode", "truncate-insert", "--wait"])
        let roundTrip = try await TestPostgres.run(url: back.url) { c in try c.query(Self.fingerprint).rows[0].string(0) ?? "" }
        XCTAssertEqual(roundTrip, expected, "PostgreSQL → SQLite → PostgreSQL changed the rows")

        // Again: everything is reused, nothing registered twice, and the copy is still exact (upsert).
        let counts = { () throws -> [Int] in
            try ["datasource", "table", "bundle"].map { ((try self.cli.json([$0, "list"])) as? [Any])?.count ?? -1 }
        }
        let before = try counts()
        XCTAssertEqual(before, [3, 1, 2])
        let again = try cli.ok(["copy", src.url, sqlite, "--table", "items", "--wait"])
        XCTAssertTrue(again.contains("reused"), again)
        XCTAssertEqual(try counts(), before)
        let recopied = try await TableSnapshot.count(.sqlite(path: sqlite), "items")
        XCTAssertEqual(recopied, 2500)

        // --json of the read commands parses and says what the text says.
        let history = try XCTUnwrap(try cli.json(["history"]) as? [String: Any])
        let items = try XCTUnwrap(history["items"] as? [[String: Any]])
        XCTAssertEqual(items.count, 3)
        XCTAssertEqual(Set(items.compactMap { $0["status"] as? String }), ["COMPLETED"])
        let job = try XCTUnwrap(items.first?["jobExecutionId"] as? Int)
        let status = try XCTUnwrap(try cli.json(["status", String(job)]) as? [String: Any])
        XCTAssertEqual(status["writeCount"] as? Int, 2500)
        let steps = try XCTUnwrap(status["steps"] as? [[String: Any]])
        XCTAssertEqual(steps.first?["percent"] as? Double, 100)
        XCTAssertNotNil(try cli.json(["bundle", "plan", "1"]) as? [Any])
        XCTAssertNotNil(try cli.json(["datasource", "tables", "1"]) as? [Any])
        XCTAssertNotNil(try cli.json(["skips", String(job)]) as? [String: Any])
        let text = try cli.ok(["status", String(job)])
        XCTAssertTrue(text.contains("STEP-ITEMS") && text.contains("100%"), text)
    }

    func testBadInputIsOneClearLineAndANonZeroExit() throws {
        let cases: [([String], [String: String], String)] = [
            (["run", "NO_SUCH_BUNDLE"], [:], "no bundle named 'NO_SUCH_BUNDLE'"),
            (["run", "999"], [:], "no bundle with uid 999"),
            (["status", "abc"], [:], "is not a job execution id"),
            (["status", "424242"], [:], "Job execution 424242 not found"),
            (["copy", "mysql://root:hunter2@db/x", "/tmp/x.db", "--table", "t"], [:], "unrecognised connection URL"),
            (["copy", "postgresql://u@h:99999/db", "/tmp/x.db", "--table", "t"], [:], "bad PostgreSQL URL"),
            (["history", "--url", "not a url"], [:], "bad --url"),
            (["history"], ["FERRY_API_KEY": "wrong-key"], "the API key was refused"),
            (["history", "--url", "http://127.0.0.1:\(try LoopbackPort.free())"], [:], "cannot reach Ferry"),
        ]
        for (args, env, expected) in cases {
            let (status, output) = try cli.run(args, extra: env)
            let lines = output.split(separator: "\n")
            XCTAssertNotEqual(status, 0, "ferry \(args): \(output)")
            XCTAssertEqual(lines.count, 1, "ferry \(args) printed more than one line:\n\(output)")
            XCTAssertTrue(output.hasPrefix("ferry: error: ") && output.contains(expected), "ferry \(args): \(output)")
            XCTAssertFalse(output.contains("hunter2"), "a password was echoed: \(output)")
        }
    }
}
