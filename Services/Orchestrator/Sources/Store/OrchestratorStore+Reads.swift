import Foundation
import FerryModels
import FerrySQL

/// The read side the reporting service asks for (RF06, history, skipped rows, latest integration).
extension OrchestratorStore {
    /// The execution row alone (launch/restart checks).
    func executionRow(_ id: Int64) async throws -> ExecutionRow? {
        try await read { c in try Self.execution(c, id) }
    }

    func executionRecord(_ id: Int64) async throws -> JobExecutionRecord? {
        try await read { c in
            guard let e = try Self.execution(c, id) else { return nil }
            return Self.record(e, try Self.steps(c, executionId: id))
        }
    }

    /// Newest first; `page` from 0.
    func executions(_ filter: ExecutionFilter, page: Int, size: Int) async throws -> JobExecutionPage {
        try await read { c in
            var conditions: [String] = []
            var params: [SQLValue] = []
            func add(_ condition: String, _ value: SQLValue) {
                params.append(value)
                conditions.append(condition.replacingOccurrences(of: "?", with: "$\(params.count)"))
            }
            if let b = filter.bundleId { add("bundle_id = ?", .int(b)) }
            if let s = filter.status { add("status = ?", .text(s.rawValue)) }
            // Compared as time (the bounds are normalised timestamps).
            if let f = filter.from { add("\(c.dialect.storedTime("create_time")) >= \(c.dialect.storedTime("?"))", .text(f)) }
            if let t = filter.to { add("\(c.dialect.storedTime("create_time")) <= \(c.dialect.storedTime("?"))", .text(t)) }
            let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            let total = try Self.count(c, "SELECT COUNT(*) FROM orch_job_execution" + whereClause, params)
            let n = params.count
            let rows = try c.query("""
                SELECT \(ExecutionRow.columns) FROM orch_job_execution\(whereClause)
                ORDER BY id DESC LIMIT $\(n + 1) OFFSET $\(n + 2)
                """, params + [.int(Int64(size)), .int(Int64(page) * Int64(size))]).rows.map(ExecutionRow.init)
            var stepsByExecution: [Int64: [StepRow]] = [:]
            if !rows.isEmpty {
                let ids = rows.map(\.id)
                let placeholders = ids.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
                for s in try c.query("""
                    SELECT \(StepRow.columns) FROM orch_step_execution WHERE execution_id IN (\(placeholders))
                    ORDER BY relational_ordering, id
                    """, ids.map { .int($0) }).rows.map(StepRow.init) {
                    stepsByExecution[s.executionId, default: []].append(s)
                }
            }
            return JobExecutionPage(items: rows.map { Self.record($0, stepsByExecution[$0.id] ?? []) },
                                    page: page, size: size, total: total)
        }
    }

    /// Skipped rows of an execution, oldest first; nil when the execution does not exist.
    func skips(executionId id: Int64, page: Int, size: Int) async throws -> SkippedRowPage? {
        try await read { c in
            guard try Self.execution(c, id) != nil else { return nil }
            let total = try Self.count(c, "SELECT COUNT(*) FROM orch_skipped_row WHERE execution_id = $1", [.int(id)])
            let items = try c.query("""
                SELECT step_name, key_json, row_json, sql_state, reason, created_at FROM orch_skipped_row
                WHERE execution_id = $1 ORDER BY id LIMIT $2 OFFSET $3
                """, [.int(id), .int(Int64(size)), .int(Int64(page) * Int64(size))]).stored.map { r in
                SkippedRow(stepName: try r.require(String.self, 0), key: try r.json([String?].self, 1) ?? [],
                           row: try r.json([String: String?].self, 2) ?? [:], sqlState: try r.optional(String.self, 3),
                           reason: try r.require(String.self, 4), createdAt: try r.require(String.self, 5))
            }
            return SkippedRowPage(items: items, page: page, size: size, total: total)
        }
    }

    /// For each pair of the bundle that ever completed: its last COMPLETED step execution, and the `high` of its
    /// last COMPLETED incremental step (its watermark), which may be an earlier one. A split table's partitions
    /// count as one step: those of the same job instance (a restart reruns only unfinished ranges) are summed,
    /// the newest COMPLETED run of each partition once.
    func latestIntegration(bundleId: Int64) async throws -> LatestIntegration {
        try await read { c in
            let rows = try c.query("""
                SELECT s.pair_id, s.step_name, s.execution_id, s.end_time, s.read_count, s.write_count, s.window_high,
                  s.window_advances, e.instance_id, s.partition_no
                FROM orch_step_execution s JOIN orch_job_execution e ON e.id = s.execution_id
                WHERE e.bundle_id = $1 AND s.status = \(BatchStatus.completed.sql)
                ORDER BY s.pair_id, \(c.dialect.storedTime("s.end_time")) DESC, s.id DESC
                """, [.int(bundleId)]).stored
            var pairs: [LatestPairIntegration] = []
            var lead: (instance: Int64, partitions: Set<Int>) = (0, [])
            for r in rows {
                let pairId = try r.require(Int64.self, 0)
                let watermark = try r.require(Bool.self, 7) ? try r.optional(String.self, 6) : nil
                let instance = try r.require(Int64.self, 8), partition = try r.require(Int.self, 9)
                if pairs.last?.pairId == pairId {
                    let last = pairs.count - 1
                    if pairs[last].watermark == nil { pairs[last].watermark = watermark }
                    if instance == lead.instance, lead.partitions.insert(partition).inserted {
                        pairs[last].readCount += try r.require(Int64.self, 4)
                        pairs[last].writeCount += try r.require(Int64.self, 5)
                    }
                    continue
                }
                lead = (instance, [partition])
                pairs.append(LatestPairIntegration(pairId: pairId, stepName: try r.require(String.self, 1),
                                                   jobExecutionId: try r.require(Int64.self, 2),
                                                   endTime: try r.require(String.self, 3), readCount: try r.require(Int64.self, 4),
                                                   writeCount: try r.require(Int64.self, 5), watermark: watermark))
            }
            return LatestIntegration(bundleId: bundleId, pairs: pairs)
        }
    }

    /// RF06's source: the execution with its steps (ordered by relational ordering, then id), a split table's
    /// partitions folded into one step. `retryAttempt` sums the steps' retries; `totalItems` sums their source
    /// rows when every step reported one.
    static func record(_ e: ExecutionRow, _ rows: [StepRow]) -> JobExecutionRecord {
        let steps = StepPartitionFold.records(rows)
        let known = steps.compactMap(\.sourceRows)
        var record = JobExecutionRecord(
            jobExecutionId: e.id, jobInstanceId: e.instanceId, bundleId: e.bundleId, bundleName: e.bundleName,
            jobName: e.jobName, runNumber: e.runNumber, rerunNumber: e.rerunNumber, status: e.status,
            exitStatus: e.exitStatus.rawValue, exitMessage: e.exitMessage, exceptionDetails: e.exceptionDetails,
            createTime: e.createTime, startTime: e.startTime, endTime: e.endTime, lastUpdated: e.lastUpdated,
            retryAttempt: steps.reduce(0) { $0 + $1.retryCount },
            totalItems: known.count == steps.count ? known.reduce(0, +) : nil,
            steps: steps)
        record.batch = e.batch
        // From the step rows themselves: a running range under a FAILED folded step still changes the counts.
        record.settled = e.status.isTerminal && rows.allSatisfy { $0.status.isTerminal }
        return record
    }
}
