import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// `ferry manifest`, `ferry reconcile` and the ranges in `ferry status`, driven as a user would against every
/// service as a real process: a verify that passes, then fails (exit 3, naming the file) after a file is altered;
/// a reconcile that is equal, then names the key of a changed target row; a split step read as "4/4 done" with its
/// check after the last commit; bad
/// input is one line and a non-zero exit.
final class CLICheckTests: StackTestCase {
    var cli: FerryCommandLine!

    override class var services: [String] { Stack.services }

    override func setUp() async throws {
        try await super.setUp()
        cli = FerryCommandLine(stack: stack)
    }

    func testManifestListVerifyAndReconcileAndRanges() async throws {
        let src = try await database("ferry_cli_check")
        try await TestPostgres.run(url: src.url) { c in
            try c.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL)")
            try c.execute("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 400) g")
        }
        let exports = stack.dataDir + "/exports"
        try cli.ok(["datasource", "add", "src", src.url])
        try cli.ok(["datasource", "add", "out", "file:" + exports])
        try cli.ok(["bundle", "create", "EXPORT", "--source", "src", "--target", "out", "--table", "items", "--manifest", "--batch-code", "CLIX"])
        let export = try XCTUnwrap(try cli.json(["run", "EXPORT", "--wait"]) as? [String: Any])
        XCTAssertEqual(export["status"] as? String, "COMPLETED", "\(export)")

        // manifest list: by batch code (--json is the API's answer) and across bundles (text).
        let list = try XCTUnwrap(try cli.json(["manifest", "list", "--batch-code", "CLIX"]) as? [String: Any])
        let entries = try XCTUnwrap(list["manifests"] as? [[String: Any]])
        XCTAssertEqual(entries.map { $0["manifestFileName"] as? String }, ["CLIX_1_0_manifest.json"])
        XCTAssertEqual(entries.first?["recordsProcessed"] as? Int, 400)
        let text = try cli.ok(["manifest", "list"])
        XCTAssertTrue(text.contains("CLIX") && text.contains("CLIX_1_0_manifest.json") && text.contains("400"), text)

        // verify: the recorded hash; deep, every file as written.
        let hash = try XCTUnwrap(entries.first?["hashValue"] as? String)
        let shallow = try cli.ok(["manifest", "verify", "CLIX", "1", "0"])
        XCTAssertTrue(shallow.contains("CLIX_1_0_manifest.json") && shallow.contains(hash), shallow)
        let sound = try cli.ok(["manifest", "verify", "CLIX", "1", "0", "--deep"])
        XCTAssertTrue(sound.contains("valid:"), sound)
        let soundJSON = try XCTUnwrap(try cli.json(["manifest", "verify", "CLIX", "1", "0", "--deep"]) as? [String: Any])
        XCTAssertEqual(soundJSON["valid"] as? Bool, true)

        // A byte of the export file altered: exit 3, the file named as changed.
        let file = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: exports).first { $0.hasSuffix(".jsonl.gz") })
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: exports + "/" + file))
        try handle.seek(toOffset: 20)
        let byte = try XCTUnwrap(try handle.read(upToCount: 1)).first ?? 0
        try handle.seek(toOffset: 20)
        try handle.write(contentsOf: Data([byte ^ 0xFF]))
        try handle.close()
        let (verifyStatus, damaged) = try cli.run(["manifest", "verify", "CLIX", "1", "0", "--deep"])
        XCTAssertEqual(verifyStatus, 3, damaged)
        XCTAssertTrue(damaged.contains("INVALID") && damaged.contains("ferry: error: CLIX_1_0_manifest.json failed verification: \(file) changed"), damaged)

        // reconcile: a copy into SQLite is equal; a changed target row is named by its key (exit 3); count alone
        // cannot see it.
        let sqlite = stack.dataDir + "/check.db"
        try cli.ok(["datasource", "add", "dst", sqlite])
        try cli.ok(["bundle", "create", "COPY", "--source", "src", "--target", "dst", "--table", "items", "--partitions", "4"])
        let copied = try XCTUnwrap(try cli.json(["run", "COPY", "--wait"]) as? [String: Any])
        XCTAssertEqual(copied["status"] as? String, "COMPLETED", "\(copied)")
        let equal = try cli.ok(["reconcile", "COPY"])
        XCTAssertTrue(equal.contains("every pair equal") && equal.contains("STEP-ITEMS") && equal.contains("equal"), equal)
        let (s0, out0) = try Subprocess.run("/usr/bin/sqlite3", [sqlite, "UPDATE items SET name = 'changed' WHERE id = 42"])
        XCTAssertEqual(s0, 0, out0)
        let (s1, differs) = try cli.run(["reconcile", "COPY"])
        XCTAssertEqual(s1, 3, differs)
        XCTAssertTrue(differs.contains("differing") && differs.contains("id=42  different"), differs)
        XCTAssertTrue(differs.contains("ferry: error: bundle COPY: source and target differ (STEP-ITEMS)"), differs)
        let counted = try cli.ok(["reconcile", "COPY", "--method", "count"])
        XCTAssertTrue(counted.contains("count: every pair equal"), counted)
        let (s2, json) = try cli.run(["reconcile", "COPY", "--json"])
        XCTAssertEqual(s2, 3)
        let body = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.split(separator: "\n")[0].utf8)) as? [String: Any])
        XCTAssertEqual(body["equal"] as? Bool, false)

        // status: the split step's ranges, compact in text, listed in --json.
        let job = try XCTUnwrap(copied["jobExecutionId"] as? Int)
        let shown = try cli.ok(["status", String(job)])
        XCTAssertTrue(shown.contains("RANGES") && shown.contains("4/4 done"), shown)
        XCTAssertTrue(shown.contains("CHECK") && shown.contains("count: equal"), "the step's check after its last commit: \(shown)")
        let status = try XCTUnwrap(try cli.json(["status", String(job)]) as? [String: Any])
        let steps = try XCTUnwrap(status["steps"] as? [[String: Any]])
        let ranges = try XCTUnwrap(steps.first?["partitions"] as? [[String: Any]])
        XCTAssertEqual(ranges.count, 4)
        XCTAssertEqual(Set(ranges.compactMap { $0["status"] as? String }), ["COMPLETED"])
        XCTAssertEqual(ranges.compactMap { $0["writeCount"] as? Int }.reduce(0, +), 400)
        let check = try XCTUnwrap(steps.first?["reconciliation"] as? [String: Any])
        XCTAssertEqual(check["method"] as? String, "count")
        XCTAssertEqual(check["equal"] as? Bool, true)

        // Bad input: one line, non-zero.
        let cases: [([String], String)] = [
            (["manifest", "verify", "CLIX", "x", "0"], "bad run 'x'"),
            (["manifest", "verify", "CLIX", "1", "y"], "bad rerun 'y'"),
            (["manifest", "verify", "CLIX", "9", "0"], "not found"),
            (["manifest", "list", "--batch-code", "a/b"], "bad batch code 'a/b'"),
            (["manifest", "list", "--batch-code", "NOPE"], "not found"),
            (["reconcile", "NO_SUCH_BUNDLE"], "no bundle named 'NO_SUCH_BUNDLE'"),
        ]
        for (args, expected) in cases {
            let (status, output) = try cli.run(args)
            XCTAssertNotEqual(status, 0, "ferry \(args): \(output)")
            XCTAssertEqual(output.split(separator: "\n").count, 1, "ferry \(args) printed more than one line:\n\(output)")
            XCTAssertTrue(output.hasPrefix("ferry: error: ") && output.contains(expected), "ferry \(args): \(output)")
        }
    }
}
