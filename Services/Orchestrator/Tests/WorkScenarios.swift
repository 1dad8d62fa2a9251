import FerryHTTPClient
import FerryModels
import FerrySQL
import Foundation
@testable import OrchestratorService
import XCTest
import FerryTime

/// The work protocol (ENGINE.md §7): claim order, leases, heartbeats, finish.
enum WorkScenarios {
    /// Lowest relational ordering first, equal orderings together; the whole run to COMPLETED with counts.
    static func claimOrderAndCompletion(_ h: OrchestratorHarness) async throws {
        let job = try await h.launch(41)
        let first = try await h.claim("exec-a", slots: 10)
        XCTAssertEqual(first.map(\.stepName), ["STEP-CUSTOMERS", "STEP-PRODUCTS"])
        XCTAssertEqual(first.map(\.pair.pairId), [101, 102])
        let instance = try XCTUnwrap(first.first?.jobInstanceId)
        // One token for the instance's steps, after the ids (which a new store hands out again).
        let token = try XCTUnwrap(first.first?.stepKey.split(separator: "-").last.map(String.init))
        XCTAssertEqual(token.count, 8)
        XCTAssertTrue(token.allSatisfy(\.isHexDigit), token)
        XCTAssertEqual(first.map(\.stepKey), ["job\(instance)-pair101-\(token)", "job\(instance)-pair102-\(token)"])
        XCTAssertTrue(first.allSatisfy { $0.jobExecutionId == job.uid && $0.leaseSeconds == 30 && $0.partition == 0 })
        XCTAssertEqual(first[0].bundle, Fixtures.migration.only(Fixtures.migration.pairs[0]), "the bundle with its own pair only")
        XCTAssertEqual(first[0].pair, Fixtures.migration.pairs[0])

        var e = try await h.execution(job.uid)
        XCTAssertEqual(e.status, .started)
        XCTAssertNotNil(e.startTime)
        XCTAssertEqual(e.steps.map(\.status), [.started, .started, .starting, .starting])
        XCTAssertEqual(e.steps[0].executorId, "exec-a")
        XCTAssertEqual(e.steps[0].exitStatus, "EXECUTING")

        try await assertTrue(try await h.claim("exec-b").isEmpty, "ORDERS waits for every step of ordering 1")
        try await h.complete(first[0], "exec-a", written: 392)
        try await assertTrue(try await h.claim("exec-b").isEmpty, "PRODUCTS is still running")
        try await h.complete(first[1], "exec-a", written: 50)

        let second = try await h.claim("exec-b")
        XCTAssertEqual(second.map(\.stepName), ["STEP-ORDERS"])
        try await assertTrue(try await h.claim("exec-c").isEmpty)
        let beat = try await h.progress(second[0].stepExecutionId, "exec-b", counts: StepCounts(readCount: 100, writeCount: 90,
                                                                                              commitCount: 1, writeSkipCount: 1),
                                        retryCount: 1, sourceRows: 1000)
        XCTAssertEqual(beat.status, 200, beat.text)
        let r = try await h.finish(second[0].stepExecutionId, "exec-b", .completed,
                                   counts: StepCounts(readCount: 1000, writeCount: 999, commitCount: 2, writeSkipCount: 1),
                                   retryCount: 2, sourceRows: 1000)
        XCTAssertEqual(r.status, 204, r.text)
        // A retried finish (its answer was lost) is accepted without change.
        try await assertEqual(try await h.finish(second[0].stepExecutionId, "exec-b", .completed,
                                          counts: StepCounts(readCount: 1000, writeCount: 999)).status, 204)

        let third = try await h.claim("exec-a", slots: 1)
        XCTAssertEqual(third.map(\.stepName), ["STEP-ORDER_ITEMS"])
        try await assertEqual(try await h.execution(job.uid).status, .started)
        try await h.complete(third[0], "exec-a", written: 7)

        e = try await h.execution(job.uid)
        XCTAssertEqual(e.status, .completed)
        XCTAssertEqual(e.exitStatus, "COMPLETED")
        XCTAssertEqual(e.exitMessage, "")
        XCTAssertNotNil(e.endTime)
        XCTAssertTrue(e.steps.allSatisfy { $0.status == .completed && $0.exitStatus == "COMPLETED" && $0.endTime != nil })
        XCTAssertEqual(e.steps.map(\.counts.writeCount), [392, 50, 999, 7])
        XCTAssertEqual(e.steps[2].counts, StepCounts(readCount: 1000, writeCount: 999, commitCount: 2, writeSkipCount: 1))
        XCTAssertEqual(e.retryAttempt, 2)
        XCTAssertEqual(e.totalItems, 392 + 50 + 1000 + 7)

        let latest = try await h.client.get("/internal/bundles/41/latest", as: LatestIntegration.self)
        XCTAssertEqual(latest.bundleId, 41)
        XCTAssertEqual(latest.pairs.map(\.pairId), [101, 102, 103, 104])
        XCTAssertEqual(latest.pairs.map(\.writeCount), [392, 50, 999, 7])
        XCTAssertTrue(latest.pairs.allSatisfy { $0.jobExecutionId == job.uid })

        try await assertTrue(try await h.claim("exec-a").isEmpty)
        let next = try await h.launch(41)
        let rerun = try await h.execution(next.uid)
        XCTAssertEqual(rerun.runNumber, 2, "a new launch is a new job instance")
        XCTAssertEqual(rerun.steps.count, 4)
        let fresh = try await h.claim("exec-a")
        XCTAssertNotEqual(fresh.first?.jobInstanceId, instance)

        let metrics = try await h.send("GET", "/metrics")
        XCTAssertTrue(metrics.text.contains("ferry_orchestrator_jobs_finished_total"), metrics.text)
        XCTAssertTrue(metrics.text.contains("ferry_orchestrator_rows_written_total"), metrics.text)
        XCTAssertTrue(metrics.text.contains("ferry_orchestrator_active_leases"), metrics.text)
    }

    /// Beats renew the lease and carry nothing else; counts and skipped rows come with progress reports (which do
    /// not renew it), or with the beats of an executor of an earlier version; after stop beats answer stop=true.
    static func beatRenewsAndStops(_ h: OrchestratorHarness) async throws {
        let job = try await h.launch(42)
        let item = try await unwrap(try await h.claim("exec-a").first)
        h.clock.advance(seconds: 10)
        let skip = SkippedRow(key: ["7"], row: ["id": "7", "name": nil], sqlState: "23505", reason: "duplicate key value")
        let counts = StepCounts(readCount: 20, writeCount: 19, commitCount: 1, writeSkipCount: 1)
        let p = try await h.progress(item.stepExecutionId, "exec-a", counts: counts, sourceRows: 100, skips: [skip])
        XCTAssertEqual(p.status, 200, p.text)
        let r = try await h.beat(item.stepExecutionId, "exec-a")
        XCTAssertEqual(r.status, 200, r.text)
        let answer = try r.decode(BeatResponse.self)
        XCTAssertFalse(answer.stop)
        let leaseUntil = try XCTUnwrap(Timestamp(iso: answer.leaseUntil))
        XCTAssertEqual(leaseUntil.millis(since: Timestamp(h.clock.now())), 30_000, accuracy: 2000)

        // Still ours 35 s after the claim, thanks to the renewal.
        h.clock.advance(seconds: 25)
        try await assertTrue(try await h.claim("exec-b").isEmpty)
        try await assertEqual(try await h.beat(item.stepExecutionId, "exec-a").status, 200)

        var e = try await h.execution(job.uid)
        XCTAssertEqual(e.steps[0].counts, counts, "a heartbeat leaves the reported counts alone")
        // An earlier executor's beat with counts renews the lease and is kept as the progress report it was.
        let old = try await h.progress(item.stepExecutionId, "exec-a", route: "beat",
                                       counts: StepCounts(readCount: 40, writeCount: 39, commitCount: 2, writeSkipCount: 1))
        XCTAssertEqual(old.status, 200, old.text)
        e = try await h.execution(job.uid)
        XCTAssertEqual(e.steps[0].counts.writeCount, 39)
        XCTAssertEqual(e.steps[0].sourceRows, 100, "an unknown source count keeps the known one")

        let skips = try await h.client.get("/internal/executions/\(job.uid)/skips", as: SkippedRowPage.self)
        XCTAssertEqual(skips.total, 1)
        XCTAssertEqual(skips.items.first?.key, ["7"])
        XCTAssertEqual(skips.items.first?.row, ["id": "7", "name": nil])
        XCTAssertEqual(skips.items.first?.sqlState, "23505")
        XCTAssertEqual(skips.items.first?.stepName, "STEP-CUSTOMERS")

        try await assertEqual(try await h.stopJob(job.uid).status, 200)
        let stopBeat = try await h.beat(item.stepExecutionId, "exec-a")
        XCTAssertEqual(try stopBeat.decode(BeatResponse.self).stop, true)
    }

    /// A failed step fails the execution at once with its message; the other running step hears stop; nothing
    /// else is handed out.
    static func failedFinish(_ h: OrchestratorHarness) async throws {
        let job = try await h.launch(41)
        let items = try await h.claim("exec-a")
        let r = try await h.finish(items[0].stepExecutionId, "exec-a", .failed,
                                   counts: StepCounts(readCount: 10, writeCount: 0, rollbackCount: 1),
                                   retryCount: 3, errorClass: "permanent", message: #"relation "customers" does not exist"#,
                                   detail: "42P01 at CursorReader.open")
        XCTAssertEqual(r.status, 204, r.text)

        var e = try await h.execution(job.uid)
        XCTAssertEqual(e.status, .failed)
        XCTAssertEqual(e.exitStatus, "FAILED")
        XCTAssertEqual(e.exitMessage, #"STEP-CUSTOMERS: relation "customers" does not exist"#)
        XCTAssertEqual(e.exceptionDetails, "permanent: 42P01 at CursorReader.open")
        XCTAssertNotNil(e.endTime)
        XCTAssertEqual(e.retryAttempt, 3)
        XCTAssertEqual(e.steps[0].status, .failed)
        XCTAssertEqual(e.steps[0].exitMessage, #"relation "customers" does not exist"#)
        // Steps that never ran say so: none is left looking runnable (STARTING) once the job has FAILED.
        XCTAssertEqual(e.steps.map(\.status), [.failed, .started, .abandoned, .abandoned])
        XCTAssertEqual(e.settled, false, "ended, but a step still runs")
        XCTAssertEqual(e.steps[2].exitStatus, ExitStatus.noop.rawValue)
        XCTAssertTrue(e.steps[2].exitMessage.hasPrefix("not run"), e.steps[2].exitMessage)
        XCTAssertNil(e.steps[2].startTime)

        let beat = try await h.beat(items[1].stepExecutionId, "exec-a")
        XCTAssertEqual(try beat.decode(BeatResponse.self).stop, true)
        try await assertTrue(try await h.claim("exec-b").isEmpty, "a failed execution hands out nothing")
        try await assertEqual(try await h.finish(items[1].stepExecutionId, "exec-a", .stopped).status, 204)
        e = try await h.execution(job.uid)
        XCTAssertEqual(e.status, .failed)
        XCTAssertEqual(e.steps.map(\.status), [.failed, .stopped, .abandoned, .abandoned])
        XCTAssertEqual(e.settled, true)

        // The bundle is free again.
        try await assertEqual(try await h.send("POST", "/v1/batch/job", #"{"dataBundleId": 41}"#).status, 201)
    }

    /// A lapsed lease makes the step claimable by another executor, resuming under the same step key;
    /// the first executor's beat and finish are then refused with 409.
    static func leaseExpiry(_ h: OrchestratorHarness) async throws {
        let job = try await h.launch(42)
        let a = try await unwrap(try await h.claim("exec-a").first)
        try await assertTrue(try await h.claim("exec-b").isEmpty)
        h.clock.advance(seconds: 31)
        let b = try await unwrap(try await h.claim("exec-b").first)
        XCTAssertEqual(b.stepExecutionId, a.stepExecutionId)
        // Each claim is a new fencing token: the executor that took the lease over writes with a higher epoch.
        XCTAssertEqual(a.leaseEpoch, 1)
        XCTAssertEqual(b.leaseEpoch, 2)
        XCTAssertEqual(b.stepKey, a.stepKey)

        let lost = try await h.beat(a.stepExecutionId, "exec-a")
        XCTAssertEqual(lost.status, 409, lost.text)
        XCTAssertEqual(lost.envelope?.message, "step execution \(a.stepExecutionId) is leased by another executor")
        try await assertEqual(try await h.finish(a.stepExecutionId, "exec-a", .completed).status, 409)
        try await assertEqual(try await h.beat(b.stepExecutionId, "exec-b").status, 200)
        try await h.complete(b, "exec-b")
        let e = try await h.execution(job.uid)
        XCTAssertEqual(e.status, .completed)
        XCTAssertEqual(e.steps.first?.executorId, "exec-b")

        // A stopping job whose only running step's executor died reaches STOPPED on the next claim.
        let stopping = try await h.launch(42)
        let dead = try await unwrap(try await h.claim("exec-a").first)
        try await assertEqual(try await h.stopJob(stopping.uid).decode(LaunchResponse.self).batchStatus, .stopping)
        h.clock.advance(seconds: 31)
        try await assertTrue(try await h.claim("exec-b").isEmpty)
        let after = try await h.execution(stopping.uid)
        XCTAssertEqual(after.status, .stopped)
        XCTAssertEqual(after.steps.map(\.status), [.stopped])
        try await assertEqual(try await h.beat(dead.stepExecutionId, "exec-a").status, 409)

        // An executor giving a step back (stopped without a stop request) releases it at once.
        let third = try await h.launch(42)
        let given = try await unwrap(try await h.claim("exec-a").first)
        try await assertEqual(try await h.finish(given.stepExecutionId, "exec-a", .stopped).status, 204)
        let taken = try await unwrap(try await h.claim("exec-b").first)
        XCTAssertEqual(taken.stepExecutionId, given.stepExecutionId)
        try await h.complete(taken, "exec-b")
        try await assertEqual(try await h.execution(third.uid).status, .completed)
    }

    /// Long poll: an empty claim waits for work; a launch ends the wait with `workSignalled`, and the wait itself
    /// never claims (the executor claims again, so a dead waiter is never handed a step).
    static func longPollClaim(_ h: OrchestratorHarness) async throws {
        let quiet = try await h.client.post("/internal/work/claim", ClaimRequest(executorId: "exec-a", slots: 1, waitMillis: 50),
                                            as: ClaimResponse.self)
        XCTAssertEqual(quiet.items, [])
        XCTAssertEqual(quiet.workSignalled, false)

        let waiting = Task {
            try await h.client.post("/internal/work/claim", ClaimRequest(executorId: "exec-a", slots: 1, waitMillis: 30_000),
                                    as: ClaimResponse.self)
        }
        try await Task.sleep(for: .milliseconds(200))   // let the claim start waiting (if not, it claims the step itself)
        let job = try await h.launch(41)
        let answer = try await waiting.value
        guard answer.items.isEmpty else { return }   // the claim began after the launch: an ordinary claim
        XCTAssertEqual(answer.workSignalled, true, "the launch must wake the waiting claim")
        let e = try await h.execution(job.uid)
        XCTAssertTrue(e.steps.allSatisfy { $0.executorId == nil }, "the wait must not claim: \(e.steps)")
        let claimed = try await h.claim("exec-a")
        XCTAssertEqual(claimed.map(\.stepName), ["STEP-CUSTOMERS", "STEP-PRODUCTS"])
    }

    /// Bodies of the work routes: 400 naming the field.
    static func badBodies(_ h: OrchestratorHarness) async throws {
        assertFieldError(try await h.send("POST", "/internal/work/claim", #"{"slots": 1}"#), field: "executorId")
        assertFieldError(try await h.send("POST", "/internal/work/claim", #"{"executorId": "", "slots": 1}"#), field: "executorId")
        assertFieldError(try await h.send("POST", "/internal/work/claim", #"{"executorId": "a", "slots": 0}"#), field: "slots")
        assertFieldError(try await h.send("POST", "/internal/work/claim", #"{"executorId": "a", "slots": "2"}"#), field: "slots")
        assertFieldError(try await h.send("POST", "/internal/work/claim", "not json"), field: "body")
        assertFieldError(try await h.send("POST", "/internal/work/claim", #"{"executorId": "a", "slots": 1, "waitMillis": -1}"#),
                         field: "waitMillis")
        assertFieldError(try await h.send("POST", "/internal/work/claim", #"{"executorId": "a", "slots": 1, "waitMillis": 30001}"#),
                         field: "waitMillis")

        let job = try await h.launch(42)
        let item = try await unwrap(try await h.claim("exec-a").first)
        let path = "/internal/work/\(item.stepExecutionId)"
        assertFieldError(try await h.send("POST", path + "/progress", #"{"executorId": "exec-a", "retryCount": 0, "skips": []}"#),
                         field: "counts")
        assertFieldError(try await h.send("POST", path + "/beat", #"{"executorId": " "}"#), field: "executorId")
        // An earlier executor's beat still carries counts: they are checked like a progress report's.
        assertFieldError(try await h.send("POST", path + "/beat", #"""
            {"executorId": "exec-a", "counts": {"readCount": "x", "writeCount": 0, "commitCount": 0, "writeSkipCount": 0,
             "rollbackCount": 0}, "retryCount": 0, "skips": []}
            """#), field: "counts.readCount")
        assertFieldError(try await h.progress(item.stepExecutionId, "exec-a", counts: StepCounts(readCount: -1)),
                         field: "counts.readCount")
        assertFieldError(try await h.progress(item.stepExecutionId, "exec-a", route: "beat", counts: StepCounts(readCount: -1)),
                         field: "counts.readCount")
        assertFieldError(try await h.send("POST", path + "/finish", #"""
            {"executorId": "exec-a", "outcome": "exploded", "counts": {"readCount": 0, "writeCount": 0, "commitCount": 0,
             "writeSkipCount": 0, "rollbackCount": 0}, "retryCount": 0, "skips": []}
            """#), field: "outcome")
        try await assertEqual(try await h.execution(job.uid).status, .started, "refused bodies change nothing")

        for query in ["status=BOGUS", "size=0", "size=201", "page=-1", "page=x", "from=yesterday", "to=2024-13-45",
                      "bundleId=x", "bundleId=0"] {
            let r = try await h.send("GET", "/internal/executions?\(query)")
            let field = String(query.prefix { $0 != "=" })
            assertFieldError(r, field: field)
        }
        assertFieldError(try await h.send("GET", "/internal/executions/\(job.uid)/skips?size=500"), field: "size")
    }

    /// Two orchestrators on one store, eight executors claiming at once: every step is handed out exactly once;
    /// the last steps finishing at the same moment on both still complete the execution.
    static func concurrentClaims(_ h: OrchestratorHarness) async throws {
        let (peer, peerStore) = try await h.peer()
        do {
            let job = try await h.launch(44)
            let clients = [h.client, peer.client()]
            let claimed = try await withThrowingTaskGroup(of: [WorkItem].self) { group in
                for n in 0..<8 {
                    let client = clients[n % 2]
                    group.addTask {
                        try await client.post("/internal/work/claim", ClaimRequest(executorId: "exec-\(n)", slots: 3),
                                              as: ClaimResponse.self).items
                    }
                }
                var all: [WorkItem] = []
                for try await items in group { all += items }
                return all
            }
            XCTAssertEqual(claimed.count, 20)
            XCTAssertEqual(Set(claimed.map(\.stepExecutionId)).count, 20, "no step is handed out twice")
            let e = try await h.execution(job.uid)
            let owners = Dictionary(uniqueKeysWithValues: e.steps.map { ($0.stepExecutionId, $0.executorId) })
            try await withThrowingTaskGroup(of: Int.self) { group in
                for (n, item) in claimed.enumerated() {
                    let client = clients[n % 2]
                    let owner = owners[item.stepExecutionId] ?? nil
                    group.addTask {
                        let body = FinishRequest(executorId: owner ?? "", outcome: .completed,
                                                 counts: StepCounts(readCount: 1, writeCount: 1, commitCount: 1),
                                                 retryCount: 0, sourceRows: 1)
                        return try await client.send("POST", "/internal/work/\(item.stepExecutionId)/finish",
                                                     body: try OrderedJSONEncoder().encode(body)).status
                    }
                }
                for try await status in group { XCTAssertEqual(status, 204) }
            }
            let done = try await h.execution(job.uid)
            XCTAssertEqual(done.status, .completed)
            XCTAssertEqual(done.totalItems, 20)
        } catch {
            await peer.stop(); await peerStore.close()
            throw error
        }
        await peer.stop()
        await peerStore.close()
    }
}
