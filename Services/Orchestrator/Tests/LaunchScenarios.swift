import FerryHTTPClient
import FerryModels
import Foundation
@testable import OrchestratorService
import XCTest

/// RF05 launch, stop and the bad requests of the public routes. Each scenario runs on SQLite and PostgreSQL.
enum LaunchScenarios {
    /// Seed 000 step 26-28: 201 with uid/jobId at once; the execution and its steps are STARTING; a second launch
    /// of the running bundle is 409, another bundle launches fine.
    static func launch(_ h: OrchestratorHarness) async throws {
        let r = try await h.send("POST", "/v1/batch/job", #"{"dataBundleId": 41}"#)
        XCTAssertEqual(r.status, 201, r.text)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any])
        let uid = try XCTUnwrap(json["uid"] as? Int)
        XCTAssertEqual(json["jobId"] as? String, String(uid))
        XCTAssertEqual(json["id"] as? Int, uid)
        XCTAssertEqual(json["success"] as? Bool, true)
        XCTAssertEqual(json["message"] as? String, "Job launched")
        XCTAssertEqual(json["description"] as? String, "JOB-CO_APP_DB_MIGRATION")
        XCTAssertEqual(json["batchStatus"] as? String, "STARTING")

        let e = try await h.execution(Int64(uid))
        XCTAssertEqual(e.status, .starting)
        XCTAssertEqual(e.exitStatus, "UNKNOWN")
        XCTAssertEqual(e.jobName, "JOB-CO_APP_DB_MIGRATION")
        XCTAssertEqual(e.bundleId, 41)
        XCTAssertEqual(e.runNumber, 1)
        XCTAssertEqual(e.rerunNumber, 0)
        XCTAssertNil(e.startTime)
        XCTAssertEqual(e.steps.map(\.stepName), ["STEP-CUSTOMERS", "STEP-PRODUCTS", "STEP-ORDERS", "STEP-ORDER_ITEMS"])
        XCTAssertEqual(e.steps.map(\.relationalOrdering), [1, 1, 2, 3])
        XCTAssertTrue(e.steps.allSatisfy { $0.status == .starting })
        XCTAssertNil(e.totalItems)

        let again = try await h.send("POST", "/v1/batch/job", #"{"dataBundleId": 41}"#)
        XCTAssertEqual(again.status, 409, again.text)
        XCTAssertTrue(again.envelope?.message.contains("already has a running job execution \(uid)") ?? false, again.text)

        let other = try await h.launch(42)
        XCTAssertNotEqual(other.uid, Int64(uid))
        XCTAssertEqual(other.description, "JOB-CO_APP_SINGLE")

        let metrics = try await h.send("GET", "/metrics")
        XCTAssertTrue(metrics.text.contains("ferry_orchestrator_jobs_launched_total"), metrics.text)
    }

    /// Bad bodies name the field; unknown bundles are a 400 on dataBundleId; the catalog's 422 passes through.
    static func launchValidation(_ h: OrchestratorHarness) async throws {
        assertFieldError(try await h.send("POST", "/v1/batch/job", #"{}"#), field: "dataBundleId")
        assertFieldError(try await h.send("POST", "/v1/batch/job", #"{"dataBundleId": null}"#), field: "dataBundleId")
        assertFieldError(try await h.send("POST", "/v1/batch/job", #"{"dataBundleId": "41"}"#), field: "dataBundleId")
        assertFieldError(try await h.send("POST", "/v1/batch/job", #"{"dataBundleId": 4.5}"#), field: "dataBundleId")
        assertFieldError(try await h.send("POST", "/v1/batch/job", #"{"dataBundleId": 0}"#), field: "dataBundleId")
        assertFieldError(try await h.send("POST", "/v1/batch/job", #"{"dataBundleId": 41"#), field: "body")
        assertFieldError(try await h.send("POST", "/v1/batch/job", nil), field: "body")

        let unknown = try await h.send("POST", "/v1/batch/job", #"{"dataBundleId": 999}"#)
        assertFieldError(unknown, field: "dataBundleId")
        XCTAssertEqual(unknown.envelope?.errors.first?.message, "bundle 999 does not exist")

        let unrunnable = try await h.send("POST", "/v1/batch/job", #"{"dataBundleId": \#(CatalogStub.unrunnable)}"#)
        XCTAssertEqual(unrunnable.status, 422, unrunnable.text)
        XCTAssertEqual(unrunnable.envelope?.message, "table CUSTOMERS has no primary key and no custom SQL")

        let noKey = try await HTTPClient(baseURL: h.app.baseURL).send("POST", "/v1/batch/job",
                                                                      body: Array(#"{"dataBundleId": 41}"#.utf8))
        XCTAssertEqual(noKey.status, 401)

        let page = try await h.client.get("/internal/executions", as: JobExecutionPage.self)
        XCTAssertEqual(page.total, 0, "nothing was launched")
    }

    /// The catalog does not answer: 502 naming it.
    static func catalogUnreachable(_ h: OrchestratorHarness) async throws {
        let r = try await h.send("POST", "/v1/batch/job", #"{"dataBundleId": 41}"#)
        XCTAssertEqual(r.status, 502, r.text)
        XCTAssertTrue(r.envelope?.message.hasPrefix("catalog service error") ?? false, r.text)
    }

    /// Stop: unclaimed steps stop at once; running ones see stop=true and report STOPPED; then the execution is
    /// STOPPED. A job with nothing running stops at once. Stopping a finished job is 409.
    static func stop(_ h: OrchestratorHarness) async throws {
        let job = try await h.launch(41)
        let items = try await h.claim("exec-a")
        XCTAssertEqual(items.count, 2)

        let beforeStop = try await h.beat(items[0].stepExecutionId, "exec-a")
        XCTAssertEqual(beforeStop.status, 200, beforeStop.text)
        XCTAssertEqual(try beforeStop.decode(BeatResponse.self).stop, false)

        let stop = try await h.stopJob(job.uid)
        XCTAssertEqual(stop.status, 200, stop.text)
        let stopAnswer = try stop.decode(LaunchResponse.self)
        XCTAssertEqual(stopAnswer.batchStatus, .stopping)
        XCTAssertEqual(stopAnswer.uid, job.uid)

        var e = try await h.execution(job.uid)
        XCTAssertEqual(e.status, .stopping)
        XCTAssertEqual(e.steps.map(\.status), [.started, .started, .stopped, .stopped])

        let beat = try await h.beat(items[0].stepExecutionId, "exec-a")
        XCTAssertEqual(beat.status, 200, beat.text)
        XCTAssertEqual(try beat.decode(BeatResponse.self).stop, true)
        let report = try await h.progress(items[0].stepExecutionId, "exec-a", counts: StepCounts(readCount: 5, writeCount: 5))
        XCTAssertEqual(try report.decode(BeatResponse.self).stop, true, report.text)
        try await assertTrue(try await h.claim("exec-b").isEmpty, "a stopping job hands out nothing")

        // Stop again while stopping: still 200.
        try await assertEqual(try await h.stopJob(job.uid).status, 200)

        try await assertEqual(try await h.finish(items[0].stepExecutionId, "exec-a", .stopped,
                                          counts: StepCounts(readCount: 5, writeCount: 5, commitCount: 1)).status, 204)
        try await assertEqual(try await h.execution(job.uid).status, .stopping, "one step is still running")
        try await assertEqual(try await h.finish(items[1].stepExecutionId, "exec-a", .stopped).status, 204)
        e = try await h.execution(job.uid)
        XCTAssertEqual(e.status, .stopped)
        XCTAssertEqual(e.exitStatus, "STOPPED")
        XCTAssertNotNil(e.endTime)
        XCTAssertTrue(e.steps.allSatisfy { $0.status == .stopped })
        XCTAssertEqual(e.steps[0].counts.writeCount, 5)

        let again = try await h.stopJob(job.uid)
        XCTAssertEqual(again.status, 409, again.text)
        XCTAssertEqual(again.envelope?.message, "job execution \(job.uid) is STOPPED")

        // Nothing claimed yet: STOPPED at once.
        let idle = try await h.launch(42)
        let idleStop = try await h.stopJob(idle.uid)
        XCTAssertEqual(idleStop.status, 200, idleStop.text)
        XCTAssertEqual(try idleStop.decode(LaunchResponse.self).batchStatus, .stopped)
        try await assertEqual(try await h.execution(idle.uid).steps.map(\.status), [.stopped])
    }

    /// Ids that are not numbers are 400 naming the parameter; unknown ids 404; guards 401.
    static func badIds(_ h: OrchestratorHarness) async throws {
        assertFieldError(try await h.send("POST", "/v1/batch/job/abc/stop"), field: "id")
        assertFieldError(try await h.send("POST", "/v1/batch/job/abc/restart"), field: "id")
        assertFieldError(try await h.send("GET", "/internal/executions/abc"), field: "id")
        assertFieldError(try await h.send("GET", "/internal/executions/abc/skips"), field: "id")
        assertFieldError(try await h.send("GET", "/internal/bundles/abc/latest"), field: "bundleId")
        assertFieldError(try await h.send("POST", "/internal/work/abc/beat", #"{}"#), field: "stepId")
        assertFieldError(try await h.send("POST", "/internal/work/abc/finish", #"{}"#), field: "stepId")

        for (method, path) in [("POST", "/v1/batch/job/777/stop"), ("POST", "/v1/batch/job/777/restart"),
                               ("GET", "/internal/executions/777"), ("GET", "/internal/executions/777/skips")] {
            let r = try await h.send(method, path)
            XCTAssertEqual(r.status, 404, "\(method) \(path): \(r.text)")
            XCTAssertEqual(r.envelope?.message, "Job execution 777 not found")
        }
        let beat = try await h.beat(777, "exec-a")
        XCTAssertEqual(beat.status, 404, beat.text)
        XCTAssertEqual(beat.envelope?.message, "Step execution 777 not found")
        try await assertEqual(try await h.finish(777, "exec-a", .completed).status, 404)

        let noToken = try await HTTPClient(baseURL: h.app.baseURL, headers: ["X-API-Key": h.app.config.apiKey])
            .send("POST", "/internal/work/claim", body: Array(#"{"executorId": "x", "slots": 1}"#.utf8))
        XCTAssertEqual(noToken.status, 401)
    }
}
