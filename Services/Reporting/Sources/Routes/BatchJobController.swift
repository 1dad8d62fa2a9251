import Foundation
import FerryServiceKit
import Hummingbird
import FerryTime

/// Tag "Batch": RF06 (`GET /v1/batch/job/{jobExecutionId}`, seed 000 step 33), the skipped rows of an execution,
/// and the execution history.
struct BatchJobController: Sendable {
    let upstream: Upstream
    let shaper: ExecutionShaper
    /// Milliseconds since 1970 — the end of a running job's elapsed time.
    let now: @Sendable () -> Timestamp

    func addRoutes(to group: FerryRouterGroup) {
        group.get("job/{jobExecutionId}", use: job)
        group.get("job/{jobExecutionId}/skips", use: skips)
        group.get("job/{jobExecutionId}/reconciliation", use: reconciliation)
        group.get("job/{jobExecutionId}/steps/{step}/partitions", use: partitions)
        group.get("jobs", use: history)
    }

    /// RF06: the seed's shape, field for field and in its order. A settled execution's answer is made once.
    @Sendable func job(_ request: Request, context: FerryRequestContext) async throws -> Response {
        let id = try context.requireInt64("jobExecutionId")
        if let kept = upstream.settled.rf06(id) {
            ReportingMetrics.settledRead()
            ReportingMetrics.lookup("rf06", status: kept.status)
            return Response.json(kept.body)
        }
        let record = try await upstream.execution(id, requestID: context.requestID)
        ReportingMetrics.lookup("rf06", status: record.status)
        let body = try OrderedJSONEncoder().encode(shaper.rf06(record, now: now()))
        upstream.settled.keep(rf06: body, of: record)
        return Response.json(body)
    }

    /// Each step's check after its last commit (bundle option `reconcile`) with its differing keys.
    @Sendable func reconciliation(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<JobReconciliationView> {
        let id = try context.requireInt64("jobExecutionId")
        return JSONResponse(shaper.reconciliation(try await upstream.execution(id, requestID: context.requestID)))
    }

    /// Skipped rows (key, original source row, SQLSTATE, reason), oldest first; `page` from 0, `size` 1…200.
    @Sendable func skips(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<SkippedRowPage> {
        let id = try context.requireInt64("jobExecutionId")
        let (page, size) = try QueryChecks.paging(request)
        return JSONResponse(try await upstream.skips(id, page: page, size: size, requestID: context.requestID))
    }

    /// The key ranges of one table's step (by step name or step execution id): bounds, state and counts.
    @Sendable func partitions(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<StepPartitionsView> {
        let id = try context.requireInt64("jobExecutionId")
        let step = try context.requireString("step")
        guard step.count <= 200, step.allSatisfy({ $0.isLetter || $0.isNumber || "-_.$".contains($0) }) else {
            throw FerryError.invalidField("step", "must be a step name (STEP-<TABLE>) or a step execution id")
        }
        return JSONResponse(try await upstream.partitions(id, step: step, requestID: context.requestID))
    }

    /// `?bundleId=&status=&from=&to=&page=&size=` — RF06-shaped executions, newest first.
    @Sendable func history(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<JobExecutionViewPage> {
        let query = try QueryValidation.history(request)
        let page = try await upstream.executions(query, requestID: context.requestID)
        if query.isUnfiltered { ReportingMetrics.executionsSeen(page.total) }
        let at = now()
        return JSONResponse(JobExecutionViewPage(items: page.items.map { shaper.rf06($0, now: at) },
                                                 page: page.page, size: page.size, total: page.total))
    }
}
