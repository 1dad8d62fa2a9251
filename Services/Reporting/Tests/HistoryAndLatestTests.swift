@testable import ReportingService
import FerryModels
import FerryServiceKit
import FerryTestKit
import Foundation
import XCTest

/// `GET /v1/batch/jobs` (history), `GET /v1/batch/job/{id}/skips` and `GET /v1/data/bundles/{uid}/get-latest-integration`.
final class HistoryTests: XCTestCase {
    func ids(_ page: [String: Any]) -> [Int] {
        (page["items"] as? [[String: Any]] ?? []).compactMap { $0["jobExecutionId"] as? Int }
    }

    func testNewestFirstInRF06Shape() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }
        let (status, text) = try await h.get("/v1/batch/jobs")
        XCTAssertEqual(status, 200, text)
        XCTAssertEqual(JSONKeyOrder.keys(text), ["items", "page", "size", "total"])
        let page = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        XCTAssertEqual(ids(page), [35, 34, 33, 32, 31, 30, 29])
        XCTAssertEqual(page["page"] as? Int, 0)
        XCTAssertEqual(page["size"] as? Int, 20)
        XCTAssertEqual(page["total"] as? Int, 7)
        for keys in JSONKeyOrder.keysOfArrayItems(text, field: "items") {
            XCTAssertEqual(keys, RF06Tests.jobKeys)
        }
        let typed = try JSONDecoder().decode(JobExecutionViewPage.self, from: Data(text.utf8))
        XCTAssertEqual(typed.items.first?.jobEndTime, "")
    }

    func testPagingAndFilters() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }
        var page = try await h.json("/v1/batch/jobs?page=1&size=2")
        XCTAssertEqual(ids(page), [33, 32])
        XCTAssertEqual(page["total"] as? Int, 7)
        XCTAssertEqual(page["page"] as? Int, 1)
        XCTAssertEqual(page["size"] as? Int, 2)
        page = try await h.json("/v1/batch/jobs?page=9&size=2")
        XCTAssertEqual(ids(page), [])
        XCTAssertEqual(page["total"] as? Int, 7)

        page = try await h.json("/v1/batch/jobs?status=completed")
        XCTAssertEqual(ids(page), [30, 29])
        page = try await h.json("/v1/batch/jobs?status=FAILED&bundleId=41")
        XCTAssertEqual(ids(page), [31])
        page = try await h.json("/v1/batch/jobs?bundleId=99")
        XCTAssertEqual(ids(page), [])
        XCTAssertEqual(page["total"] as? Int, 0)
        // A date alone in `to` takes in the whole day.
        page = try await h.json("/v1/batch/jobs?from=2024-12-06&to=2024-12-06")
        XCTAssertEqual(ids(page), [31, 30])
        page = try await h.json("/v1/batch/jobs?from=2024-12-06T10:50:00Z&to=2024-12-07T23:00:00%2B00:00")
        XCTAssertEqual(ids(page), [34, 31])
        page = try await h.json("/v1/batch/jobs?to=2023-12-31")
        XCTAssertEqual(ids(page), [29])
    }

    func testBadParametersAre400NamingThem() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }
        let cases: [(String, String)] = [
            ("status=DONE", "status"), ("from=yesterday", "from"), ("to=2024-13-45", "to"), ("page=-1", "page"),
            ("page=x", "page"), ("size=0", "size"), ("size=201", "size"), ("bundleId=abc", "bundleId"),
            ("bundleId=0", "bundleId"), ("from=2024-12-07&to=2024-12-06", "to"),
        ]
        for (query, field) in cases {
            let body = try await h.json("/v1/batch/jobs?\(query)", expect: 400)
            XCTAssertEqual(body["success"] as? Bool, false, query)
            XCTAssertEqual((body["errors"] as? [[String: Any]])?.first?["field"] as? String, field, query)
            XCTAssertTrue((body["message"] as? String ?? "").hasPrefix(field), "\(query): \(body)")
        }
        // The limits themselves are fine.
        _ = try await h.json("/v1/batch/jobs?size=200&page=0")
        _ = try await h.json("/v1/batch/jobs?size=1")
    }

    func testSkippedRows() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }
        var page = try await h.json("/v1/batch/job/\(Fixtures.skippedId)/skips?size=2")
        var items = try XCTUnwrap(page["items"] as? [[String: Any]])
        XCTAssertEqual(items.count, 2)
        XCTAssertEqual(page["total"] as? Int, 3)
        XCTAssertEqual(items[0]["key"] as? [String], ["1042"])
        XCTAssertEqual(items[0]["sqlState"] as? String, "23502")
        XCTAssertEqual((items[0]["row"] as? [String: Any])?["ID"] as? String, "1042")
        XCTAssertTrue((items[0]["row"] as? [String: Any])?["EMAIL"] is NSNull)
        XCTAssertTrue((items[0]["reason"] as? String ?? "").contains("not-null"))
        page = try await h.json("/v1/batch/job/\(Fixtures.skippedId)/skips?page=1&size=2")
        items = try XCTUnwrap(page["items"] as? [[String: Any]])
        XCTAssertEqual(items.count, 1)
        XCTAssertEqual(items[0]["sqlState"] as? String, "22003")

        page = try await h.json("/v1/batch/job/\(Fixtures.completedId)/skips")
        XCTAssertEqual(page["total"] as? Int, 0)

        let missing = try await h.json("/v1/batch/job/999/skips", expect: 404)
        XCTAssertEqual(missing["message"] as? String, "Job execution 999 not found")
        let bad = try await h.json("/v1/batch/job/x/skips", expect: 400)
        XCTAssertEqual((bad["errors"] as? [[String: Any]])?.first?["field"] as? String, "jobExecutionId")
        let badSize = try await h.json("/v1/batch/job/30/skips?size=500", expect: 400)
        XCTAssertEqual((badSize["errors"] as? [[String: Any]])?.first?["field"] as? String, "size")
    }

    func testLatestIntegration() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }
        let (status, text) = try await h.get("/v1/data/bundles/41/get-latest-integration")
        XCTAssertEqual(status, 200, text)
        XCTAssertEqual(JSONKeyOrder.keys(text), ["classType", "id", "bundleName", "lastDateTime", "pairs"])
        XCTAssertEqual(JSONKeyOrder.keysOfArrayItems(text, field: "pairs"),
                       Array(repeating: ["pairId", "stepName", "jobExecutionId", "lastDateTime", "rowCount", "watermark"], count: 3))
        let body = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        XCTAssertEqual(body["classType"] as? String, "Bundle")
        XCTAssertEqual(body["id"] as? Int, 41)
        XCTAssertEqual(body["bundleName"] as? String, Fixtures.bundleName)
        XCTAssertEqual(body["lastDateTime"] as? String, "2024-12-06T10:45:29.500Z")
        let pairs = try XCTUnwrap(body["pairs"] as? [[String: Any]])
        XCTAssertEqual(pairs.compactMap { $0["pairId"] as? Int }, [7, 8, 9])
        XCTAssertEqual(pairs[0]["jobExecutionId"] as? Int, 30)
        XCTAssertEqual(pairs[0]["stepName"] as? String, "STEP-CUSTOMERS")
        XCTAssertEqual(pairs[0]["lastDateTime"] as? String, "2024-12-06T10:45:29.000Z")
        XCTAssertEqual(pairs[0]["rowCount"] as? Int, 57)
        XCTAssertEqual(pairs[0]["watermark"] as? String, Fixtures.watermark, "the incremental watermark, microseconds kept")
        XCTAssertTrue(pairs[1]["watermark"] is NSNull)
        XCTAssertEqual(pairs[1]["jobExecutionId"] as? Int, 30)
        XCTAssertEqual(pairs[1]["rowCount"] as? Int, 38)
        // A pair that never completed is listed with nulls.
        XCTAssertTrue(pairs[2]["jobExecutionId"] is NSNull)
        XCTAssertTrue(pairs[2]["lastDateTime"] is NSNull)
        XCTAssertTrue(pairs[2]["rowCount"] is NSNull)
    }

    func testLatestIntegrationOfAnEmptyAndAnUnknownBundle() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }
        let (status, text) = try await h.get("/v1/data/bundles/42/get-latest-integration")
        XCTAssertEqual(status, 200, text)
        XCTAssertTrue(text.contains(#""lastDateTime":null,"pairs":[]"#), text)
        let missing = try await h.json("/v1/data/bundles/999/get-latest-integration", expect: 404)
        XCTAssertEqual(missing["message"] as? String, "Bundle 999 not found")
        let bad = try await h.json("/v1/data/bundles/abc/get-latest-integration", expect: 400)
        XCTAssertEqual((bad["errors"] as? [[String: Any]])?.first?["field"] as? String, "uid")
    }

    func testCatalogUnreachableIs502NamingIt() async throws {
        let standIn = try await StandIn.start(records: Fixtures.records())
        let config = try TestConfig.make(extra: ["FERRY_ORCHESTRATOR_URL": standIn.baseURL, "FERRY_CATALOG_URL": "http://127.0.0.1:1",
                                                 "FERRY_TIMEZONE": "UTC"])
        let app = try await RunningApp.start(config: config) { onRunning in
            try await ReportingApp.make(config: config, port: 0, onServerRunning: onRunning)
        }
        let h = ReportingHarness(app: app, standIn: standIn)
        defer { Task { await h.stop() } }
        let body = try await h.json("/v1/data/bundles/41/get-latest-integration", expect: 502)
        XCTAssertTrue((body["message"] as? String ?? "").hasPrefix("catalog service error"), "\(body)")
    }
}
