import Foundation
import FerryServiceKit
import Hummingbird

/// Reads for the reporting service, behind the internal token: one execution (RF06's source), the history,
/// skipped rows, progress samples, and the latest successful sync per table pair (seed 002's get-latest-integration).
struct ExecutionController: Sendable {
    let store: OrchestratorStore

    func addRoutes(to group: FerryRouterGroup) {
        group.get("executions", use: list)
        group.get("executions/{id}", use: get)
        group.get("executions/{id}/skips", use: skips)
        group.get("executions/{id}/samples", use: samples)
        group.get("executions/{id}/steps/{step}/partitions", use: partitions)
        group.get("bundles/{bundleId}/latest", use: latest)
        group.get("manifests", use: manifests)
        group.get("manifests/{batchCode}/{run}/{rerun}", use: manifest)
    }

    /// `?batchCode=` — the batch code's manifests, oldest run first (an empty list for an unknown code).
    @Sendable func manifests(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<ManifestRecordList> {
        guard let code = request.queryString("batchCode"), !code.isEmpty else {
            throw FerryError.invalidField("batchCode", "is required")
        }
        return JSONResponse(ManifestRecordList(manifests: try await store.manifests(batchCode: code)))
    }

    @Sendable func manifest(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<ManifestRecord> {
        let code = try context.requireString("batchCode")
        let run = try context.requireInt("run"), rerun = try context.requireInt("rerun")
        guard let record = try await store.manifest(batchCode: code, run: run, rerun: rerun) else {
            throw FerryError.notFound("Manifest \(code)_\(run)_\(rerun)")
        }
        return JSONResponse(record)
    }

    @Sendable func get(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<JobExecutionRecord> {
        let id = try context.requireInt64("id")
        guard let record = try await store.executionRecord(id) else { throw FerryError.notFound("Job execution \(id)") }
        return JSONResponse(record)
    }

    /// `?bundleId=&status=&from=&to=&page=&size=` — newest first, `page` from 0, `size` 1…200 (20).
    @Sendable func list(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<JobExecutionPage> {
        let filter = ExecutionFilter(bundleId: try QueryChecks.positiveInt64(request, "bundleId"),
                                     status: try QueryChecks.status(request),
                                     from: try QueryParameters.timestamp(request, "from"),
                                     to: try QueryParameters.timestamp(request, "to"))
        let (page, size) = try QueryChecks.paging(request)
        return JSONResponse(try await store.executions(filter, page: page, size: size))
    }

    @Sendable func skips(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<SkippedRowPage> {
        let id = try context.requireInt64("id")
        let (page, size) = try QueryChecks.paging(request)
        guard let skipped = try await store.skips(executionId: id, page: page, size: size) else {
            throw FerryError.notFound("Job execution \(id)")
        }
        return JSONResponse(skipped)
    }

    /// Each started step's progress samples, oldest first.
    @Sendable func samples(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<JobProgressSamples> {
        let id = try context.requireInt64("id")
        guard let samples = try await store.progressSamples(executionId: id) else { throw FerryError.notFound("Job execution \(id)") }
        return JSONResponse(samples)
    }

    @Sendable func partitions(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<StepPartitionsView> {
        let id = try context.requireInt64("id")
        let step = try context.parameters.requireString("step")
        guard let view = try await store.partitions(executionId: id, step: step) else {
            throw FerryError.notFound(try await store.executionRow(id) == nil ? "Job execution \(id)" : "Step \(step) of job execution \(id)")
        }
        return JSONResponse(view)
    }

    @Sendable func latest(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<LatestIntegration> {
        let bundleId = try context.requireInt64("bundleId")
        return JSONResponse(try await store.latestIntegration(bundleId: bundleId))
    }
}
