import Foundation
import FerryServiceKit
import Hummingbird

/// The executors' work protocol (ENGINE.md §7), behind the internal token:
/// `POST /internal/work/claim`, `POST /internal/work/{stepId}/beat` (lease), `POST /internal/work/{stepId}/progress`
/// (counts after committed chunks), `POST /internal/work/{stepId}/finish`, `POST /internal/work/release` (an
/// executor restarting under its stable id gives back what it held).
struct WorkController: Sendable {
    let store: OrchestratorStore
    let settings: OrchestratorSettings
    let signal: WorkSignal
    let claimants = Claimants()

    static let maxSlots = 256
    static let maxWaitMillis = 30_000
    static let maxExecutorIdLength = 200

    func addRoutes(to group: FerryRouterGroup) {
        group.post("claim", use: claim)
        group.post("{stepId}/beat", use: beat)
        group.post("{stepId}/progress", use: progress)
        group.post("{stepId}/finish", use: finish)
        group.post("release", use: release)
    }

    /// `{"executorId": "exec-1", "slots": 2, "waitMillis": 2000}` → `{"items": [WorkItem…]}`; with nothing claimable
    /// the empty answer waits up to `waitMillis` for a launch, restart or finished step (`"workSignalled": true`).
    @Sendable func claim(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<ClaimResponse> {
        let body = try await request.decodeJSON(ClaimRequest.self, context: context)
        try Self.checkExecutor(body.executorId)
        guard (1...Self.maxSlots).contains(body.slots) else {
            throw FerryError.invalidField("slots", "must be between 1 and \(Self.maxSlots)")
        }
        let waitMillis = body.waitMillis ?? 0
        guard (0...Self.maxWaitMillis).contains(waitMillis) else {
            throw FerryError.invalidField("waitMillis", "must be between 0 and \(Self.maxWaitMillis)")
        }
        let seen = signal.current
        let present = claimants.note(body.executorId, waitMillis: waitMillis)
        let (items, effects) = try await store.claim(executorId: body.executorId, slots: body.slots, now: settings.now(),
                                                     leaseSeconds: settings.leaseSeconds, claimants: present)
        OrchestratorMetrics.record(effects)
        if effects.claimableLeft { signal.notify() }   // the other ranges of a split table: for whoever asks next
        if items.isEmpty && waitMillis > 0 {
            await signal.wait(after: seen, until: ContinuousClock.now + .milliseconds(waitMillis))
            return JSONResponse(ClaimResponse(items: [], workSignalled: signal.current != seen))
        }
        for item in items {
            context.logger.info("\(body.executorId) claimed \(item.stepName) of job execution \(item.jobExecutionId) (step \(item.stepExecutionId))")
        }
        return JSONResponse(ClaimResponse(items: items))
    }

    /// `{"executorId": …}` renews the lease → `{"leaseUntil": "…", "stop": false}`; 409 when the lease belongs to
    /// someone else. An executor of an earlier version also sends its counts and skips with each beat: they are
    /// stored as a progress report, so its skipped rows are not lost.
    @Sendable func beat(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<BeatResponse> {
        let stepId = try context.requireInt64("stepId")
        let body = try await request.decodeJSON(IncomingHeartbeat.self, context: context)
        try Self.checkExecutor(body.executorId)
        let legacy = body.progress
        if let p = legacy { try Self.checkProgress(p.counts, retryCount: p.retryCount, sourceRows: p.sourceRows) }
        let (answer, effects) = try await repository {
            try await store.beat(stepId: stepId, executorId: body.executorId, progress: legacy, now: settings.now(),
                                 leaseSeconds: settings.leaseSeconds)
        }
        OrchestratorMetrics.record(effects)
        return JSONResponse(answer)
    }

    /// Counts after committed chunks (a few times a second while rows move) → `{"leaseUntil": …, "stop": …}`; the
    /// lease is not renewed here (heartbeats do that), so progress never keeps a stalled step alive.
    @Sendable func progress(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<BeatResponse> {
        let stepId = try context.requireInt64("stepId")
        let body = try await request.decodeJSON(ProgressRequest.self, context: context)
        try Self.checkExecutor(body.executorId)
        try Self.checkProgress(body.counts, retryCount: body.retryCount, sourceRows: body.sourceRows)
        let (answer, effects) = try await repository {
            try await store.beat(stepId: stepId, executorId: body.executorId, progress: body, now: settings.now(),
                                 leaseSeconds: nil)
        }
        OrchestratorMetrics.record(effects)
        return JSONResponse(answer)
    }

    /// How the step ended → 204; 409 when the lease belongs to someone else or the step already ended otherwise.
    @Sendable func finish(_ request: Request, context: FerryRequestContext) async throws -> Response {
        let stepId = try context.requireInt64("stepId")
        let body = try await request.decodeJSON(FinishRequest.self, context: context)
        try Self.checkExecutor(body.executorId)
        try Self.checkProgress(body.counts, retryCount: body.retryCount, sourceRows: body.sourceRows)
        let (released, effects) = try await repository { try await store.finish(stepId: stepId, body, now: settings.now()) }
        if !released { OrchestratorMetrics.stepEnded(body.counts) }
        OrchestratorMetrics.record(effects)
        signal.notify()   // the next relational ordering, or a released step, may be claimable now
        if body.outcome == .failed {
            context.logger.warning("step execution \(stepId) failed: \(body.message ?? "no message")")
        }
        return Response(status: .noContent)
    }

    /// `{"executorId": "host-executor-1"}` → `{"released": [stepId…]}`: the steps are claimable again at once.
    @Sendable func release(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<ReleaseResponse> {
        let body = try await request.decodeJSON(ReleaseRequest.self, context: context)
        try Self.checkExecutor(body.executorId)
        let (released, effects) = try await store.release(executorId: body.executorId, now: settings.now())
        OrchestratorMetrics.record(effects)
        if !released.isEmpty {
            context.logger.info("\(body.executorId) restarted: released its leases on step executions \(released.map(String.init).joined(separator: ", "))")
            signal.notify()   // waiting executors claim the released steps at once
        }
        return JSONResponse(ReleaseResponse(released: released))
    }

    static func checkExecutor(_ id: String) throws {
        guard !id.trimmingCharacters(in: .whitespaces).isEmpty else { throw FerryError.invalidField("executorId", "must not be empty") }
        guard id.count <= maxExecutorIdLength else {
            throw FerryError.invalidField("executorId", "must be at most \(maxExecutorIdLength) characters")
        }
    }

    static func checkProgress(_ counts: StepCounts, retryCount: Int, sourceRows: Int64?) throws {
        let named: [(String, Int64)] = [("counts.readCount", counts.readCount), ("counts.writeCount", counts.writeCount),
                                        ("counts.commitCount", counts.commitCount), ("counts.writeSkipCount", counts.writeSkipCount),
                                        ("counts.rollbackCount", counts.rollbackCount), ("retryCount", Int64(retryCount)),
                                        ("sourceRows", sourceRows ?? 0)]
        let errors = named.filter { $0.1 < 0 }.map { FieldError(field: $0.0, message: "must not be negative") }
        if errors.count == 1 { throw FerryError.invalidField(errors[0].field, errors[0].message) }
        if !errors.isEmpty { throw FerryError.validation(errors) }
    }
}
