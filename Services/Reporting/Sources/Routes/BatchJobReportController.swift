import Foundation
import FerryServiceKit
import Hummingbird

/// Tag "Reports": seed 002's batch job report, `GET /v1/batch-job-report/{jobId}` (the jobId of `POST /v1/batch/job`).
struct BatchJobReportController: Sendable {
    let upstream: Upstream
    let shaper: ExecutionShaper

    func addRoutes(to group: FerryRouterGroup) {
        group.get("{jobId}", use: report)
    }

    @Sendable func report(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<BatchJobReport> {
        let id = try context.requireInt64("jobId")
        let record = try await upstream.execution(id, requestID: context.requestID)
        let report = shaper.report(record)
        ReportingMetrics.lookup("report", status: record.status)
        ReportingMetrics.reportState(report.state)
        return JSONResponse(report)
    }
}
