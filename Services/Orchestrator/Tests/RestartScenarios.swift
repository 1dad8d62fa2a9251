import FerryHTTPClient
import FerryModels
import FerrySQL
import Foundation
@testable import OrchestratorService
import XCTest
import FerryTime

/// Restart (Spring Batch semantics) and the history reads.
enum RestartScenarios {
    /// Restarting a FAILED execution: a new execution of the same instance, rerun 1, with only the incomplete steps,
    /// under the same step keys. Only the latest execution of an instance restarts.
    static func restartFailed(_ h: OrchestratorHarness) async throws {
        let job = try await h.launch(41)
        let items = try await h.claim("exec-a")
        try await h.complete(items[0], "exec-a", written: 392)
        try await assertEqual(try await h.finish(items[1].stepExecutionId, "exec-a", .failed, errorClass: "transient",
                                          message: "connection lost").status, 204)
        try await assertEqual(try await h.execution(job.uid).status, .failed)

        let r = try await h.restartJob(job.uid)
        XCTAssertEqual(r.status, 201, r.text)
        let restarted = try r.decode(LaunchResponse.self)
        XCTAssertEqual(restarted.message, "Job restarted")
        XCTAssertEqual(restarted.batchStatus, .starting)
        XCTAssertEqual(restarted.description, "JOB-CO_APP_DB_MIGRATION")
        XCTAssertNotEqual(restarted.uid, job.uid)

        let old = try await h.execution(job.uid)
        let new = try await h.execution(restarted.uid)
        XCTAssertEqual(new.jobInstanceId, old.jobInstanceId)
        XCTAssertEqual(new.runNumber, old.runNumber)
        XCTAssertEqual(new.rerunNumber, 1)
        XCTAssertEqual(new.status, .starting)
        XCTAssertEqual(new.steps.map(\.stepName), ["STEP-PRODUCTS", "STEP-ORDERS", "STEP-ORDER_ITEMS"])

        // Refusals: the old execution is no longer the latest; the new one is running; the bundle is busy.
        let stale = try await h.restartJob(job.uid)
        XCTAssertEqual(stale.status, 409, stale.text)
        XCTAssertTrue(stale.envelope?.message.contains("not the latest execution") ?? false, stale.text)
        try await assertEqual(try await h.restartJob(restarted.uid).status, 409)
        try await assertEqual(try await h.send("POST", "/v1/batch/job", #"{"dataBundleId": 41}"#).status, 409)

        // The failed pair resumes under its old checkpoint key.
        let resumed = try await h.claim("exec-b")
        XCTAssertEqual(resumed.map(\.stepName), ["STEP-PRODUCTS"], "ordering 1 is complete once PRODUCTS is")
        XCTAssertEqual(resumed.first?.stepKey, items[1].stepKey)
        // The restart resumes the same checkpoint row: its epoch continues past the failed execution's claim.
        XCTAssertGreaterThan(try XCTUnwrap(resumed.first?.leaseEpoch), try XCTUnwrap(items[1].leaseEpoch))
        try await h.complete(resumed[0], "exec-b")
        try await h.complete(try await unwrap(try await h.claim("exec-b").first), "exec-b")
        try await h.complete(try await unwrap(try await h.claim("exec-b").first), "exec-b")
        let done = try await h.execution(restarted.uid)
        XCTAssertEqual(done.status, .completed)
        try await assertEqual(try await h.restartJob(restarted.uid).status, 409, "a COMPLETED execution does not restart")

        let latest = try await h.client.get("/internal/bundles/41/latest", as: LatestIntegration.self)
        XCTAssertEqual(latest.pairs.map(\.jobExecutionId), [job.uid, restarted.uid, restarted.uid, restarted.uid])
    }

    /// A STOPPED execution restarts too; when every pair of the bundle already completed the new execution is
    /// COMPLETED at once; a bundle gone from the catalog is 422; a step still holding its lease blocks the restart.
    static func restartEdges(_ h: OrchestratorHarness) async throws {
        let job = try await h.launch(43)
        let items = try await h.claim("exec-a")
        XCTAssertEqual(items.map(\.stepName), ["STEP-CUSTOMERS", "STEP-PRODUCTS"])
        try await assertEqual(try await h.finish(items[1].stepExecutionId, "exec-a", .failed, message: "boom").status, 204)

        // CUSTOMERS still holds a live lease: a restart now could run the pair twice.
        let busy = try await h.restartJob(job.uid)
        XCTAssertEqual(busy.status, 409, busy.text)
        XCTAssertTrue(busy.envelope?.message.contains("still has running steps (STEP-CUSTOMERS)") ?? false, busy.text)
        try await h.complete(items[0], "exec-a")
        try await assertEqual(try await h.execution(job.uid).status, .failed)

        // The bundle was edited: its failed pair removed. Everything left already completed.
        h.specs[43] = Fixtures.bundle(43, "CO_APP_TWIN", [Fixtures.pair(301, "CUSTOMERS", 1)])
        let r = try await h.restartJob(job.uid)
        XCTAssertEqual(r.status, 201, r.text)
        let nothingLeft = try r.decode(LaunchResponse.self)
        XCTAssertEqual(nothingLeft.batchStatus, .completed)
        let e = try await h.execution(nothingLeft.uid)
        XCTAssertEqual(e.status, .completed)
        XCTAssertEqual(e.rerunNumber, 1)
        XCTAssertTrue(e.steps.isEmpty)
        XCTAssertEqual(e.totalItems, 0)

        // A STOPPED execution restarts too.
        let single = try await h.launch(42)
        let running = try await unwrap(try await h.claim("exec-c").first)
        try await assertEqual(try await h.stopJob(single.uid).status, 200)
        try await assertEqual(try await h.restartJob(single.uid).status, 409, "STOPPING is still running")
        try await assertEqual(try await h.finish(running.stepExecutionId, "exec-c", .stopped).status, 204)
        try await assertEqual(try await h.execution(single.uid).status, .stopped)
        let fromStopped = try await h.restartJob(single.uid)
        XCTAssertEqual(fromStopped.status, 201, fromStopped.text)
        let second = try await h.execution(try fromStopped.decode(LaunchResponse.self).uid)
        XCTAssertEqual(second.steps.map(\.stepName), ["STEP-CUSTOMERS"])
        XCTAssertEqual(second.rerunNumber, 1)

        // The bundle was deleted from the catalog.
        let gone = try await h.launch(43)
        let g = try await unwrap(try await h.claim("exec-a").first { $0.jobExecutionId == gone.uid })
        try await assertEqual(try await h.finish(g.stepExecutionId, "exec-a", .failed, message: "boom").status, 204)
        h.specs[43] = nil
        let deleted = try await h.restartJob(gone.uid)
        XCTAssertEqual(deleted.status, 422, deleted.text)
    }

    /// History: newest first, filters, paging.
    static func history(_ h: OrchestratorHarness) async throws {
        let a = try await h.launch(41)
        try await assertEqual(try await h.stopJob(a.uid).status, 200)
        let b = try await h.launch(42)
        let c = try await h.launch(41)

        let all = try await h.client.get("/internal/executions", as: JobExecutionPage.self)
        XCTAssertEqual(all.total, 3)
        XCTAssertEqual(all.page, 0)
        XCTAssertEqual(all.size, 20)
        XCTAssertEqual(all.items.map(\.jobExecutionId), [c.uid, b.uid, a.uid])
        XCTAssertEqual(all.items.last?.steps.count, 4)

        let bundle41 = try await h.client.get("/internal/executions?bundleId=41", as: JobExecutionPage.self)
        XCTAssertEqual(bundle41.items.map(\.jobExecutionId), [c.uid, a.uid])
        let stopped = try await h.client.get("/internal/executions?status=stopped", as: JobExecutionPage.self)
        XCTAssertEqual(stopped.items.map(\.jobExecutionId), [a.uid])
        let paged = try await h.client.get("/internal/executions?page=1&size=2", as: JobExecutionPage.self)
        XCTAssertEqual(paged.total, 3)
        XCTAssertEqual(paged.items.map(\.jobExecutionId), [a.uid])

        let future = Timestamp(h.clock.now()).adding(seconds: 3600).iso
        let none = try await h.client.get("/internal/executions?from=\(future)", as: JobExecutionPage.self)
        XCTAssertEqual(none.total, 0)
        let upTo = try await h.client.get("/internal/executions?to=\(future)&bundleId=42", as: JobExecutionPage.self)
        XCTAssertEqual(upTo.items.map(\.jobExecutionId), [b.uid])

        let empty = try await h.client.get("/internal/bundles/99/latest", as: LatestIntegration.self)
        XCTAssertEqual(empty, LatestIntegration(bundleId: 99, pairs: []))
    }
}
