import Foundation
import FerryServiceKit
import Hummingbird

/// RF05 — `POST /v1/batch/job` launches a bundle's job; `…/{id}/stop` and `…/{id}/restart` operate on an execution.
/// Runs are asynchronous: the answer comes at once and executors pull the steps.
struct JobController: Sendable {
    let store: OrchestratorStore
    let catalog: CatalogBundleSpecs
    let settings: OrchestratorSettings
    let signal: WorkSignal

    func addRoutes(to group: FerryRouterGroup) {
        group.post(use: launch)
        group.post("{id}/stop", use: stop)
        group.post("{id}/restart", use: restart)
    }

    /// `{"dataBundleId": 41}` → 201 `{"uid": 29, "jobId": "29", "success": true, "id": 29, "message": "Job launched", …}`.
    @Sendable func launch(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<LaunchResponse> {
        let body = try await request.decodeJSON(LaunchBody.self, context: context)
        guard let bundleId = body.dataBundleId else { throw FerryError.invalidField("dataBundleId", "is required") }
        guard bundleId > 0 else { throw FerryError.invalidField("dataBundleId", "must be a positive integer") }
        guard let spec = try await catalog.spec(bundleId: bundleId, requestID: context.requestID) else {
            throw FerryError.invalidField("dataBundleId", "bundle \(bundleId) does not exist")
        }
        let created = try await repository { try await store.launch(spec: spec, now: settings.now()) }
        signal.notify()
        OrchestratorMetrics.jobLaunched(kind: "launch")
        if created.status.isTerminal { OrchestratorMetrics.jobsFinished([created.status]) }
        context.logger.info("launched \(created.jobName) as job execution \(created.executionId) with \(created.steps) steps")
        return JSONResponse(LaunchResponse(executionId: created.executionId, jobName: created.jobName,
                                           message: "Job launched", status: created.status), status: .created)
    }

    /// 200 with the execution's status: STOPPING while steps finish their chunk in flight, STOPPED when none was running.
    @Sendable func stop(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<LaunchResponse> {
        let id = try context.requireInt64("id")
        let (execution, effects) = try await repository { try await store.stop(executionId: id, now: settings.now()) }
        OrchestratorMetrics.record(effects)
        let message = execution.status == .stopping ? "Job stopping" : "Job \(execution.status.rawValue.lowercased())"
        return JSONResponse(LaunchResponse(executionId: execution.id, jobName: execution.jobName, message: message,
                                           status: execution.status))
    }

    /// 201 with the NEW execution (same job instance, rerun number + 1) running the pairs that did not complete.
    @Sendable func restart(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<LaunchResponse> {
        let id = try context.requireInt64("id")
        guard let previous = try await store.executionRow(id) else { throw FerryError.notFound("Job execution \(id)") }
        // Cheap refusals first; the store checks everything again in its transaction.
        guard previous.status == .failed || previous.status == .stopped else {
            throw FerryError.conflict(
                "job execution \(id) is \(previous.status.rawValue); only FAILED or STOPPED job executions can be restarted")
        }
        guard let spec = try await catalog.spec(bundleId: previous.bundleId, requestID: context.requestID) else {
            throw FerryError.unprocessable("bundle \(previous.bundleId) of job execution \(id) no longer exists in the catalog")
        }
        let created = try await repository { try await store.restart(executionId: id, spec: spec, now: settings.now()) }
        signal.notify()
        OrchestratorMetrics.jobLaunched(kind: "restart")
        if created.status.isTerminal { OrchestratorMetrics.jobsFinished([created.status]) }
        context.logger.info(
            "restarted job execution \(id) as \(created.executionId) with \(created.steps) steps left")
        return JSONResponse(LaunchResponse(executionId: created.executionId, jobName: created.jobName,
                                           message: "Job restarted", status: created.status), status: .created)
    }
}

/// `LaunchRequest` as received: a number that is not an integer (4.5, 1e30) is reported on `dataBundleId`
/// (Foundation reports it without a coding path, which would only name the body).
private struct LaunchBody: Decodable {
    var dataBundleId: Int64?

    private enum Keys: String, CodingKey { case dataBundleId }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        guard c.contains(.dataBundleId), try !c.decodeNil(forKey: .dataBundleId) else { dataBundleId = nil; return }
        if let id = try? c.decode(Int64.self, forKey: .dataBundleId) {
            dataBundleId = id
        } else if (try? c.decode(Double.self, forKey: .dataBundleId)) != nil {
            throw DecodingError.typeMismatch(Int64.self, .init(codingPath: [Keys.dataBundleId], debugDescription: "not an integer"))
        } else {
            dataBundleId = try c.decode(Int64.self, forKey: .dataBundleId)
        }
    }
}
