@testable import ReportingService
import FerryModels
import FerryServiceKit
import FerryTestKit
import Foundation
import XCTest

/// Seed 002's batch job report — `GET /v1/batch-job-report/{jobId}`.
final class BatchJobReportTests: XCTestCase {
    static let keys = ["jobId", "entityType", "state", "isComplete", "createdAt", "startedAt", "completedAt", "duration",
                       "totalItems", "successCount", "failureCount", "retryAttempt", "hasPartialData", "errorMessage",
                       "exceptionDetails"]
    static let iso = try! NSRegularExpression(pattern: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"#)
    static let hms = try! NSRegularExpression(pattern: #"^\d{2,}:[0-5]\d:[0-5]\d$"#)

    func testFourStatesWithTheSeedShape() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }
        let expected: [(Int64, String)] = [
            (Fixtures.enqueuedId, "Enqueued"), (Fixtures.runningId, "Processing"), (Fixtures.startingWithStepId, "Processing"),
            (Fixtures.completedId, "Finished"), (Fixtures.skippedId, "Finished"), (Fixtures.failedId, "Failed"),
            (Fixtures.stoppedId, "Failed"),
        ]
        for (id, state) in expected {
            let (status, text) = try await h.get("/v1/batch-job-report/\(id)")
            XCTAssertEqual(status, 200, text)
            // Every key, in the seed's order, absent values as null (never omitted).
            XCTAssertEqual(JSONKeyOrder.keys(text), Self.keys, text)
            let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            XCTAssertEqual(report["state"] as? String, state, "job \(id)")
            XCTAssertEqual(report["jobId"] as? String, String(id))
            XCTAssertEqual(report["entityType"] as? String, Fixtures.bundleName)
            let complete = state == "Finished" || state == "Failed"
            XCTAssertEqual(report["isComplete"] as? Bool, complete, "job \(id)")
            XCTAssertTrue(Self.matches(Self.iso, report["createdAt"] as? String), "job \(id): \(text)")
            if complete {
                let total = try XCTUnwrap(report["totalItems"] as? Int)
                let success = try XCTUnwrap(report["successCount"] as? Int)
                let failure = try XCTUnwrap(report["failureCount"] as? Int)
                XCTAssertEqual(success + failure, total, "invariant, job \(id): \(text)")
                XCTAssertTrue(Self.matches(Self.iso, report["completedAt"] as? String), "job \(id)")
                XCTAssertTrue(Self.matches(Self.hms, report["duration"] as? String), "job \(id)")
                XCTAssertEqual(report["hasPartialData"] as? Bool, success > 0 && failure > 0, "job \(id)")
            } else {
                XCTAssertTrue(report["completedAt"] is NSNull, "job \(id)")
                XCTAssertTrue(report["duration"] is NSNull, "job \(id)")
                XCTAssertEqual(report["hasPartialData"] as? Bool, false)
                XCTAssertTrue(report["errorMessage"] is NSNull)
            }
            let decoded = try JSONDecoder().decode(BatchJobReport.self, from: Data(text.utf8))
            XCTAssertEqual(decoded.state.rawValue, state)
        }
    }

    func testEnqueued() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }
        let text = try await h.get("/v1/batch-job-report/\(Fixtures.enqueuedId)").text
        XCTAssertTrue(text.contains(#""startedAt":null,"completedAt":null,"duration":null"#), text)
        let r = try await h.json("/v1/batch-job-report/\(Fixtures.enqueuedId)")
        XCTAssertEqual(r["totalItems"] as? Int, 100)
        XCTAssertEqual(r["successCount"] as? Int, 0)
        XCTAssertEqual(r["failureCount"] as? Int, 0)
        XCTAssertTrue(r["exceptionDetails"] is NSNull)
    }

    func testProcessingHasLiveCounts() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }
        let r = try await h.json("/v1/batch-job-report/\(Fixtures.runningId)")
        XCTAssertEqual(r["state"] as? String, "Processing")
        XCTAssertTrue(Self.matches(Self.iso, r["startedAt"] as? String))
        XCTAssertEqual(r["totalItems"] as? Int, 100)
        XCTAssertEqual(r["successCount"] as? Int, 45)
        XCTAssertEqual(r["failureCount"] as? Int, 0)
    }

    func testFinishedTotalSuccess() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }
        let r = try await h.json("/v1/batch-job-report/\(Fixtures.completedId)")
        XCTAssertEqual(r["totalItems"] as? Int, 392)
        XCTAssertEqual(r["successCount"] as? Int, 392)
        XCTAssertEqual(r["failureCount"] as? Int, 0)
        XCTAssertEqual(r["hasPartialData"] as? Bool, false)
        XCTAssertTrue(r["errorMessage"] is NSNull)
        XCTAssertEqual(r["createdAt"] as? String, "2023-10-22T19:49:10.000Z")
        XCTAssertEqual(r["startedAt"] as? String, "2023-10-22T19:49:10.100Z")
        XCTAssertEqual(r["completedAt"] as? String, "2023-10-22T19:49:10.368Z")
        XCTAssertEqual(r["duration"] as? String, "00:00:00")
    }

    /// Seed 002's "Finished (partial success with errors)".
    func testFinishedWithSkippedRowsIsPartial() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }
        let r = try await h.json("/v1/batch-job-report/\(Fixtures.skippedId)")
        XCTAssertEqual(r["state"] as? String, "Finished")
        XCTAssertEqual(r["createdAt"] as? String, "2024-12-06T10:40:00.000Z")
        XCTAssertEqual(r["startedAt"] as? String, "2024-12-06T10:40:02.000Z")
        XCTAssertEqual(r["completedAt"] as? String, "2024-12-06T10:45:30.000Z")
        XCTAssertEqual(r["duration"] as? String, "00:05:28")
        XCTAssertEqual(r["totalItems"] as? Int, 100)
        XCTAssertEqual(r["successCount"] as? Int, 95)
        XCTAssertEqual(r["failureCount"] as? Int, 5)
        XCTAssertEqual(r["retryAttempt"] as? Int, 0)
        XCTAssertEqual(r["hasPartialData"] as? Bool, true)
        XCTAssertEqual(r["errorMessage"] as? String, "5 items failed during processing")
        XCTAssertTrue(r["exceptionDetails"] is NSNull)
    }

    /// Seed 002's "Failed": the rows never reached count as failures, so the invariant holds.
    func testFailed() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }
        let r = try await h.json("/v1/batch-job-report/\(Fixtures.failedId)")
        XCTAssertEqual(r["state"] as? String, "Failed")
        XCTAssertEqual(r["isComplete"] as? Bool, true)
        XCTAssertEqual(r["duration"] as? String, "00:00:43")
        XCTAssertEqual(r["totalItems"] as? Int, 100)
        XCTAssertEqual(r["successCount"] as? Int, 40)
        XCTAssertEqual(r["failureCount"] as? Int, 60)
        XCTAssertEqual(r["retryAttempt"] as? Int, 5)
        XCTAssertEqual(r["hasPartialData"] as? Bool, true)
        XCTAssertEqual(r["errorMessage"] as? String, "Database connection pool exhausted")
        XCTAssertEqual(r["exceptionDetails"] as? String, "PostgreSQL connection timeout after 5 retry attempts")
    }

    /// STOPPED is reported as Failed: the job did not load everything and only a restart resumes it.
    func testStoppedIsFailedByRequest() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }
        let r = try await h.json("/v1/batch-job-report/\(Fixtures.stoppedId)")
        XCTAssertEqual(r["state"] as? String, "Failed")
        XCTAssertEqual(r["totalItems"] as? Int, 50)
        XCTAssertEqual(r["successCount"] as? Int, 10)
        XCTAssertEqual(r["failureCount"] as? Int, 40)
        XCTAssertEqual(r["errorMessage"] as? String, "Job execution stopped by request")
        XCTAssertEqual(r["duration"] as? String, "00:01:00")
    }

    func testErrors() async throws {
        let h = try await ReportingHarness.start()
        defer { Task { await h.stop() } }
        let bad = try await h.json("/v1/batch-job-report/hangfire-job-1234567890", expect: 400)
        XCTAssertEqual((bad["errors"] as? [[String: Any]])?.first?["field"] as? String, "jobId")
        let missing = try await h.json("/v1/batch-job-report/12345", expect: 404)
        XCTAssertEqual(missing["message"] as? String, "Job execution 12345 not found")
        XCTAssertEqual(missing["success"] as? Bool, false)
    }

    static func matches(_ regex: NSRegularExpression, _ text: String?) -> Bool {
        guard let text else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

/// The shaping rules on their own, over many generated executions.
final class ExecutionShaperTests: XCTestCase {
    func testInvariantHoldsForEveryCompleteExecution() {
        var generator = SystemRandomNumberGenerator()
        let shaper = ExecutionShaper(zone: TimeZone(identifier: "UTC")!)
        for _ in 0..<2000 {
            let status = BatchStatus.allCases.randomElement(using: &generator)!
            let steps = (0..<Int.random(in: 0...4, using: &generator)).map { i -> StepExecutionRecord in
                let read = Int64.random(in: 0...1000, using: &generator)
                let skip = Int64.random(in: 0...read, using: &generator)
                let write = Bool.random(using: &generator) ? read - skip : Int64.random(in: 0...read, using: &generator)
                let source: Int64? = Bool.random(using: &generator) ? Int64.random(in: 0...1500, using: &generator) : nil
                return Fixtures.step(Int64(i), "STEP-T\(i)", pair: Int64(i), status: status, exit: status.rawValue,
                                     start: Bool.random(using: &generator) ? "2024-12-06T10:00:00.000Z" : nil,
                                     end: status.isTerminal ? "2024-12-06T10:01:00.000Z" : nil,
                                     read: read, write: write, commit: 1, skip: skip, source: source)
            }
            let record = Fixtures.job(1, status: status, exit: status.rawValue, created: "2024-12-06T09:59:00.000Z",
                                      start: "2024-12-06T10:00:00.000Z",
                                      end: status.isTerminal ? "2024-12-06T10:01:00.000Z" : nil, steps: steps,
                                      total: Bool.random(using: &generator) ? Int64.random(in: 0...3000, using: &generator) : nil)
            let report = shaper.report(record)
            XCTAssertGreaterThanOrEqual(report.successCount, 0)
            XCTAssertGreaterThanOrEqual(report.failureCount, 0)
            XCTAssertGreaterThanOrEqual(report.totalItems, 0)
            XCTAssertEqual(report.isComplete, status.isTerminal)
            if report.isComplete {
                XCTAssertEqual(report.successCount + report.failureCount, report.totalItems, "\(record)")
                XCTAssertEqual(report.hasPartialData, report.successCount > 0 && report.failureCount > 0)
                XCTAssertEqual(report.duration, "00:01:00")
            } else {
                XCTAssertNil(report.duration)
                XCTAssertFalse(report.hasPartialData)
                XCTAssertGreaterThanOrEqual(report.totalItems, steps.reduce(0) { $0 + $1.counts.readCount })
            }
        }
    }

    func testStates() {
        func state(_ status: BatchStatus, stepStarted: Bool) -> BatchJobState {
            ExecutionShaper.state(of: Fixtures.job(1, status: status, exit: "", created: "2024-12-06T10:00:00Z", start: nil, end: nil,
                                                   steps: [Fixtures.step(1, "STEP-A", pair: 1, status: .starting, exit: "",
                                                                         start: stepStarted ? "2024-12-06T10:00:01Z" : nil,
                                                                         end: nil, read: 0, write: 0, commit: 0)]))
        }
        XCTAssertEqual(state(.starting, stepStarted: false), .enqueued)
        XCTAssertEqual(state(.starting, stepStarted: true), .processing)
        XCTAssertEqual(state(.started, stepStarted: false), .processing)
        XCTAssertEqual(state(.stopping, stepStarted: true), .processing)
        XCTAssertEqual(state(.completed, stepStarted: true), .finished)
        XCTAssertEqual(state(.failed, stepStarted: true), .failed)
        XCTAssertEqual(state(.abandoned, stepStarted: true), .failed)
        XCTAssertEqual(state(.stopped, stepStarted: true), .failed)
    }

    func testSingleSkippedItemWording() {
        let record = Fixtures.job(1, status: .completed, exit: "COMPLETED", created: "2024-12-06T10:00:00Z",
                                  start: "2024-12-06T10:00:00Z", end: "2024-12-06T10:00:01Z",
                                  steps: [Fixtures.step(1, "STEP-A", pair: 1, status: .completed, exit: "COMPLETED",
                                                        start: "2024-12-06T10:00:00Z", end: "2024-12-06T10:00:01Z",
                                                        read: 10, write: 9, commit: 1, skip: 1)])
        XCTAssertEqual(ExecutionShaper(zone: TimeZone(identifier: "UTC")!).report(record).errorMessage,
                       "1 item failed during processing")
    }
}
