import FerryModels
import FerryTestKit
import Foundation
import XCTest

/// Flow runs as the incremental tests drive them: start one over the public route, wait for its job execution,
/// read the run back as `GET /v1/flows/{id}/runs/{runId}` shows it.
struct FlowRuns {
    let api: FerryAPI

    /// POST /v1/flows/{id}/runs: the run id and its job execution.
    func start(_ flow: Int64, file: StaticString = #filePath, line: UInt = #line) async throws -> (run: Int, execution: Int64) {
        let (status, body) = try await api.post(api.orchestrator, "/v1/flows/\(flow)/runs", "")
        XCTAssertEqual(status, 201, "\(body)", file: file, line: line)
        let runId = try XCTUnwrap(body["id"] as? Int, file: file, line: line)
        let execution = try XCTUnwrap(body["jobExecutionId"] as? Int, file: file, line: line)
        return (runId, Int64(execution))
    }

    /// Starts a run and waits for its job execution to end in `status`.
    func run(_ flow: Int64, expect status: BatchStatus = .completed, file: StaticString = #filePath,
             line: UInt = #line) async throws -> (FlowRunView, JobExecutionRecord) {
        let (runId, execution) = try await start(flow, file: file, line: line)
        let e = try await api.wait(execution, file: file, line: line)
        XCTAssertEqual(e.status, status, e.exitMessage, file: file, line: line)
        return (try await view(flow, runId), e)
    }

    func view(_ flow: Int64, _ runId: Int) async throws -> FlowRunView {
        try await api.orchestrator.get("/v1/flows/\(flow)/runs/\(runId)")
    }

    /// The bundle's watermark as `get-latest-integration` shows it (the last COMPLETED window's high).
    func watermark(bundle: Int64) async throws -> String? {
        let latest: LatestIntegration = try await api.orchestrator.get("/internal/bundles/\(bundle)/latest")
        return latest.pairs.first?.watermark
    }

    /// Rows of `sql` on the database at `url`, as text.
    static func rows(_ url: String, _ sql: String) async throws -> [[String?]] {
        try await TestPostgres.run(url: url) { c in try c.query(sql).rows.map { $0.map(\.textValue) } }
    }
}
