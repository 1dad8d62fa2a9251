@testable import ReportingService
import FerryModels
import FerryServiceKit
import FerryTestKit
import Foundation
import XCTest

/// RF06 — `GET /v1/batch/job/{jobExecutionId}` against a stand-in orchestrator.
final class RF06Tests: XCTestCase {
    static let jobKeys = ["batchStatus", "jobExecutionId", "jobName", "jobStartTime", "jobEndTime", "jobElapsedTime",
                          "exitStatus", "exitMessage", "steps"]
    static let stepKeys = ["batchStatus", "stepName", "stepStartTime", "stepEndTime", "stepElapsedTime", "commitCount",
                           "readCount", "writeCount", "writeSkipCount", "exitStatus", "exitMessage"]
    static let localTime = try! NSRegularExpression(pattern: #"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$"#)
    static let elapsedTime = try! NSRegularExpression(pattern: #"^\d{2,}:[0-5]\d:[0-5]\d:\d{3}$"#)

    static func matches(_ regex: NSRegularExpression, _ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// `HH:mm:ss:SSS` → milliseconds.
    static func millis(_ elapsed: String) -> Int64 {
        let p = elapsed.split(separator: ":").compactMap { Int64($0) }
        guard p.count == 4 else { return -1 }
        return ((p[0] * 60 + p[1]) * 60 + p[2]) * 1000 + p[3]
    }

    func testCompletedJobIsSeed000FieldForFieldInOrder() async throws {
        let h = try await ReportingHarness.start(timezone: "UTC")
        defer { Task { await h.stop() } }
        let (status, text) = try await h.get("/v1/batch/job/29")
        XCTAssertEqual(status, 200, text)
        XCTAssertEqual(JSONKeyOrder.keys(text), Self.jobKeys, text)
        XCTAssertEqual(JSONKeyOrder.keysOfArrayItems(text, field: "steps"), [Self.stepKeys], text)

        let job = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        XCTAssertEqual(job["batchStatus"] as? String, "COMPLETED")
        XCTAssertEqual(job["jobExecutionId"] as? Int, 29)
        XCTAssertEqual(job["jobName"] as? String, "JOB-CO_APP_DB_MIGRATION")
        XCTAssertEqual(job["jobStartTime"] as? String, "22/10/2023 19:49")
        XCTAssertEqual(job["jobEndTime"] as? String, "22/10/2023 19:49")
        XCTAssertEqual(job["jobElapsedTime"] as? String, "00:00:00:268")
        XCTAssertEqual(job["exitStatus"] as? String, "COMPLETED")
        XCTAssertEqual(job["exitMessage"] as? String, "")
        let step = try XCTUnwrap((job["steps"] as? [[String: Any]])?.first)
        XCTAssertEqual(step["batchStatus"] as? String, "COMPLETED")
        XCTAssertEqual(step["stepName"] as? String, "STEP-CUSTOMERS")
        XCTAssertEqual(step["stepStartTime"] as? String, "22/10/2023 19:49")
        XCTAssertEqual(step["stepEndTime"] as? String, "22/10/2023 19:49")
        XCTAssertEqual(step["stepElapsedTime"] as? String, "00:00:00:220")
        XCTAssertEqual(step["commitCount"] as? Int, 5)
        XCTAssertEqual(step["readCount"] as? Int, 392)
        XCTAssertEqual(step["writeCount"] as? Int, 392)
        XCTAssertEqual(step["writeSkipCount"] as? Int, 0)
        XCTAssertEqual(step["exitStatus"] as? String, "COMPLETED")
        XCTAssertEqual(step["exitMessage"] as? String, "")
        // Typed decoding of the shared wire type works too.
        let view = try JSONDecoder().decode(JobExecutionView.self, from: Data(text.utf8))
        XCTAssertEqual(view.steps.count, 1)
    }

    /// FERRY_TIMEZONE decides the rendered zone: the same instant is 19:49 in UTC and 16:49 in São Paulo
    /// (which is what seed 000 shows).
    func testTimezoneChangesRenderedTimes() async throws {
        let utc = try await ReportingHarness.start(timezone: "UTC")
        let utcJob = try await utc.json("/v1/batch/job/29")
        await utc.stop()
        let saoPaulo = try await ReportingHarness.start(timezone: "America/Sao_Paulo")
        let spJob = try await saoPaulo.json("/v1/batch/job/29")
        let spText = try await saoPaulo.get("/v1/batch/job/30").text
        await saoPaulo.stop()

        XCTAssertEqual(utcJob["jobStartTime"] as? String, "22/10/2023 19:49")
        XCTAssertEqual(spJob["jobStartTime"] as? String, "22/10/2023 16:49")
        XCTAssertEqual(spJob["jobEndTime"] as? String, "22/10/2023 16:49")
        XCTAssertEqual((spJob["steps"] as? [[String: Any]])?.first?["stepStartTime"] as? String, "22/10/2023 16:49")
        // Elapsed times do not depend on the zone.
        XCTAssertEqual(spJob["jobElapsedTime"] as? String, utcJob["jobElapsedTime"] as? String)
        XCTAssertTrue(spText.contains("\"jobStartTime\":\"06/12/2024 07:40\""), spText)
    }

    func testUnknownTimezoneIsAConfigurationError() throws {
        let config = try TestConfig.make(extra: ["FERRY_TIMEZONE": "Mars/Olympus_Mons"])
        XCTAssertThrowsError(try ReportingApp.timeZone(config)) { error in
            XCTAssertTrue("\(error)".contains("FERRY_TIMEZONE"), "\(error)")
        }
        XCTAssertEqual(try ReportingApp.timeZone(try TestConfig.make()).identifier, TimeZone.current.identifier)
    }

    /// Seed 000: while the job runs its end times are empty; elapsed runs to now; counts are the live ones.
    func testRunningJobHasEmptyEndTimesAndLiveElapsed() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }
        let (_, text) = try await h.get("/v1/batch/job/32")
        XCTAssertEqual(JSONKeyOrder.keys(text), Self.jobKeys, text)
        let job = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        XCTAssertEqual(job["batchStatus"] as? String, "STARTED")
        XCTAssertEqual(job["jobEndTime"] as? String, "")
        XCTAssertTrue(Self.matches(Self.localTime, job["jobStartTime"] as? String ?? ""))
        let elapsed = try XCTUnwrap(job["jobElapsedTime"] as? String)
        XCTAssertTrue(Self.matches(Self.elapsedTime, elapsed), elapsed)
        XCTAssertGreaterThanOrEqual(Self.millis(elapsed), 120_000)
        XCTAssertLessThan(Self.millis(elapsed), 180_000)

        let step = try XCTUnwrap((job["steps"] as? [[String: Any]])?.first)
        XCTAssertEqual(step["stepEndTime"] as? String, "")
        XCTAssertEqual(step["readCount"] as? Int, 45)
        XCTAssertEqual(step["writeCount"] as? Int, 45)
        XCTAssertEqual(step["commitCount"] as? Int, 3)
        XCTAssertGreaterThanOrEqual(Self.millis(step["stepElapsedTime"] as? String ?? ""), 119_000)

        // It keeps running: a later answer has a longer elapsed time.
        try await Task.sleep(for: .milliseconds(30))
        let later = try await h.json("/v1/batch/job/32")
        XCTAssertGreaterThan(Self.millis(later["jobElapsedTime"] as? String ?? ""), Self.millis(elapsed))
    }

    func testEnqueuedJobHasNoTimesYet() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }
        let job = try await h.json("/v1/batch/job/33")
        XCTAssertEqual(job["batchStatus"] as? String, "STARTING")
        XCTAssertEqual(job["jobStartTime"] as? String, "")
        XCTAssertEqual(job["jobEndTime"] as? String, "")
        XCTAssertEqual(job["jobElapsedTime"] as? String, "00:00:00:000")
        let step = try XCTUnwrap((job["steps"] as? [[String: Any]])?.first)
        XCTAssertEqual(step["stepStartTime"] as? String, "")
        XCTAssertEqual(step["stepElapsedTime"] as? String, "00:00:00:000")
    }

    func testEveryFixtureHasTheFormats() async throws {
        let h = try await ReportingHarness.start(timezone: "America/Sao_Paulo")
        defer { Task { await h.stop() } }
        for id in Fixtures.records().map(\.jobExecutionId) {
            let (status, text) = try await h.get("/v1/batch/job/\(id)")
            XCTAssertEqual(status, 200, text)
            XCTAssertEqual(JSONKeyOrder.keys(text), Self.jobKeys, text)
            let job = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let running = (job["batchStatus"] as? String).flatMap(BatchStatus.init(rawValue:))?.isRunning ?? false
            for (key, value) in [("jobStartTime", job["jobStartTime"]), ("jobEndTime", job["jobEndTime"])] {
                let text = value as? String ?? "?"
                XCTAssertTrue(text.isEmpty || Self.matches(Self.localTime, text), "\(id) \(key) = \(text)")
            }
            XCTAssertEqual((job["jobEndTime"] as? String)?.isEmpty, running, "job \(id)")
            XCTAssertTrue(Self.matches(Self.elapsedTime, job["jobElapsedTime"] as? String ?? ""), "job \(id)")
            for step in job["steps"] as? [[String: Any]] ?? [] {
                XCTAssertTrue(Self.matches(Self.elapsedTime, step["stepElapsedTime"] as? String ?? ""), "job \(id)")
                let start = step["stepStartTime"] as? String ?? "?"
                XCTAssertTrue(start.isEmpty || Self.matches(Self.localTime, start), "job \(id): \(start)")
            }
            XCTAssertEqual(JSONKeyOrder.keysOfArrayItems(text, field: "steps"),
                           Array(repeating: Self.stepKeys, count: (job["steps"] as? [Any])?.count ?? 0))
        }
    }

    func testErrorsAreEnvelopes() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }

        let bad = try await h.json("/v1/batch/job/abc", expect: 400)
        XCTAssertEqual(bad["success"] as? Bool, false)
        XCTAssertEqual((bad["errors"] as? [[String: Any]])?.first?["field"] as? String, "jobExecutionId")
        XCTAssertTrue((bad["message"] as? String ?? "").contains("jobExecutionId"))

        let missing = try await h.json("/v1/batch/job/999", expect: 404)
        XCTAssertEqual(missing["success"] as? Bool, false)
        XCTAssertEqual(missing["message"] as? String, "Job execution 999 not found")
        XCTAssertNotNil(missing["errors"] as? [Any])

        let plain = try await FerryHTTPClientFactory.plain(h.app.baseURL).send("GET", "/v1/batch/job/29")
        XCTAssertEqual(plain.status, 401)
    }

    func testOrchestratorUnreachableIs502NamingIt() async throws {
        // Port 1 on loopback: nothing listens there.
        let h = try await ReportingHarness.start(orchestratorURL: "http://127.0.0.1:1")
        defer { Task { await h.stop() } }
        for path in ["/v1/batch/job/29", "/v1/batch-job-report/29", "/v1/batch/jobs", "/v1/batch/job/29/skips",
                     "/v1/data/bundles/41/get-latest-integration"] {
            let body = try await h.json(path, expect: 502)
            XCTAssertEqual(body["success"] as? Bool, false, path)
            XCTAssertTrue((body["message"] as? String ?? "").hasPrefix("orchestrator service error"), "\(path): \(body)")
        }
        let metrics = try await h.get("/metrics").text
        XCTAssertTrue(metrics.contains("ferry_reporting_upstream_errors_total"), metrics)
    }

    func testAnUpstreamWithoutTheRouteIs502NotNotFound() async throws {
        // A real Ferry service that has none of the orchestrator's routes: its 404s carry code NO_ROUTE.
        let config = try TestConfig.make(dataDir: TestConfig.temporaryDirectory("reporting-bare"))
        let bare = try await RunningApp.start(config: config) { onRunning in
            FerryService.makeApplication(name: "bare", port: 0, config: config, onServerRunning: onRunning) { _ in }
        }
        let h = try await ReportingHarness.start(orchestratorURL: bare.baseURL)
        defer { Task { await h.stop(); await bare.stop() } }
        let body = try await h.json("/v1/batch/job/29", expect: 502)
        XCTAssertTrue((body["message"] as? String ?? "").hasPrefix("orchestrator service error"), "\(body)")
        // The stand-in's 404 for an unknown execution has no code: a plain "not found".
        let healthy = try await ReportingHarness.start()
        defer { Task { await healthy.stop() } }
        _ = try await healthy.json("/v1/batch/job/999", expect: 404)
    }

    func testMetricsAndOpenAPI() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }
        _ = try await h.get("/v1/batch/job/29")
        _ = try await h.get("/v1/batch-job-report/30")
        _ = try await h.get("/v1/batch/jobs")
        let metrics = try await h.get("/metrics").text
        XCTAssertTrue(metrics.contains("ferry_reporting_job_lookups_total"), metrics)
        XCTAssertTrue(metrics.contains("ferry_reporting_report_states_total"), metrics)
        XCTAssertTrue(metrics.contains("ferry_reporting_job_executions"), metrics)
        XCTAssertTrue(metrics.contains("ferry_reporting_upstream_duration_seconds"), metrics)

        let doc = try await h.json("/openapi.json")
        let paths = try XCTUnwrap(doc["paths"] as? [String: Any])
        XCTAssertEqual(Set(paths.keys), ["/v1/batch/job/{jobExecutionId}", "/v1/batch/job/{jobExecutionId}/skips", "/v1/batch/jobs",
                                          "/v1/batch/job/{jobExecutionId}/reconciliation",
                                          "/v1/batch/job/{jobExecutionId}/steps/{step}/partitions",
                                          "/v1/batch/job/{jobExecutionId}/progress", "/v1/batch/jobs/progress",
                                          "/v1/batch/job/{jobExecutionId}/progress/samples",
                                          "/v1/batch-job-report/{jobId}", "/v1/data/bundles/{uid}/get-latest-integration",
                                          "/v1/manifests", "/v1/manifests/{batchCode}/{run}/{rerun}",
                                          "/v1/manifests/{batchCode}/{run}/{rerun}/verify"])
        XCTAssertEqual((doc["tags"] as? [[String: Any]])?.compactMap { $0["name"] as? String }, ["Batch", "Reports", "Manifests"])
        let schemas = try XCTUnwrap((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])
        XCTAssertNotNil(schemas["JobExecution"])
        XCTAssertNotNil(schemas["BatchJobReport"])
        XCTAssertNotNil(schemas["ManifestVerification"])
    }
}
