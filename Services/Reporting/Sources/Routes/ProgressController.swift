import FerryServiceKit
import Hummingbird
import FerryTime

/// Tag "Batch": Ferry's progress document of one execution and of the latest ones (what `ferry run --wait` and
/// `/dashboard` draw: exact times, source-row estimates, percentages, rows/s).
struct ProgressController: Sendable {
    let upstream: Upstream
    /// Milliseconds since 1970 — the end of a running job's elapsed time.
    let now: @Sendable () -> Timestamp

    /// Under `v1/batch`.
    func addRoutes(to group: FerryRouterGroup) {
        group.get("job/{jobExecutionId}/progress", use: job)
        group.get("job/{jobExecutionId}/progress/samples", use: samples)
        group.get("jobs/progress", use: history)
    }

    @Sendable func job(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<JobProgressView> {
        let id = try context.requireInt64("jobExecutionId")
        let record = try await upstream.execution(id, requestID: context.requestID)
        return JSONResponse(ProgressShaper.progress(record, now: now()))
    }

    /// The counts as they moved, per step (the dashboard's throughput chart).
    @Sendable func samples(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<JobProgressSamples> {
        let id = try context.requireInt64("jobExecutionId")
        return JSONResponse(try await upstream.samples(id, requestID: context.requestID))
    }

    /// The same filters as `GET /v1/batch/jobs`, newest first.
    @Sendable func history(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<JobProgressPage> {
        let query = try QueryValidation.history(request)
        let page = try await upstream.executions(query, requestID: context.requestID)
        let at = now()
        return JSONResponse(JobProgressPage(items: page.items.map { ProgressShaper.progress($0, now: at) },
                                            page: page.page, size: page.size, total: page.total))
    }
}
