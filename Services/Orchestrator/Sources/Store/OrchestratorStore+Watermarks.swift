import Foundation
import FerryModels
import FerrySQL
import FerryTime

/// What a flow run adds to the incremental windows of its pairs.
struct FlowWindowContext: Sendable {
    var flowId: Int64
    var definition: FlowDefinition
    /// When the flow was created (ISO-8601 UTC): the low bound of a `backfill: false` flow's first run.
    var createdAt: String
    /// A past window to reload (`runSpec`), epoch seconds; its high never becomes a watermark.
    var reload: (start: Int64, end: Int64)?
}

/// Watermarks (SPEC §3a): the `high` of a pair's last COMPLETED incremental step is the next run's `low`. It lives
/// with the step execution in the orchestrator, never only in the target, and a failed or stopped step never
/// advances it. Scope: a flow's own runs for a flow; any execution of the bundle for `loadMode: incremental`.
extension OrchestratorStore {
    /// The window of each incremental pair of a launch. Outside a flow only `loadMode: incremental` pairs are
    /// incremental; in a flow every pair with a delta column (its own, or the flow's Copy transformation) is.
    static func windows(_ c: any SQLConnection, spec: BundleSpec, flow: FlowWindowContext?) throws -> [Int64: IncrementalWindow] {
        var windows: [Int64: IncrementalWindow] = [:]
        for pair in spec.pairs {
            let flowDelta = flow?.definition.deltaColumn
            guard let column = pair.deltaColumn ?? flowDelta?.name else { continue }
            if flow == nil && pair.loadMode != .incremental { continue }
            let format = flowDelta.flatMap { $0.name.caseInsensitiveCompare(column) == .orderedSame ? $0 : nil }
            // The NULL rule: the pair's own, else the flow's, else include.
            var w = IncrementalWindow(deltaColumn: column, dateFormat: format?.dateFormat, timezone: format?.timezone,
                                      lookBackSeconds: flow?.definition.options.lookBackSeconds ?? FlowLimits.defaultLookBackSeconds,
                                      nullDeltaRows: pair.nullDeltaRows ?? flow?.definition.options.nullDeltaRows ?? .include)
            let last = try lastWindow(c, bundleId: spec.bundleId, flowId: flow?.flowId, pairId: pair.pairId, deltaColumn: column)
            w.previousColumns = last?.columns
            if let reload = flow?.reload {
                w.lowTime = Timestamp(epochSeconds: reload.start).iso
                w.highTime = Timestamp(epochSeconds: reload.end).iso
                w.advancesWatermark = false
            } else {
                w.low = last?.high
                if w.low == nil, let flow, !flow.definition.backfill { w.lowTime = flow.createdAt }
            }
            windows[pair.pairId] = w
        }
        return windows
    }

    /// A restart reads the same windows as the execution it restarts (that one advanced no watermark).
    static func restartWindows(_ c: any SQLConnection, instanceId: Int64, executionId: Int64,
                               spec: BundleSpec) throws -> [Int64: IncrementalWindow] {
        var windows: [Int64: IncrementalWindow] = [:]
        for r in try c.query("SELECT pair_id, window_json FROM orch_step_execution WHERE execution_id = $1 AND window_json IS NOT NULL",
                             [.int(executionId)]).stored {
            if let w = try r.json(IncrementalWindow.self, 1) { windows[try r.require(Int64.self, 0)] = w }
        }
        return windows
    }

    /// The pair's last COMPLETED window that advances the watermark: its `high` and the source columns it read.
    static func lastWindow(_ c: any SQLConnection, bundleId: Int64, flowId: Int64?, pairId: Int64,
                           deltaColumn: String) throws -> (high: String, columns: [WindowColumn]?)? {
        let scope = flowId == nil
            ? "e.bundle_id = $1"
            : "e.instance_id IN (SELECT job_instance_id FROM orch_flow_run WHERE flow_id = $1 AND job_instance_id IS NOT NULL)"
        return try c.query("""
            SELECT s.window_high, s.window_columns FROM orch_step_execution s JOIN orch_job_execution e ON e.id = s.execution_id
            WHERE \(scope) AND s.pair_id = $2 AND s.status = \(BatchStatus.completed.sql) AND s.window_advances = 1
              AND s.window_high IS NOT NULL AND s.window_delta_column = $3
            ORDER BY s.id DESC LIMIT 1
            """, [.int(flowId ?? bundleId), .int(pairId), .text(deltaColumn)]).firstStored.map { r in
                (try r.require(String.self, 0), try r.json([WindowColumn].self, 1))
            }
    }

    /// Records what an incremental step reached (the finish report); becomes a watermark only if the step COMPLETED.
    static func storeWindow(_ c: any SQLConnection, stepId: Int64, _ report: WindowReport?) throws {
        guard let report else { return }
        try c.execute("UPDATE orch_step_execution SET window_high = $2, null_delta_rows = $3, window_columns = $4 WHERE id = $1",
                      [.int(stepId), .textOrNull(report.high), .intOrNull(report.nullDeltaRowCount),
                       .textOrNull(try report.columns.map { try encode($0) })])
    }
}
