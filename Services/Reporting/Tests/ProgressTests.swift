@testable import ReportingService
import FerryHTTPClient
import FerryModels
import FerryTestKit
import Foundation
import XCTest

/// `GET /v1/batch/job/{id}/progress`, `GET /v1/batch/jobs/progress` (what `ferry run --wait` and the dashboard
/// draw) and the `/dashboard` page itself.
final class ProgressTests: XCTestCase {
    func testProgressOfFinishedRunningAndWaitingJobs() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }

        let done = try await h.json("/v1/batch/job/29/progress")
        XCTAssertEqual(done["status"] as? String, "COMPLETED")
        XCTAssertEqual(done["elapsedMillis"] as? Int, 268)
        XCTAssertEqual(done["writeCount"] as? Int, 392)
        XCTAssertEqual(done["startTime"] as? String, "2023-10-22T19:49:10.100Z")
        XCTAssertEqual(try XCTUnwrap(done["rowsPerSecond"] as? Double), 392_000.0 / 268, accuracy: 0.01)
        let step = try XCTUnwrap((done["steps"] as? [[String: Any]])?.first)
        XCTAssertEqual(step["percent"] as? Double, 100)
        XCTAssertEqual(step["elapsedMillis"] as? Int, 220)
        XCTAssertEqual(step["sourceRows"] as? Int, 392)

        // Running: 45 of 100 rows read, elapsed counted to now.
        let running = try await h.json("/v1/batch/job/32/progress")
        let live = try XCTUnwrap((running["steps"] as? [[String: Any]])?.first)
        XCTAssertEqual(live["percent"] as? Double, 45)
        XCTAssertGreaterThanOrEqual(live["elapsedMillis"] as? Int ?? 0, 119_000)
        XCTAssertNil(running["endTime"])
        let decoded = try JSONDecoder().decode(JobProgressView.self, from: Data(try await h.get("/v1/batch/job/32/progress").text.utf8))
        let eta = try XCTUnwrap(decoded.steps.first?.etaSeconds)
        XCTAssertEqual(eta, 55 / (45 / (Double(decoded.steps[0].elapsedMillis) / 1000)), accuracy: 0.5)

        // Failed: its messages; waiting: no time, no rate.
        let failed = try await h.json("/v1/batch/job/31/progress")
        XCTAssertEqual(failed["exitMessage"] as? String, "Database connection pool exhausted")
        XCTAssertEqual(failed["exceptionDetails"] as? String, "PostgreSQL connection timeout after 5 retry attempts")
        XCTAssertEqual((failed["steps"] as? [[String: Any]])?.first?["percent"] as? Double, 40)
        let waiting = try await h.json("/v1/batch/job/33/progress")
        XCTAssertEqual(waiting["elapsedMillis"] as? Int, 0)
        XCTAssertNil(waiting["rowsPerSecond"])

        let page = try await h.json("/v1/batch/jobs/progress?size=3&page=0")
        XCTAssertEqual((page["items"] as? [[String: Any]])?.compactMap { $0["jobExecutionId"] as? Int }, [35, 34, 33])
        XCTAssertEqual(page["total"] as? Int, 7)

        var statuses: [Int] = []
        for path in ["/v1/batch/job/abc/progress", "/v1/batch/job/999/progress", "/v1/batch/jobs/progress?size=0"] {
            statuses.append(try await h.get(path).status)
        }
        statuses.append(try await HTTPClient(baseURL: h.app.baseURL, maxAttempts: 1).send("GET", "/v1/batch/jobs/progress").status)
        XCTAssertEqual(statuses, [400, 404, 400, 401])
    }

    func testDashboardIsOneSelfContainedPageThatNeedsNoKeyAndCarriesNoData() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }
        let page = try await HTTPClient(baseURL: h.app.baseURL, maxAttempts: 1).send("GET", "/dashboard")
        XCTAssertEqual(page.status, 200)
        XCTAssertEqual(page.header("Content-Type"), "text/html; charset=utf-8")
        XCTAssertTrue(page.header("Content-Security-Policy")?.contains("connect-src 'self'") == true)
        let html = page.text
        XCTAssertTrue(html.contains("localStorage") && html.contains("X-API-Key"), "the key is not kept in the browser")
        XCTAssertTrue(html.contains("/v1/batch/jobs/progress"))
        // Nothing from elsewhere: no external script, style or font.
        XCTAssertNil(html.range(of: #"(src|href)=\"https?:"#, options: .regularExpression))
        XCTAssertFalse(html.contains("Database connection pool exhausted"), "the page itself must not carry data")
    }
}
