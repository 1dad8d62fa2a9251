import FerryTestKit
import Foundation
import XCTest

/// Swagger UI at the gateway opened in headless Chromium, as a user's browser would: the page must render
/// the seed's groups and operations from the merged /openapi.json (asserted on the rendered DOM, not on
/// the HTML the gateway sends). The screenshot is kept under FERRY_ARTIFACTS_DIR.
final class SwaggerUIBrowserTests: XCTestCase {
    static let browsers = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]

    func testSwaggerUIRendersTheGroupsAndTheSeedOperations() async throws {
        guard let chromium = Self.browsers.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw TestRequirement.unmet("no Chromium installed (make test installs the Debian package chromium)")
        }
        let stack = try Stack()
        defer { stack.stopAll() }
        try await stack.start()
        let url = "http://127.0.0.1:\(stack.ports["gateway"]!)/swagger-ui/index.html"
        let index = try await stack.client("gateway").send("GET", "/swagger-ui/index.html")
        guard index.status == 200 else {
            throw TestRequirement.unmet("Swagger UI files are not installed (scripts/install-swagger-ui.sh): \(index.status)")
        }
        let profile = TestConfig.temporaryDirectory("chromium")
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                      "--user-data-dir=\(profile)", "--virtual-time-budget=20000", "--window-size=1280,2400"]

        // `timeout` bounds the browser: a hung page fails the test instead of the run.
        let (status, dom) = try Subprocess.run("/usr/bin/timeout", ["90", chromium] + common + ["--dump-dom", url])
        XCTAssertEqual(status, 0, String(dom.suffix(2000)))
        for group in ["Datasource", "Tables", "Bundles", "Batch", "Reports"] {
            XCTAssertTrue(dom.contains("id=\"operations-tag-\(group)\""), "group \(group) not rendered\n\(dom.suffix(3000))")
        }
        for path in ["/v1/datasource", "/v1/data/tables", "/v1/data/bundles", "/v1/batch/job", "/v1/batch-job-report/{jobId}"] {
            XCTAssertTrue(dom.contains("data-path=\"\(path)\""), "operation \(path) not rendered")
        }
        XCTAssertTrue(dom.contains("authorize"), "no Authorize button: the API key cannot be entered")

        let artifacts = ProcessInfo.processInfo.environment["FERRY_ARTIFACTS_DIR"] ?? NSTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        let shot = artifacts + "/swagger-ui.png"
        _ = try Subprocess.run("/usr/bin/timeout", ["90", chromium] + common + ["--screenshot=\(shot)", url])
        let size = (try? FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
        XCTAssertGreaterThan(size, 10_000, "screenshot \(shot) missing or empty")
    }
}
