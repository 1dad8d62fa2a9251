import Foundation
import FerryModels
import FerrySQL
import FerryTime

/// The work protocol (ENGINE.md §7): executors pull step executions, hold them under a lease renewed by
/// heartbeats, and report how they ended. Lease expiry needs no timer: an expired step is claimable again,
/// and every claim/beat/finish/stop settles the executions a lapsed lease leaves hanging.
extension OrchestratorStore {
    /// Claims up to `slots` claimable steps, oldest execution first, then by relational ordering.
    /// A step is claimable when its execution is STARTING/STARTED, it was never claimed (STARTING) or its lease
    /// lapsed (STARTED, lease over or released), and every step of a lower ordering in its execution is COMPLETED —
    /// its ordering is the lowest among its execution's unfinished steps, computed once per execution (`ready`), not
    /// once per candidate: a per-row check made a claim scan a 1,000-step execution 1,000 times.
    /// A split table gives one key range per claim, however many slots the claim offers: an executor with free
    /// slots would otherwise take every range at once and leave the others idle. It claims again at once for the
    /// next, and ``WorkEffects/claimableLeft`` wakes the executors waiting, so the ranges spread over the executors
    /// that are asking. Each executor starts its walk through the ranges at its own place (``rangeOffset(_:)``):
    /// executors claiming at the same moment then aim at different rows, where the lowest one for all would leave
    /// every one but the first with the row locked (skipped) and nothing.
    /// `claimants`: how many executors are asking for work lately (this one included). An executor then holds at most
    /// its share of a split table's running ranges (fewer than ranges / claimants + 1), so they spread over them.
    func claim(executorId: String, slots: Int, now: Date, leaseSeconds: Int,
               claimants: Int = 1) async throws -> ([WorkItem], WorkEffects) {
        let nowText = Timestamp(now).iso
        let leaseUntil = Timestamp(now).adding(seconds: Int64(leaseSeconds)).iso
        let (locks, cache) = (self.locks, self.specs)
        return try await write { c in
            var effects = WorkEffects()
            try Self.sweep(c, now: nowText, locks: locks, effects: &effects)
            let candidates = try c.query("""
                SELECT s.id, s.execution_id, s.pair_id, s.step_name, s.partition_no, e.instance_id, s.window_json, s.key_range_json
                FROM orch_step_execution s JOIN orch_job_execution e ON e.id = s.execution_id
                JOIN (SELECT p.execution_id, MIN(p.relational_ordering) AS ordering
                      FROM orch_step_execution p JOIN orch_job_execution pe ON pe.id = p.execution_id
                      WHERE pe.status IN \(BatchStatus.sqlList([.starting, .started])) AND p.status <> \(BatchStatus.completed.sql)
                      GROUP BY p.execution_id) ready
                  ON ready.execution_id = s.execution_id AND ready.ordering = s.relational_ordering
                WHERE e.status IN \(BatchStatus.sqlList([.starting, .started]))
                  AND \(Self.claimable(c, now: "$1", alias: "s."))
                  AND (s.key_range_json IS NULL OR s.partition_no = (
                    SELECT q.partition_no FROM orch_step_execution q
                    WHERE q.execution_id = s.execution_id AND q.pair_id = s.pair_id AND \(Self.claimable(c, now: "$1", alias: "q."))
                    ORDER BY (q.partition_no + $3) % (SELECT COUNT(*) FROM orch_step_execution r
                                                      WHERE r.execution_id = q.execution_id AND r.pair_id = q.pair_id),
                             q.partition_no
                    LIMIT 1))
                  \(claimants > 1 ? Self.withinShare : "")
                ORDER BY s.execution_id, s.relational_ordering, s.id
                LIMIT $2
                """ + (locks ? " FOR UPDATE OF s SKIP LOCKED" : ""),
                [.text(nowText), .int(Int64(slots)), .int(Self.rangeOffset(executorId))]
                    + (claimants > 1 ? [.int(Int64(claimants)), .text(executorId)] : [])).stored
            var specs: [Int64: BundleSpec?] = [:]
            var batches: [Int64: BatchRun] = [:]
            var suffixes: [Int64: String] = [:]
            var items: [WorkItem] = []
            var started: [Int64] = []
            for r in candidates {
                let stepId = try r.require(Int64.self, 0), executionId = try r.require(Int64.self, 1)
                let pairId = try r.require(Int64.self, 2), stepName = try r.require(String.self, 3)
                let partition = try r.require(Int.self, 4), instanceId = try r.require(Int64.self, 5)
                if specs[executionId] == nil {
                    specs[executionId] = .some(try cache.spec(executionId) {
                        try c.query("SELECT spec_json FROM orch_job_execution WHERE id = $1", [.int(executionId)])
                            .firstStored?.json(BundleSpec.self, 0)
                    })
                    let row = try c.query("""
                        SELECT e.batch_code, e.batch_run_number, e.rerun_number, i.step_key_suffix
                        FROM orch_job_execution e JOIN orch_job_instance i ON i.id = e.instance_id WHERE e.id = $1
                        """, [.int(executionId)]).firstStored
                    if let row, let code = try row.optional(String.self, 0), let run = try row.optional(Int.self, 1) {
                        batches[executionId] = BatchRun(batchCode: code, batchRunNumber: run, batchRerunNumber: try row.require(Int.self, 2))
                    }
                    suffixes[executionId] = try row?.optional(String.self, 3) ?? ""
                }
                let suffix = suffixes[executionId] ?? ""
                let isManifest = pairId == ManifestTask.pairId
                guard let spec = specs[executionId] ?? nil,
                      let pair = isManifest ? spec.pairs.last : spec.pairs.first(where: { $0.pairId == pairId }) else {
                    // Cannot happen with specs this version stored; fail the step rather than hand out garbage.
                    try Self.failStep(c, stepId: stepId, stepName: stepName, executionId: executionId,
                                      message: "the stored bundle spec of job execution \(executionId) has no table pair \(pairId)",
                                      details: nil, now: nowText, effects: &effects)
                    continue
                }
                // The fencing token: one more than any claim of this pair's checkpoint so far — across the executions
                // of the job instance, since a restart resumes the same checkpoint row. The step row is locked
                // (SKIP LOCKED claim, or SQLite's single writer) and earlier executions have ended: it is ours alone.
                let epoch = try Self.count(c, """
                    SELECT COALESCE(MAX(s.lease_epoch), 0) FROM orch_step_execution s
                    JOIN orch_job_execution e ON e.id = s.execution_id
                    WHERE e.instance_id = $1 AND s.pair_id = $2 AND s.partition_no = $3
                    """, [.int(instanceId), .int(pairId), .int(Int64(partition))]) + 1
                try c.execute("""
                    UPDATE orch_step_execution SET status = \(BatchStatus.started.sql), exit_status = \(ExitStatus.executing.sql), lease_owner = $2,
                      lease_until = $3, start_time = COALESCE(start_time, $4), last_updated = $4, lease_epoch = $5
                    WHERE id = $1
                    """, [.int(stepId), .text(executorId), .text(leaseUntil), .text(nowText), .int(Int64(epoch))])
                items.append(WorkItem(stepExecutionId: stepId, jobExecutionId: executionId, jobInstanceId: instanceId,
                                      partition: partition, stepKey: JobNaming.stepKey(instanceId: instanceId, pairId: pairId, suffix: suffix),
                                      stepName: stepName, leaseSeconds: leaseSeconds, bundle: spec.only(pair), pair: pair,
                                      incremental: try r.json(IncrementalWindow.self, 6), batch: batches[executionId],
                                      leaseEpoch: Int64(epoch),
                                      manifest: isManifest ? try Self.manifestTask(c, spec: spec, instanceId: instanceId, suffix: suffix,
                                                                                   batch: batches[executionId]) : nil,
                                      keyRange: try r.json(PartitionRange.self, 7)))
                if !started.contains(executionId) { started.append(executionId) }
            }
            for executionId in started.sorted() {
                try c.execute("""
                    UPDATE orch_job_execution SET status = \(BatchStatus.started.sql), start_time = COALESCE(start_time, $2), last_updated = $2
                    WHERE id = $1 AND status = \(BatchStatus.starting.sql)
                    """, [.int(executionId), .text(nowText)])
            }
            effects.claimableLeft = try Self.rangesLeft(c, of: items, now: nowText)
            effects.activeLeases = try Self.activeLeases(c, now: nowText)
            return (items, effects)
        }
    }

    /// The claim's condition when several executors ask (`$4` of them, `$5` this one): a split table's range only while
    /// this executor holds fewer than its share of the table's running ranges. Left out for a single executor, where
    /// it always holds and would cost two subqueries per candidate.
    static let withinShare = """
        AND (s.key_range_json IS NULL OR $4 * (
          SELECT COUNT(*) FROM orch_step_execution h
          WHERE h.execution_id = s.execution_id AND h.pair_id = s.pair_id AND h.lease_owner = $5
            AND h.status = \(BatchStatus.started.sql)) < (
          SELECT COUNT(*) FROM orch_step_execution r WHERE r.execution_id = s.execution_id AND r.pair_id = s.pair_id))
        """

    /// Whether a table whose key range this claim handed out still has a claimable range (checked after the claimed
    /// rows took their lease): only then is there work for the next executor asking. A table's last range wakes no one.
    static func rangesLeft(_ c: any SQLConnection, of items: [WorkItem], now: String) throws -> Bool {
        var tables: [(execution: Int64, pair: Int64)] = []
        for item in items where item.keyRange != nil
            && !tables.contains(where: { $0 == (item.jobExecutionId, item.pair.pairId) }) {
            tables.append((item.jobExecutionId, item.pair.pairId))
        }
        guard !tables.isEmpty else { return false }
        var params: [SQLValue] = [.text(now)]
        let sameTable = tables.map { t in
            params += [.int(t.execution), .int(t.pair)]
            return "(q.execution_id = $\(params.count - 1) AND q.pair_id = $\(params.count))"
        }.joined(separator: " OR ")
        return try count(c, """
            SELECT CASE WHEN EXISTS (SELECT 1 FROM orch_step_execution q
                                     WHERE (\(sameTable)) AND q.key_range_json IS NOT NULL
                                       AND \(claimable(c, now: "$1", alias: "q."))) THEN 1 ELSE 0 END
            """, params) > 0
    }

    /// Where an executor starts among a split table's ranges: a stable hash of its id (FNV-1a; Swift's `hashValue`
    /// changes per process, and every orchestrator must agree).
    static func rangeOffset(_ executorId: String) -> Int64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in executorId.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int64(h % 1024)
    }

    /// A heartbeat (`leaseSeconds` set: the lease is renewed) or a progress report after committed chunks
    /// (`leaseSeconds` nil: the lease is left as it is), whose cumulative counts and new skips are stored. 409 when
    /// another executor owns the step (or it is no longer running); `stop` when the job is stopping or has ended.
    func beat(stepId: Int64, executorId: String, progress: ProgressRequest?, now: Date,
              leaseSeconds: Int?) async throws -> (BeatResponse, WorkEffects) {
        let nowText = Timestamp(now).iso
        let renewedUntil = leaseSeconds.map { Timestamp(now).adding(seconds: Int64($0)).iso }
        let locks = self.locks
        return try await write { c in
            let s = try Self.ownedStep(c, stepId, executorId: executorId, locks: locks)
            guard s.status == .started else { throw RepositoryError.conflict("step execution \(stepId) is \(s.status.rawValue)") }
            guard let e = try Self.execution(c, s.executionId, lock: locks) else {
                throw RepositoryError.notFound("job execution \(s.executionId)")
            }
            if let p = progress {
                try Self.storeProgress(c, s, counts: p.counts, retryCount: p.retryCount, sourceRows: p.sourceRows,
                                       skips: p.skips, now: nowText)
            }
            let leaseUntil: String
            if let renewedUntil {
                try c.execute("UPDATE orch_step_execution SET lease_until = $2 WHERE id = $1", [.int(stepId), .text(renewedUntil)])
                leaseUntil = renewedUntil
            } else {
                leaseUntil = s.leaseUntil ?? nowText
            }
            var effects = WorkEffects()
            if e.status == .stopping { try Self.settle(c, executionId: e.id, now: nowText, effects: &effects) }
            effects.activeLeases = try Self.activeLeases(c, now: nowText)
            let stop = s.stopRequested || !(e.status == .starting || e.status == .started)
            return (BeatResponse(leaseUntil: leaseUntil, stop: stop), effects)
        }
    }

    /// How a step ended. Completed → COMPLETED; failed → FAILED and the whole execution FAILED at once;
    /// stopped → STOPPED when the job was asked to stop (or already ended), otherwise the executor gave the step
    /// back (shutting down) and it is released: claimable again at once, resuming from the target's checkpoint.
    /// A repeated report of the same ending (a retried request) is accepted without change.
    func finish(stepId: Int64, _ finish: FinishRequest, now: Date) async throws -> (released: Bool, effects: WorkEffects) {
        let nowText = Timestamp(now).iso
        let locks = self.locks
        return try await write { c in
            let s = try Self.ownedStep(c, stepId, executorId: finish.executorId, locks: locks)
            let target: BatchStatus = switch finish.outcome {
            case .completed: .completed
            case .failed: .failed
            case .stopped: .stopped
            }
            var effects = WorkEffects()
            if s.status == target {          // the same report again (its answer was lost): nothing to change
                effects.activeLeases = try Self.activeLeases(c, now: nowText)
                return (false, effects)
            }
            guard s.status == .started else { throw RepositoryError.conflict("step execution \(stepId) is \(s.status.rawValue)") }
            guard let e = try Self.execution(c, s.executionId, lock: locks) else {
                throw RepositoryError.notFound("job execution \(s.executionId)")
            }
            try Self.storeProgress(c, s, counts: finish.counts, retryCount: finish.retryCount, sourceRows: finish.sourceRows,
                                   skips: finish.skips, now: nowText)
            try Self.storeWindow(c, stepId: stepId, finish.window)
            try Self.storeReconciliation(c, stepId: stepId, finish.reconciliation)
            var released = false
            switch finish.outcome {
            case .completed:
                if s.pairId == ManifestTask.pairId {
                    guard let manifest = finish.manifest else {
                        throw RepositoryError.conflict("the manifest step \(stepId) completed without reporting its manifest")
                    }
                    try Self.recordManifest(c, manifest, step: s, execution: e, now: nowText)
                }
                try Self.endStep(c, stepId, status: .completed, message: "", now: nowText)
            case .failed:
                let message = finish.message.flatMap { $0.isEmpty ? nil : $0 } ?? "step failed"
                try Self.failStep(c, stepId: stepId, stepName: s.stepName, executionId: e.id, message: message,
                                  details: Self.exceptionDetails(errorClass: finish.errorClass, detail: finish.detail),
                                  now: nowText, effects: &effects)
            case .stopped:
                if (e.status == .starting || e.status == .started) && !s.stopRequested {
                    try c.execute("UPDATE orch_step_execution SET lease_until = NULL, last_updated = $2 WHERE id = $1",
                                  [.int(stepId), .text(nowText)])
                    released = true
                } else {
                    try Self.endStep(c, stepId, status: .stopped, message: "", now: nowText)
                }
            }
            try Self.settle(c, executionId: e.id, now: nowText, effects: &effects)
            effects.activeLeases = try Self.activeLeases(c, now: nowText)
            return (released, effects)
        }
    }

    // MARK: Building blocks (run inside a transaction)

    /// The step, locked, when `executorId` holds its lease: 404 unknown, 409 another owner.
    static func ownedStep(_ c: any SQLConnection, _ stepId: Int64, executorId: String, locks: Bool) throws -> StepRow {
        guard let s = try step(c, stepId, lock: locks) else { throw RepositoryError.notFound("step execution \(stepId)") }
        guard s.leaseOwner == executorId else {
            throw RepositoryError.conflict(s.leaseOwner == nil
                ? "step execution \(stepId) is not leased to executor \(executorId)"
                : "step execution \(stepId) is leased by another executor")
        }
        return s
    }

    /// Cumulative counts of this step execution as the executor reports them, plus its new skipped rows.
    static func storeProgress(_ c: any SQLConnection, _ s: StepRow, counts: StepCounts, retryCount: Int, sourceRows: Int64?,
                              skips: [SkippedRow], now: String) throws {
        try c.execute("""
            UPDATE orch_step_execution SET read_count = $2, write_count = $3, commit_count = $4, write_skip_count = $5,
              rollback_count = $6, retry_count = $7, source_rows = COALESCE($8, source_rows), last_updated = $9
            WHERE id = $1
            """, [.int(s.id), .int(counts.readCount), .int(counts.writeCount), .int(counts.commitCount),
                  .int(counts.writeSkipCount), .int(counts.rollbackCount), .int(Int64(retryCount)), .intOrNull(sourceRows),
                  .text(now)])
        try sampleProgress(c, s, counts: counts, now: now)
        for skip in skips {
            try c.execute("""
                INSERT INTO orch_skipped_row (execution_id, step_execution_id, step_name, key_json, row_json, sql_state,
                  reason, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """, [.int(s.executionId), .int(s.id), .text(skip.stepName ?? s.stepName), .text(try encode(skip.key)),
                      .text(try encode(skip.row)), .textOrNull(skip.sqlState), .text(skip.reason),
                      .text(skip.createdAt ?? now)])
        }
    }

    /// The step's check after its last commit; a report without one (option off, an older executor) keeps none.
    static func storeReconciliation(_ c: any SQLConnection, stepId: Int64, _ r: Reconciliation?) throws {
        guard let r else { return }
        try c.execute("UPDATE orch_step_execution SET reconciliation_json = $2 WHERE id = $1", [.int(stepId), .text(try encode(r))])
    }

    static func endStep(_ c: any SQLConnection, _ stepId: Int64, status: BatchStatus, message: String, now: String) throws {
        try c.execute("""
            UPDATE orch_step_execution SET status = $2, exit_status = $5, exit_message = $3, end_time = $4,
              lease_until = NULL, last_updated = $4
            WHERE id = $1
            """, [.int(stepId), .status(status), .text(message), .text(now), .status(ExitStatus(ending: status))])
    }

    /// The step FAILED, and its execution with it (unless already ended): exit message "STEP-X: <message>".
    static func failStep(_ c: any SQLConnection, stepId: Int64, stepName: String, executionId: Int64, message: String,
                         details: String?, now: String, effects: inout WorkEffects) throws {
        try endStep(c, stepId, status: .failed, message: message, now: now)
        let changed = try c.execute("""
            UPDATE orch_job_execution SET status = \(BatchStatus.failed.sql), exit_status = \(ExitStatus.failed.sql), exit_message = $2,
              exception_details = $3, end_time = $4, last_updated = $4
            WHERE id = $1 AND status IN \(runningStatuses)
            """, [.int(executionId), .text("\(stepName): \(message)"), .textOrNull(details), .text(now)])
        if changed > 0 {
            effects.ended.append(.failed)
            try abandonUnstartedSteps(c, executionId: executionId, because: "the job execution failed", now: now)
        }
    }

    /// Steps an ended execution never started are not left looking runnable: ABANDONED with Spring Batch's
    /// `NOOP` exit status ("not run"). A restart runs them: it re-plans every pair no execution completed.
    static func abandonUnstartedSteps(_ c: any SQLConnection, executionId: Int64, because reason: String, now: String) throws {
        try c.execute("""
            UPDATE orch_step_execution SET status = $2, exit_status = $3, exit_message = $4, last_updated = $5
            WHERE execution_id = $1 AND status = $6
            """, [.int(executionId), .status(BatchStatus.abandoned), .status(ExitStatus.noop),
                  .text("not run: \(reason) before this step started"), .text(now), .status(BatchStatus.starting)])
    }

    static func exceptionDetails(errorClass: String?, detail: String?) -> String? {
        let cls = errorClass.flatMap { $0.isEmpty ? nil : $0 }
        let detail = detail.flatMap { $0.isEmpty ? nil : $0 }
        switch (cls, detail) {
        case let (cls?, detail?): return "\(cls): \(detail)"
        case let (cls?, nil): return cls
        case let (nil, detail?): return detail
        case (nil, nil): return nil
        }
    }

    /// Moves an execution forward when its steps allow it:
    /// STARTING/STARTED with every step COMPLETED → COMPLETED;
    /// STOPPING → steps never claimed or whose lease lapsed become STOPPED, and with no step left running the
    /// execution is STOPPED (COMPLETED if every step completed before the stop took effect).
    static func settle(_ c: any SQLConnection, executionId id: Int64, now: String, effects: inout WorkEffects) throws {
        guard let status = try c.query("SELECT status FROM orch_job_execution WHERE id = $1", [.int(id)])
            .firstStored.map({ BatchStatus(stored: try $0.require(String.self, 0)) }) else { return }
        switch status {
        case .starting, .started:
            let (total, completed) = try stepTally(c, id)
            if total > 0 && completed == total { try endExecution(c, id, status: .completed, now: now, effects: &effects) }
        case .stopping:
            try c.execute("""
                UPDATE orch_step_execution SET status = \(BatchStatus.stopped.sql), exit_status = \(ExitStatus.stopped.sql), end_time = $2, lease_until = NULL,
                  last_updated = $2
                WHERE execution_id = $1
                  AND \(claimable(c, now: "$2"))
                """, [.int(id), .text(now)])
            let running = try count(c, "SELECT COUNT(*) FROM orch_step_execution WHERE execution_id = $1 AND status = \(BatchStatus.started.sql)",
                                    [.int(id)])
            if running == 0 {
                let (total, completed) = try stepTally(c, id)
                try endExecution(c, id, status: total > 0 && completed == total ? .completed : .stopped, now: now,
                                 effects: &effects)
            }
        default:
            break
        }
    }

    static func stepTally(_ c: any SQLConnection, _ id: Int64) throws -> (total: Int, completed: Int) {
        let r = try c.query("""
            SELECT COUNT(*), COUNT(CASE WHEN status = \(BatchStatus.completed.sql) THEN 1 END) FROM orch_step_execution WHERE execution_id = $1
            """, [.int(id)]).firstStored
        guard let r else { return (0, 0) }
        return (try r.require(Int.self, 0), try r.require(Int.self, 1))
    }

    static func endExecution(_ c: any SQLConnection, _ id: Int64, status: BatchStatus, now: String,
                             effects: inout WorkEffects) throws {
        try c.execute("""
            UPDATE orch_job_execution SET status = $2, exit_status = $4, end_time = $3, last_updated = $3 WHERE id = $1
            """, [.int(id), .status(status), .text(now), .status(ExitStatus(ending: status))])
        effects.ended.append(status)
    }

    /// Settles STOPPING executions, and ends the steps that still look running in executions that already ended
    /// (their executor died after the job failed or stopped) once their lease lapses.
    static func sweep(_ c: any SQLConnection, now: String, locks: Bool, effects: inout WorkEffects) throws {
        let stopping = try c.query("SELECT id FROM orch_job_execution WHERE status = \(BatchStatus.stopping.sql) ORDER BY id")
            .stored.map { try $0.require(Int64.self, 0) }
        for id in stopping {
            _ = try lockExecutionTree(c, id, lock: locks)
            try settle(c, executionId: id, now: now, effects: &effects)
        }
        try c.execute("""
            UPDATE orch_step_execution SET status = \(BatchStatus.stopped.sql), exit_status = \(ExitStatus.stopped.sql),
              exit_message = 'lease expired after the job execution ended', end_time = $1, lease_until = NULL,
              last_updated = $1
            WHERE status = \(BatchStatus.started.sql) AND \(leaseLapsed(c, now: "$1"))
              AND execution_id IN (SELECT id FROM orch_job_execution WHERE status IN \(BatchStatus.sqlList(BatchStatus.terminal)))
            """, [.text(now)])
    }
}
