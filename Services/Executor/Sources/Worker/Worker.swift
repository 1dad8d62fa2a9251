import Foundation
import FerryHTTPClient
import FerryModels
import FerryServiceKit
import FerrySQL
import Logging
import NIOConcurrencyHelpers

/// The executor's pull loop (ENGINE.md §7): claims steps from the orchestrator up to its free slots,
/// runs each under a lease renewed by heartbeats, and reports how it ended. Holds no state that
/// matters after a crash: the next executor resumes from the target's checkpoint.
final class Worker: Sendable {
    let settings: ExecutorSettings
    let orchestrator: HTTPClient
    let catalog: HTTPClient
    let logger: Logger
    /// The steps running now (their progress, to ask them to stop), and whether the executor is shutting down.
    private let state = NIOLockedValueBox(RunningSteps())

    init(settings: ExecutorSettings, orchestrator: HTTPClient, catalog: HTTPClient, logger: Logger) {
        self.settings = settings; self.orchestrator = orchestrator; self.catalog = catalog; self.logger = logger
    }

    var activeSteps: Int { state.withLockedValue { $0.steps.count } }

    /// Graceful scale-in (SIGTERM): claim nothing more and ask each running step to stop after the chunk in flight;
    /// each then reports `stopped`, which hands it back to the orchestrator, claimable at once by another executor.
    func drain() {
        let steps = state.withLockedValue { s in s.draining = true; return Array(s.steps.values) }
        logger.info("executor \(settings.executorId) shutting down: handing back \(steps.count) running step(s) after their chunk in flight")
        for p in steps { p.requestStop() }
    }

    /// Runs until drained (returns once every running step has ended) or cancelled.
    func run() async {
        logger.info("executor \(settings.executorId) pulling work with \(settings.slots) slots")
        await withTaskGroup(of: Void.self) { group in
            while !Task.isCancelled && !state.withLockedValue({ $0.draining }) {
                let free = settings.slots - activeSteps
                guard free > 0 else {
                    try? await Task.sleep(for: .milliseconds(50))   // a slot frees when a step ends
                    continue
                }
                var claimed: [WorkItem] = []
                let asked = ContinuousClock.now
                var again = false   // claim again at once: work was signalled, or the long poll ran its course
                do {
                    let answer = try await orchestrator.post("/internal/work/claim",
                                                             ClaimRequest(executorId: settings.executorId, slots: free,
                                                                          waitMillis: settings.claimWaitMilliseconds),
                                                             as: ClaimResponse.self)
                    claimed = answer.items
                    again = answer.workSignalled == true
                        || ContinuousClock.now - asked >= .milliseconds(settings.claimWaitMilliseconds / 2)
                } catch {
                    logger.debug("claim failed: \(error)")
                }
                for item in claimed {
                    let progress = StepProgress()
                    ExecutorMetrics.active(state.withLockedValue { s in
                        if s.draining { progress.requestStop() }   // claimed while shutting down: give it straight back
                        s.steps[item.stepExecutionId] = progress
                        return s.steps.count
                    })
                    group.addTask { [self] in
                        await self.handle(item, progress)
                        ExecutorMetrics.active(self.state.withLockedValue { $0.steps[item.stepExecutionId] = nil; return $0.steps.count })
                    }
                }
                if claimed.isEmpty && !again {
                    try? await Task.sleep(for: .milliseconds(settings.pollMilliseconds))
                }
            }
            if Task.isCancelled { group.cancelAll() }   // drained: the group waits for the steps to hand back
        }
    }

    /// One step: credentials → runner with heartbeats → finish report.
    func handle(_ item: WorkItem, _ progress: StepProgress) async {
        let log = logger
        log.info("claimed \(item.stepName) of job execution \(item.jobExecutionId) (step \(item.stepExecutionId))")
        let outcome: StepRunner.Outcome
        do {
            let (src, dst) = try await progress.phases.measure(.credentials) { try await connectionSpecs(item) }
            let runner = StepRunner(item: item, source: src, target: dst, progress: progress, settings: settings.step, logger: log)
            let beats = Task { await heartbeat(item, progress) }
            let reports = Task { await reportProgress(item, progress) }
            outcome = await runner.run()
            beats.cancel()
            reports.cancel()
        } catch {
            let (kind, message, detail) = StepError.describe(error)
            outcome = .failed(StepCounts(), kind: kind, message: message, detail: detail)
        }
        await progress.phases.measure(.finishReport) { await report(item, outcome, progress) }
        ExecutorMetrics.step(progress.phases)
        log.info("step \(item.stepName) of job execution \(item.jobExecutionId) took \(progress.phases.summary)")
    }

    private func connectionSpecs(_ item: WorkItem) async throws -> (ConnectionSpec, ConnectionSpec) {
        async let s: DatasourceCredentials = catalog.get("/internal/datasource/\(item.bundle.source.uid)/credentials")
        async let t: DatasourceCredentials = catalog.get("/internal/datasource/\(item.bundle.target.uid)/credentials")
        let (source, target) = try await (s, t)
        func spec(_ d: DatasourceCredentials, _ role: String) throws -> ConnectionSpec {
            do {
                return try ConnectionURL.resolve(provider: d.databaseProvider, url: d.jdbcConnectionUrl,
                                                 user: d.userName, password: d.password)
            } catch let p as ConnectionURL.Problem {
                throw StepFailure.permanent("\(role) datasource '\(d.databaseName)': \(p.description)")
            }
        }
        return (try spec(source, "source"), try spec(target, "target"))
    }

    /// Renews the lease every third of its length (the beat carries nothing else); learns about stop requests and
    /// lost leases.
    private func heartbeat(_ item: WorkItem, _ progress: StepProgress) async {
        let every = max(1, item.leaseSeconds / 3)
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(every))
            if Task.isCancelled { return }
            do {
                let r = try await orchestrator.post("/internal/work/\(item.stepExecutionId)/beat",
                                                    HeartbeatRequest(executorId: settings.executorId), as: BeatResponse.self)
                if r.stop { progress.requestStop() }
            } catch HTTPClientError.status(409, _, _) {
                logger.warning("lease on step \(item.stepExecutionId) lost: another executor owns it")
                progress.loseLease()
                return
            } catch {
                logger.warning("heartbeat failed: \(error)")
            }
        }
    }

    /// Counts after committed chunks, coalesced: at most one report per `progressMilliseconds` and only when
    /// something changed, so RF06 and the seed-002 report move while a step runs (the heartbeat only keeps
    /// the lease). A lost report is not retried: the next one carries the cumulative counts.
    private func reportProgress(_ item: WorkItem, _ progress: StepProgress) async {
        var seen = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(settings.progressMilliseconds))
            if Task.isCancelled { return }
            guard let (version, (counts, retries, rows, skips)) = progress.snapshot(ifChangedSince: seen) else { continue }
            do {
                let r: BeatResponse = try await orchestrator.post("/internal/work/\(item.stepExecutionId)/progress",
                    ProgressRequest(executorId: settings.executorId, counts: counts, retryCount: retries, sourceRows: rows,
                                    skips: skips))
                seen = version
                if r.stop { progress.requestStop() }
            } catch HTTPClientError.status(409, _, _) {
                progress.requeue(skips)
                return   // the heartbeat learns and handles a lost lease
            } catch {
                progress.requeue(skips)
                logger.debug("progress report failed: \(error)")
            }
        }
    }

    private func report(_ item: WorkItem, _ outcome: StepRunner.Outcome, _ progress: StepProgress) async {
        let (_, retries, rows, skips) = progress.snapshotForReport()
        let request: FinishRequest
        switch outcome {
        case .leaseLost: ExecutorMetrics.ended("lease_lost"); return
        case .completed(let c):
            ExecutorMetrics.ended("completed")
            request = FinishRequest(executorId: settings.executorId, outcome: .completed, counts: c, retryCount: retries,
                                    sourceRows: rows, skips: skips, window: progress.window,
                                    manifest: progress.manifest, reconciliation: progress.reconciliation)
        case .stopped(let c):
            ExecutorMetrics.ended("stopped")
            request = FinishRequest(executorId: settings.executorId, outcome: .stopped, counts: c, retryCount: retries,
                                    sourceRows: rows, skips: skips)
        case .failed(let c, let kind, let message, let detail):
            ExecutorMetrics.ended("failed")
            logger.error("step \(item.stepName) of job execution \(item.jobExecutionId) failed: \(message)")
            request = FinishRequest(executorId: settings.executorId, outcome: .failed, counts: c, retryCount: retries,
                                    sourceRows: rows, skips: skips, errorClass: kind.rawValue, message: message, detail: detail,
                                    reconciliation: progress.reconciliation)
        }
        // The finish report matters: retry it for a while (the orchestrator may be restarting); a 4xx is final.
        let path = "/internal/work/\(item.stepExecutionId)/finish"
        do {
            try await Self.finishRetry.run(retryIf: { !Self.isRefusal($0) }, onRetry: { retry in
                self.logger.warning("finish report failed (attempt \(retry.failedAttempt)): \(retry.error.map { "\($0)" } ?? "")")
            }) { _ in try await orchestrator.postNoContent(path, request) }
        } catch HTTPClientError.status(let code, _, _) where (400..<500).contains(code) {
            logger.warning("finish of step \(item.stepExecutionId) refused (\(code)); another executor owns it")
        } catch {
            logger.error("finish report of step \(item.stepExecutionId) given up after \(Self.finishRetry.maxAttempts) attempts: \(error)")
        }
    }

    /// About a minute of tries: long enough for an orchestrator restart.
    static let finishRetry = RetryPolicy(maxAttempts: 30, delays: [.seconds(2)])

    static func isRefusal(_ error: any Error) -> Bool {
        if case HTTPClientError.status(let code, _, _) = error { return (400..<500).contains(code) }
        return false
    }
}

/// What `Worker` tracks under one lock.
private struct RunningSteps {
    var steps: [Int64: StepProgress] = [:]
    var draining = false
}
