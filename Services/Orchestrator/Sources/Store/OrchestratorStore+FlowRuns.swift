import Foundation
import FerryModels
import FerrySQL
import FerryTime

/// What one scheduling attempt of a flow did.
enum TickOutcome: Sendable, Equatable {
    /// Nothing due (or another orchestrator took the tick).
    case none
    /// The flow's previous run (or another run of its bundle) is still running: the tick waits.
    case waiting
    case launched(runId: Int64, executionId: Int64, tick: Int64)
    /// The bundle could not be resolved: the tick became a failed run without a job execution.
    case failed(runId: Int64, tick: Int64)
    case dropped(through: Int64)
}

/// Flow runs: ticks of the scheduler and manual runs, each one row of `orch_flow_run` keyed by (flow, scheduled_for)
/// — the unique key is what makes a tick launch once however many orchestrators see it — plus the job instance
/// it launched (with the same launch code as RF05, in the same transaction).
extension OrchestratorStore {
    /// Runs the scheduling decision for one flow at `now`, in one transaction: the flow row is locked (PostgreSQL),
    /// the decision is taken again on what is stored, and the run row, its job instance and the flow's `lastTick`
    /// are written together. `spec` is the bundle as the catalog resolved it just before (nil: it no longer exists).
    func scheduleTick(flowId: Int64, spec: BundleSpec?, failure: String?, now: Date) async throws -> TickOutcome {
        let epoch = Int64(now.timeIntervalSince1970)
        let nowText = Timestamp(now).iso
        let locks = self.locks
        do {
            return try await write { c in
                guard let flow = try Self.flow(c, flowId, lock: locks), flow.definition.state == .enabled else { return .none }
                let d = flow.definition
                switch FlowTicks.decide(d.schedule, catchUp: d.options.catchUp, lastTick: flow.lastTick, now: epoch) {
                case .none:
                    return .none
                case .drop(let through):
                    try Self.setLastTick(c, flowId, through)
                    return .dropped(through: through)
                case .launch(let tick):
                    if try Self.runningExecution(c, bundleId: d.bundleId) != nil { return .waiting }
                    let scheduledFor = Timestamp(epochSeconds: tick).iso
                    try Self.setLastTick(c, flowId, tick)
                    guard let runId = try Self.insertRun(c, flowId: flowId, scheduledFor: scheduledFor, trigger: .schedule,
                                                         reload: nil, error: spec == nil ? failure : nil, now: nowText) else {
                        return .none   // another orchestrator launched this tick
                    }
                    guard let spec else { return .failed(runId: runId, tick: tick) }
                    let context = FlowWindowContext(flowId: flowId, definition: d, createdAt: flow.createdAt, reload: nil)
                    let created = try Self.launchRun(c, runId: runId, spec: spec, context: context, now: nowText)
                    return .launched(runId: runId, executionId: created.executionId, tick: tick)
                }
            }
        } catch let error as DriverError where error.sqlState == .uniqueViolation {
            return .waiting   // the bundle was launched by someone else a moment ago
        }
    }

    /// `POST /v1/flows/{id}/runs`: a run now, or a reload of a past window. 409 while a run of the bundle is in progress.
    func startRun(flowId: Int64, spec: BundleSpec, reload: (start: Int64, end: Int64)?, now: Date) async throws
    -> (runId: Int64, execution: NewExecution) {
        let nowText = Timestamp(now).iso
        let locks = self.locks
        do {
            return try await write { c in
                guard let flow = try Self.flow(c, flowId, lock: locks) else { throw RepositoryError.notFound("flow \(flowId)") }
                if let running = try Self.runningExecution(c, bundleId: flow.definition.bundleId) {
                    throw RepositoryError.conflict(
                        "flow \(flowId) has a run in progress: bundle \(flow.definition.bundleId) is running job execution \(running.id)")
                }
                guard let runId = try Self.insertRun(c, flowId: flowId, scheduledFor: nowText, trigger: .manual, reload: reload,
                                                     error: nil, now: nowText) else {
                    throw RepositoryError.conflict("flow \(flowId) was started by another request at the same moment")
                }
                let context = FlowWindowContext(flowId: flowId, definition: flow.definition, createdAt: flow.createdAt,
                                                reload: reload)
                return (runId, try Self.launchRun(c, runId: runId, spec: spec, context: context, now: nowText))
            }
        } catch let error as DriverError where error.sqlState == .uniqueViolation {
            throw RepositoryError.conflict("flow \(flowId) has a run in progress")
        }
    }

    /// Enabled flows (id, bundle) the scheduler looks at, with what it needs to decide without a lock.
    func enabledFlows() async throws -> [FlowRow] {
        try await read { c in
            try c.query("SELECT \(FlowRow.columns) FROM orch_flow WHERE state = $1 ORDER BY id", [.text(FlowState.enabled.rawValue)]).stored.map(FlowRow.init)
        }
    }

    func bundleRunning(_ bundleId: Int64) async throws -> Bool {
        try await read { c in try Self.runningExecution(c, bundleId: bundleId) != nil }
    }

    // MARK: Building blocks

    static func setLastTick(_ c: any SQLConnection, _ flowId: Int64, _ tick: Int64) throws {
        try c.execute("UPDATE orch_flow SET last_tick = $2 WHERE id = $1 AND (last_tick IS NULL OR last_tick < $2)",
                      [.int(flowId), .int(tick)])
    }

    /// The run row; nil when (flow, scheduled_for) exists already.
    static func insertRun(_ c: any SQLConnection, flowId: Int64, scheduledFor: String, trigger: FlowRunTrigger,
                          reload: (start: Int64, end: Int64)?, error: String?, now: String) throws -> Int64? {
        func iso(_ t: Int64?) -> SQLValue { .textOrNull(t.map { Timestamp(epochSeconds: $0).iso }) }
        return try c.query("""
            INSERT INTO orch_flow_run (flow_id, scheduled_for, trigger, window_start, window_end, error_message, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (flow_id, scheduled_for) DO NOTHING RETURNING id
            """, [.int(flowId), .text(scheduledFor), .text(trigger.rawValue), iso(reload?.start), iso(reload?.end),
                  .textOrNull(error), .text(now)]).firstStored.map { try $0.require(Int64.self, 0) }
    }

    /// Launches the run's job instance (RF05's launch, with the flow's windows) and links it to the run.
    static func launchRun(_ c: any SQLConnection, runId: Int64, spec: BundleSpec, context: FlowWindowContext,
                          now: String) throws -> NewExecution {
        let created = try insertInstance(c, spec: spec, specJSON: try encode(spec),
                                         windows: try windows(c, spec: spec, flow: context), now: now)
        try c.execute("UPDATE orch_flow_run SET job_instance_id = $2 WHERE id = $1", [.int(runId), .int(created.instanceId)])
        return created
    }
}
