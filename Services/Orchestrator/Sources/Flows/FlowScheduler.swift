import Foundation
import FerryServiceKit

/// Launches flows' ticks. Any number of orchestrators run one each against a shared PostgreSQL store: every tick is
/// one `orch_flow_run` row keyed by (flow, scheduled_for) written in the transaction that launches it, under a
/// lock on the flow row, so a tick launches once. There is no leader and no timer state: after downtime the
/// next pass finds the missed ticks and applies the flow's `catchUp`.
struct FlowScheduler: Service {
    let store: OrchestratorStore
    let bundles: FlowBundles
    let signal: WorkSignal
    /// Pause between passes; nil: no loop (tests call ``pass(now:)`` with their own clock).
    let every: Duration?
    let now: @Sendable () -> Date
    let logger: Logger

    /// One look at every enabled flow at `now`; answers what happened per flow that had something due.
    @discardableResult
    func pass(now: Date) async -> [Int64: TickOutcome] {
        var outcomes: [Int64: TickOutcome] = [:]
        let flows: [FlowRow]
        do { flows = try await store.enabledFlows() } catch {
            logger.warning("scheduler: cannot read flows: \(error)")
            return outcomes
        }
        let epoch = Int64(now.timeIntervalSince1970)
        for flow in flows {
            let d = flow.definition
            // Cheap look without a lock; the store decides again under the lock.
            let decision = FlowTicks.decide(d.schedule, catchUp: d.options.catchUp, lastTick: flow.lastTick, now: epoch)
            if decision == .none { continue }
            var spec: BundleSpec?
            var failure: String?
            if case .launch = decision {
                // The previous run still running: the tick waits (no catalog call every pass).
                if (try? await store.bundleRunning(d.bundleId)) == true { outcomes[flow.id] = .waiting; continue }
                do {
                    spec = try await bundles.spec(for: d, requestID: "")
                } catch let problem as FlowBundles.Problem {
                    failure = problem.message
                } catch {
                    logger.warning("scheduler: flow \(flow.id): catalog unavailable, the tick waits: \(error)")
                    continue
                }
            }
            do {
                let outcome = try await store.scheduleTick(flowId: flow.id, spec: spec, failure: failure, now: now)
                outcomes[flow.id] = outcome
                switch outcome {
                case .launched(let runId, let executionId, let tick):
                    signal.notify()
                    OrchestratorMetrics.jobLaunched(kind: "flow")
                    logger.info("flow \(flow.id) tick \(tick): run \(runId) launched job execution \(executionId)")
                case .failed(let runId, let tick):
                    logger.warning("flow \(flow.id) tick \(tick): run \(runId) failed: \(failure ?? "")")
                case .dropped(let through):
                    logger.info("flow \(flow.id): missed ticks up to \(through) dropped (catchUp skip)")
                case .none, .waiting:
                    break
                }
            } catch {
                logger.warning("scheduler: flow \(flow.id): \(error)")
            }
        }
        return outcomes
    }

    func run() async throws {
        guard let every else {
            try? await gracefulShutdown()   // a service that returns would end the application
            return
        }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await pass(now: now())
                try? await Task.sleep(for: every)
            }
        }
    }
}
