import FerryTestKit
import Foundation
import XCTest

/// `/dashboard` through the gateway, rendered by headless Chromium after real runs (one completed, one failed,
/// one with skipped rows, one of a flow): the runs, a throughput chart per run, the failure's message and the flow
/// (next tick, its run, the watermark) and an export's manifest with its verify state are in the rendered DOM.
/// The key gets into the browser the way a user's does — in localStorage, never in a URL — through a test page
/// on the gateway's origin (a file in FERRY_SWAGGER_UI_DIR). Screenshot kept under FERRY_ARTIFACTS_DIR.
final class DashboardBrowserTests: XCTestCase {
    func testDashboardShowsRunsChartsAndFailures() async throws {
        guard let chromium = SwaggerUIBrowserTests.browsers.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw TestRequirement.unmet("no Chromium installed (make test installs the Debian package chromium)")
        }
        let pages = TestConfig.temporaryDirectory("dashboard-pages")
        try FileManager.default.createDirectory(atPath: pages, withIntermediateDirectories: true)
        try "".write(toFile: pages + "/swagger-ui-bundle.js", atomically: true, encoding: .utf8)
        try """
            <!doctype html><script>localStorage.setItem("ferry.apiKey", "\(TestConfig.apiKey)"); location.replace("/dashboard");</script>
            """.write(toFile: pages + "/seed-key.html", atomically: true, encoding: .utf8)
        let stack = try Stack(extraEnvironment: ["FERRY_SWAGGER_UI_DIR": pages, "FERRY_EXECUTOR_MAX_RETRIES": "0"])
        defer { stack.stopAll() }
        try await stack.start()
        let cli = FerryCommandLine(stack: stack)

        // Three runs: completed; failed (the target table lacks a column); completed with 3 rows skipped (NOT NULL).
        let dir = stack.dataDir + "/dash"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try sqlite(dir + "/src.db", """
            CREATE TABLE orders (id INTEGER PRIMARY KEY, total TEXT);
            WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 3000) INSERT INTO orders SELECT n, n * 3 FROM g;
            CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
            WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 30) INSERT INTO notes SELECT n, CASE WHEN n % 10 = 0 THEN NULL ELSE 'note ' || n END FROM g;
            CREATE TABLE events (id INTEGER PRIMARY KEY, updated_at TIMESTAMP);
            WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 30) INSERT INTO events SELECT n, printf('2024-01-01 00:00:%02d.000000', n) FROM g;
            """)
        try sqlite(dir + "/narrow.db", "CREATE TABLE orders (id INTEGER PRIMARY KEY);")
        try sqlite(dir + "/strict.db", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);")
        try cli.ok(["copy", dir + "/src.db", dir + "/copy.db", "--table", "orders", "--wait"])
        let (failedStatus, failed) = try cli.run(["copy", dir + "/src.db", dir + "/narrow.db", "--table", "orders", "--wait"])
        XCTAssertEqual(failedStatus, 2, failed)
        XCTAssertTrue(failed.contains("FAILED"), failed)
        try cli.ok(["datasource", "add", "src", dir + "/src.db"])
        try cli.ok(["datasource", "add", "strict", dir + "/strict.db"])
        try cli.ok(["bundle", "create", "NOTES", "--source", "src", "--target", "strict", "--table", "notes", "--skip-limit", "10"])
        let skipped = try cli.ok(["run", "NOTES", "--wait"])
        XCTAssertTrue(skipped.contains("3 skipped"), skipped)
        // 30 source rows, 27 in the target: the check differs by exactly the rows skipped, and says so.
        let notes = try cli.ok(["status", "3"])
        XCTAssertTrue(notes.contains("count: differs (3 rows skipped)"), notes)
        // A flow (ticks far ahead) run once: the flows panel shows its schedule, the run and the pair's watermark.
        try cli.ok(["datasource", "add", "events-dst", dir + "/events.db"])
        try cli.ok(["bundle", "create", "EVENTS", "--source", "src", "--target", "events-dst", "--table", "events"])
        try cli.ok(["flow", "create", "events-hourly", "--bundle", "EVENTS", "--every", "1h", "--start", "2100-01-01T00:00:00Z",
                    "--delta-column", "updated_at", "--backfill", "--look-back", "0"])
        try cli.ok(["flow", "run", "events-hourly", "--wait"])
        // An export with a manifest whose file is then altered: the manifests panel's lazy verify names it.
        try cli.ok(["datasource", "add", "exports", "file:" + dir + "/exports"])
        try cli.ok(["bundle", "create", "EXPORT", "--source", "src", "--target", "exports", "--table", "notes", "--manifest", "--batch-code", "DASHX"])
        try cli.ok(["run", "EXPORT", "--wait"])
        let exported = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: dir + "/exports").first { $0.hasSuffix(".jsonl.gz") })
        try Data("altered".utf8).write(to: URL(fileURLWithPath: dir + "/exports/" + exported))

        let gateway = cli.gatewayURL
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                      "--virtual-time-budget=15000", "--window-size=1360,1000"]
        // Without a key the page asks for one (and shows no data).
        let fresh = TestConfig.temporaryDirectory("chromium-fresh")
        let (s0, asking) = try Subprocess.run("/usr/bin/timeout", ["90", chromium] + common + ["--user-data-dir=\(fresh)", "--dump-dom", gateway + "/dashboard"])
        XCTAssertEqual(s0, 0, String(asking.suffix(2000)))
        XCTAssertTrue(asking.contains("<section class=\"card\" id=\"key-card\">"), "the key form is not shown:\n\(asking.prefix(3000))")
        XCTAssertFalse(asking.contains("<tr class=\"run\" data-job=\"1\""), "runs are shown without a key")

        let profile = TestConfig.temporaryDirectory("chromium-dashboard")
        let (s1, dom) = try Subprocess.run("/usr/bin/timeout", ["90", chromium] + common + ["--user-data-dir=\(profile)", "--dump-dom", gateway + "/swagger-ui/seed-key.html"])
        XCTAssertEqual(s1, 0, String(dom.suffix(2000)))
        for job in 1...3 {
            XCTAssertTrue(dom.contains("<tr class=\"run\" data-job=\"\(job)\""), "run \(job) is not listed:\n\(dom.prefix(4000))")
            XCTAssertTrue(dom.contains("<svg class=\"throughput-chart\" data-job=\"\(job)\""), "run \(job) has no chart")
        }
        XCTAssertTrue(dom.contains("data-status=\"FAILED\""), "no failed run")
        XCTAssertTrue(dom.contains("<path d=\"M"), "no chart was drawn")
        // Charts draw the orchestrator's progress samples (a finished step has at least its final one).
        XCTAssertNotNil(dom.range(of: #"data-job="1" data-samples="[1-9]"#, options: .regularExpression), "run 1's chart has no samples")
        XCTAssertTrue(dom.contains("<div class=\"failure\" data-job=\"2\">"), "the failure is not in the failures panel")
        XCTAssertTrue(dom.contains("has no column(s) total"), "the failure's message is missing:\n\(dom)")
        XCTAssertTrue(dom.contains("<div class=\"skip\" data-job=\"3\">") && dom.contains("3 rows skipped"), "the skipped rows are missing")
        XCTAssertTrue(dom.contains("NOT NULL"), "the skip reason is missing")
        XCTAssertTrue(dom.contains("<tr class=\"flow\" data-flow=\"1\">") && dom.contains("every hour · backfill"), "the flow is missing")
        XCTAssertTrue(dom.contains("data-run=\"1\"") && dom.contains(">success</span>"), "the flow's run is missing")
        XCTAssertFalse(dom.contains("class=\"nowrap next-tick\">–") || dom.contains("class=\"nowrap next-tick\">none left"), "no next tick")
        XCTAssertTrue(dom.contains("STEP-EVENTS: updated_at ≤ <b>2024-01-01 00:00:30"), "the watermark is missing")
        XCTAssertTrue(dom.contains("<tr class=\"manifest\" data-manifest=\"DASHX/1/0\">") && dom.contains("DASHX_1_0_manifest.json"), "the manifest is missing")
        XCTAssertTrue(dom.contains("data-verify=\"invalid\"") && dom.contains("\(exported) truncated"), "the verify state is missing")
        XCTAssertTrue(dom.contains("class=\"verify-manifest\""), "no verify button")
        XCTAssertTrue(dom.contains("<div class=\"sub check\" data-check=\"equal\">count check: equal</div>"), "run 1's check after its step is missing")
        XCTAssertTrue(dom.contains(#"1 step differs</span> <span class="skipped-hint">(3 rows skipped)</span></div>"#),
                      "run 3's check does not say its difference is the skipped rows")
        if let r = dom.range(of: TestConfig.apiKey) {
            let before = String(dom[..<r.lowerBound].suffix(300))
            XCTFail("the API key is in the page: …\(before)")
        }

        let artifacts = ProcessInfo.processInfo.environment["FERRY_ARTIFACTS_DIR"] ?? NSTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        let shot = artifacts + "/dashboard.png"
        _ = try Subprocess.run("/usr/bin/timeout", ["90", chromium] + common + ["--user-data-dir=\(profile)", "--screenshot=\(shot)", gateway + "/dashboard"])
        let size = (try? FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
        XCTAssertGreaterThan(size, 10_000, "screenshot \(shot) missing or empty")
    }

    private func sqlite(_ path: String, _ sql: String) throws {
        let (status, output) = try Subprocess.run("/usr/bin/sqlite3", [path, sql])
        XCTAssertEqual(status, 0, output)
    }
}
