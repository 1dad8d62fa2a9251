import Foundation
import FerryModels
import FerrySQL
import FerryTime

/// `GET /v1/flows/{id}/runs[/{runId}]`: a run as its job execution says (restarts included), its windows per pair,
/// record summary and first diagnostics.
extension OrchestratorStore {
    /// Newest first; nil when the flow does not exist.
    func flowRuns(flowId: Int64, page: Int, size: Int) async throws -> FlowRunPage? {
        try await read { c in
            guard let flow = try Self.flow(c, flowId) else { return nil }
            let total = try Self.count(c, "SELECT COUNT(*) FROM orch_flow_run WHERE flow_id = $1", [.int(flowId)])
            let rows = try c.query("""
                SELECT \(RunRow.columns) FROM orch_flow_run WHERE flow_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3
                """, [.int(flowId), .int(Int64(size)), .int(Int64(page) * Int64(size))]).stored.map(RunRow.init)
            return FlowRunPage(items: try rows.map { try Self.runView(c, $0, flow: flow) }, page: page, size: size, total: total)
        }
    }

    /// nil when the flow or the run (of this flow) does not exist.
    func flowRun(flowId: Int64, runId: Int64) async throws -> FlowRunView? {
        try await read { c in
            guard let flow = try Self.flow(c, flowId),
                  let row = try c.query("SELECT \(RunRow.columns) FROM orch_flow_run WHERE id = $1 AND flow_id = $2",
                                        [.int(runId), .int(flowId)]).firstStored.map(RunRow.init) else { return nil }
            return try Self.runView(c, row, flow: flow)
        }
    }

    struct RunRow: Sendable {
        var id: Int64, flowId: Int64, scheduledFor: String, trigger: FlowRunTrigger, instanceId: Int64?
        var windowStart: String?, windowEnd: String?, error: String?, createdAt: String
        static let columns = "id, flow_id, scheduled_for, trigger, job_instance_id, window_start, window_end, error_message, created_at"
        init(_ r: StoredRow) throws {
            id = try r.require(Int64.self, 0); flowId = try r.require(Int64.self, 1); scheduledFor = try r.require(String.self, 2)
            trigger = try r.require(FlowRunTrigger.self, 3); instanceId = try r.optional(Int64.self, 4)
            windowStart = try r.optional(String.self, 5); windowEnd = try r.optional(String.self, 6)
            error = try r.optional(String.self, 7); createdAt = try r.require(String.self, 8)
        }
    }

    static let diagnosticsShown = 10

    /// `StepRow.columns` qualified with `s.` (joined queries).
    static let stepColumns = StepRow.columns.split(separator: ",")
        .map { "s." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", ")
    static let stepColumnCount = StepRow.columns.split(separator: ",").count

    static func runView(_ c: any SQLConnection, _ run: RunRow, flow: FlowRow) throws -> FlowRunView {
        var execution: ExecutionRow?
        var latestSteps: [(step: StepRow, window: IncrementalWindow?, high: String?, nullRows: Int64?)] = []
        if let instance = run.instanceId {
            execution = try c.query("""
                SELECT \(ExecutionRow.columns) FROM orch_job_execution WHERE instance_id = $1 ORDER BY id DESC LIMIT 1
                """, [.int(instance)]).rows.first.map(ExecutionRow.init)
            // Per pair (per partition of a split table), its newest step execution in the instance (a restart
            // re-runs only what did not complete).
            var seen: Set<PartitionKey> = []
            for r in try c.query("""
                SELECT \(stepColumns), s.window_json, s.window_high, s.null_delta_rows
                FROM orch_step_execution s JOIN orch_job_execution e ON e.id = s.execution_id
                WHERE e.instance_id = $1 ORDER BY s.id DESC
                """, [.int(instance)]).stored {
                let n = stepColumnCount
                let step = try StepRow(Array(r.values.prefix(n)))
                guard seen.insert(PartitionKey(pairId: step.pairId, partition: step.partition)).inserted else { continue }
                latestSteps.append((step, try r.json(IncrementalWindow.self, n), try r.optional(String.self, n + 1),
                                    try r.optional(Int64.self, n + 2)))
            }
            latestSteps.sort { ($0.step.relationalOrdering, $0.step.id) < ($1.step.relationalOrdering, $1.step.id) }
        }
        let skipped = latestSteps.reduce(Int64(0)) { $0 + $1.step.counts.writeSkipCount }
        let status: FlowRunStatus
        switch execution?.status {
        case nil: status = run.error == nil ? .scheduled : .failed
        case .starting?, .started?, .stopping?: status = .inProgress
        case .completed?: status = skipped > 0 ? .partialSuccess : .success
        default: status = .failed
        }
        // One table per pair: a split table's partitions share the window; their NULL-delta rows add up.
        var tables: [FlowRunTable] = []
        for s in latestSteps {
            if let i = tables.firstIndex(where: { $0.pairId == s.step.pairId }) {
                if let n = s.nullRows { tables[i].nullDeltaRowCount = (tables[i].nullDeltaRowCount ?? 0) + n }
                continue
            }
            tables.append(FlowRunTable(pairId: s.step.pairId, stepName: s.step.stepName, deltaColumn: s.window?.deltaColumn,
                                       low: s.window?.low, high: s.high ?? s.window?.highTime,
                                       nullDeltaRows: s.window?.nullDeltaRows, nullDeltaRowCount: s.nullRows))
        }
        var errors: [FlowRunError] = []
        if let error = run.error { errors.append(FlowRunError(stepName: nil, key: [], row: [:], sqlState: nil, message: error)) }
        if let e = execution, e.status == .failed, !e.exitMessage.isEmpty {
            errors.append(FlowRunError(stepName: nil, key: [], row: [:], sqlState: nil, message: e.exitMessage))
        }
        if flow.definition.options.errorDiagnosticsEnabled, let instance = run.instanceId {
            errors += try c.query("""
                SELECT k.step_name, k.key_json, k.row_json, k.sql_state, k.reason FROM orch_skipped_row k
                JOIN orch_job_execution e ON e.id = k.execution_id
                WHERE e.instance_id = $1 ORDER BY k.id LIMIT $2
                """, [.int(instance), .int(Int64(diagnosticsShown))]).stored.map { r in
                FlowRunError(stepName: try r.require(String.self, 0), key: try r.json([String?].self, 1) ?? [],
                             row: try r.json([String: String?].self, 2) ?? [:], sqlState: try r.optional(String.self, 3),
                             message: try r.require(String.self, 4))
            }
        }
        // The earliest low and latest high of the steps, compared as time.
        let windowStart = run.windowStart ?? latestSteps.compactMap { s in s.window.flatMap { w in
            w.low.flatMap { deltaTime($0, timezone: w.timezone) } ?? w.lowTime } }.compactMap(Timestamp.parse).min()?.iso
        let windowEnd = run.windowEnd ?? latestSteps.compactMap { s in s.high.flatMap { deltaTime($0, timezone: s.window?.timezone) } }
            .compactMap(Timestamp.parse).max()?.iso
        let summary = FlowRecordSummary(
            inputRecordCount: latestSteps.reduce(0) { $0 + $1.step.counts.readCount },
            outputRecordCount: latestSteps.reduce(0) { $0 + $1.step.counts.writeCount }, skippedRecordCount: skipped)
        let terminal = execution.map { $0.status.isTerminal } ?? (run.error != nil)
        return FlowRunView(id: run.id, flowId: run.flowId, jobExecutionId: execution?.id, status: status, trigger: run.trigger,
                           scheduledFor: run.scheduledFor, startedAt: execution?.startTime ?? (execution == nil ? nil : execution?.createTime),
                           completedAt: terminal ? (execution?.endTime ?? run.createdAt) : nil,
                           windowStartTime: windowStart, windowEndTime: windowEnd, tables: tables, recordSummary: summary,
                           errors: errors)
    }

    /// A timestamp delta value as ISO-8601 UTC (a zone-less value read in `timezone`); nil for other delta types.
    static func deltaTime(_ value: String, timezone: String?) -> String? {
        guard value.count >= 10, value.contains("-"), let time = Timestamp(iso: value) else { return nil }
        let zoned = value.hasSuffix("Z") || value.dropFirst(10).contains("+") || value.dropFirst(10).contains("-")
        guard !zoned, let zone = timezone.flatMap(TimeZone.init(identifier:)) else { return time.iso }
        return time.adding(seconds: -Int64(zone.secondsFromGMT(for: time.date))).iso
    }
}
