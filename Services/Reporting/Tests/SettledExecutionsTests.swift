@testable import ReportingService
import FerryModels
import FerryServiceKit
import FerryTestKit
import Foundation
import Synchronization
import XCTest

/// The settled executions the reporting service keeps in memory: a running or still-settling execution is read from
/// the orchestrator every time (its next answer shows the change), a settled one once.
final class SettledExecutionsTests: XCTestCase {
    /// An orchestrator stand-in whose one execution changes between reads, counting the reads it serves.
    final class ChangingOrchestrator: Sendable {
        let record: Mutex<JobExecutionRecord>
        let reads = Mutex(0)
        init(_ record: JobExecutionRecord) { self.record = Mutex(record) }

        func set(_ change: (inout JobExecutionRecord) -> Void) { record.withLock { change(&$0) } }
        var readCount: Int { reads.withLock { $0 } }

        func start() async throws -> RunningApp {
            let config = try TestConfig.make(dataDir: TestConfig.temporaryDirectory("reporting-changing"))
            return try await RunningApp.start(config: config) { onRunning in
                FerryService.makeApplication(name: "standin", port: 0, config: config, onServerRunning: onRunning) { router in
                    router.get("internal/executions/{id}") { _, context -> JSONResponse<JobExecutionRecord> in
                        let id = try context.requireInt64("id")
                        self.reads.withLock { $0 += 1 }
                        var r = self.record.withLock { $0 }
                        // As the orchestrator says it (its step rows are the folded steps here: no split table).
                        r.settled = r.status.isTerminal && r.steps.allSatisfy { $0.status.isTerminal }
                        guard r.jobExecutionId == id else { throw FerryError.notFound("Job execution \(id)") }
                        return JSONResponse(r)
                    }
                }
            }
        }
    }

    static let id: Int64 = 50

    static func running() -> JobExecutionRecord {
        Fixtures.job(id, status: .started, exit: "EXECUTING", created: "2024-12-06T11:00:00.000Z",
                     start: "2024-12-06T11:00:01.000Z", end: nil,
                     steps: [Fixtures.step(60, "STEP-CUSTOMERS", pair: 7, status: .started, exit: "EXECUTING",
                                           start: "2024-12-06T11:00:01.000Z", end: nil, read: 10, write: 10, commit: 1),
                             Fixtures.step(61, "STEP-ORDERS", pair: 8, status: .started, exit: "EXECUTING",
                                           start: "2024-12-06T11:00:01.000Z", end: nil, read: 5, write: 5, commit: 1)])
    }

    static func end(_ r: inout JobExecutionRecord, step i: Int, _ status: BatchStatus, read: Int64) {
        r.steps[i].status = status
        r.steps[i].exitStatus = status.rawValue
        r.steps[i].endTime = "2024-12-06T11:00:09.000Z"
        r.steps[i].counts.readCount = read
    }

    private func status(_ h: ReportingHarness) async throws -> (job: String?, steps: [String?], reads: [Int?]) {
        let view = try await h.json("/v1/batch/job/\(Self.id)")
        let steps = view["steps"] as? [[String: Any]] ?? []
        return (view["batchStatus"] as? String, steps.map { $0["batchStatus"] as? String }, steps.map { $0["readCount"] as? Int })
    }

    func testRunningAndSettlingExecutionsAreReadEveryTimeSettledOnesOnce() async throws {
        let orchestrator = ChangingOrchestrator(Self.running())
        let standIn = try await orchestrator.start()
        let h = try await ReportingHarness.start(orchestratorURL: standIn.baseURL)
        defer { Task { await h.stop(); await standIn.stop() } }

        var seen = try await status(h)
        XCTAssertEqual(seen.job, "STARTED")
        orchestrator.set { r in r.steps[0].counts.readCount = 20 }
        seen = try await status(h)
        XCTAssertEqual(seen.reads, [20, 5], "a running job's counts are read again")

        // FAILED while its other step still runs: terminal, not settled — that step's end must show.
        orchestrator.set { r in
            Self.end(&r, step: 0, .failed, read: 30)
            r.status = .failed; r.exitStatus = "FAILED"; r.endTime = "2024-12-06T11:00:09.000Z"
        }
        seen = try await status(h)
        XCTAssertEqual(seen.job, "FAILED")
        XCTAssertEqual(seen.steps, ["FAILED", "STARTED"])
        orchestrator.set { r in Self.end(&r, step: 1, .stopped, read: 15) }
        seen = try await status(h)
        XCTAssertEqual(seen.steps, ["FAILED", "STOPPED"])
        XCTAssertEqual(seen.reads, [30, 15])

        // Settled now: later reads (RF06, the job report) do not ask the orchestrator again.
        let readsWhenSettled = orchestrator.readCount
        for _ in 0..<3 { _ = try await status(h) }
        let report = try await h.get("/v1/batch-job-report/\(Self.id)")
        XCTAssertEqual(report.status, 200, report.text)
        XCTAssertEqual(orchestrator.readCount, readsWhenSettled)
        seen = try await status(h)
        XCTAssertEqual(seen.job, "FAILED")
        XCTAssertEqual(seen.reads, [30, 15])
        let metrics = try await h.get("/metrics").text
        XCTAssertTrue(metrics.contains(ReportingMetrics.settledReads), metrics)
    }

    func testOnlySettledRecordsAreKeptAndTheOldestIsForgotten() {
        let kept = SettledExecutions(capacity: 2)
        var r = Self.running()
        kept.offer(r)
        XCTAssertNil(kept.record(Self.id), "running")
        r.status = .completed
        kept.offer(r)
        XCTAssertNil(kept.record(Self.id), "completed job with running steps")
        Self.end(&r, step: 0, .completed, read: 10)
        Self.end(&r, step: 1, .completed, read: 5)
        kept.offer(r)
        XCTAssertNil(kept.record(Self.id), "the orchestrator did not say it is settled (a key range may still run)")
        r.settled = false
        kept.offer(r)
        XCTAssertNil(kept.record(Self.id))
        r.settled = true
        for id: Int64 in [1, 2, 3] {
            r.jobExecutionId = id
            kept.offer(r)
        }
        XCTAssertEqual(kept.count, 2)
        XCTAssertNil(kept.record(1))
        XCTAssertEqual(kept.record(3)?.status, .completed)
        kept.keep(rf06: Array("{}".utf8), of: r)
        XCTAssertEqual(kept.rf06(3)?.body, Array("{}".utf8))
        XCTAssertEqual(kept.rf06(3)?.status, .completed)
        var starting = r
        starting.jobExecutionId = 4
        kept.keep(rf06: Array("{}".utf8), of: starting)
        XCTAssertNil(kept.rf06(4), "an execution not kept has no kept answer")
        starting.steps[1].status = .starting
        XCTAssertFalse(SettledExecutions.isSettled(starting))
    }
}
