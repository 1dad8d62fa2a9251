import Foundation
import FerryModels
import FerrySQL
import FerryTime

/// Launch, restart and stop (RF05 and its operations): Spring Batch's JobLauncher/JobOperator.
extension OrchestratorStore {
    /// A new job instance (run number = earlier instances of the bundle + 1) with its first execution and one
    /// step execution per table pair, STARTING: executors pull the steps. 409 while the bundle has a running execution.
    func launch(spec: BundleSpec, now: Date) async throws -> NewExecution {
        let specJSON = try Self.encode(spec)
        let now = Timestamp(now).iso
        do {
            return try await write { c in
                if let running = try Self.runningExecution(c, bundleId: spec.bundleId) {
                    throw RepositoryError.conflict(
                        "bundle \(spec.bundleId) already has a running job execution \(running.id) (\(running.status.rawValue))")
                }
                // `loadMode: incremental` pairs continue from the bundle's last successful watermark.
                return try Self.insertInstance(c, spec: spec, specJSON: specJSON,
                                               windows: try Self.windows(c, spec: spec, flow: nil), now: now)
            }
        } catch let error as DriverError where error.sqlState == .uniqueViolation {
            // Another orchestrator launched the same bundle a moment ago (orch_job_execution_one_running).
            throw RepositoryError.conflict("bundle \(spec.bundleId) already has a running job execution")
        }
    }

    /// A new execution of the SAME job instance (rerun number + 1) for the pairs no execution of the
    /// instance completed (Spring Batch: completed steps are not re-run). Only FAILED or STOPPED executions
    /// that are the latest of their instance restart; with nothing left to do the new execution is COMPLETED.
    func restart(executionId id: Int64, spec: BundleSpec, now: Date) async throws -> NewExecution {
        let now = Timestamp(now).iso
        let locks = self.locks
        do {
            return try await write { c in
                guard let e = try Self.execution(c, id, lock: locks) else { throw RepositoryError.notFound("job execution \(id)") }
                guard e.status == .failed || e.status == .stopped else {
                    throw RepositoryError.conflict(
                        "job execution \(id) is \(e.status.rawValue); only FAILED or STOPPED job executions can be restarted")
                }
                let latest = try c.query("SELECT MAX(id) FROM orch_job_execution WHERE instance_id = $1", [.int(e.instanceId)])
                    .single(Int64.self)
                guard latest == id else {
                    throw RepositoryError.conflict(
                        "job execution \(id) is not the latest execution of job instance \(e.instanceId): restart job execution \(latest)")
                }
                if let running = try Self.runningExecution(c, bundleId: e.bundleId) {
                    throw RepositoryError.conflict(
                        "bundle \(e.bundleId) already has a running job execution \(running.id) (\(running.status.rawValue))")
                }
                // A step still holding a live lease may still be writing: restarting now would run the pair twice.
                let live = try c.query("""
                    SELECT step_name FROM orch_step_execution
                    WHERE execution_id = $1 AND status = \(BatchStatus.started.sql) AND \(Self.leaseLive(c, now: "$2")) ORDER BY id
                    """, [.int(id), .text(now)]).stored.map { try $0.require(String.self, 0) }
                guard live.isEmpty else {
                    throw RepositoryError.conflict(
                        "job execution \(id) still has running steps (\(live.joined(separator: ", "))); restart it once they have stopped")
                }
                // Completed steps are not run again — per partition: a split table reruns only its unfinished ranges,
                // with the ranges planned at launch (the stored spec's), whatever the source holds now.
                let completed = Set(try c.query("""
                    SELECT DISTINCT s.pair_id, s.partition_no FROM orch_step_execution s JOIN orch_job_execution x ON x.id = s.execution_id
                    WHERE x.instance_id = $1 AND s.status = \(BatchStatus.completed.sql)
                    """, [.int(e.instanceId)]).stored.map { PartitionKey(pairId: try $0.require(Int64.self, 0), partition: try $0.require(Int.self, 1)) })
                let planned = try c.query("SELECT spec_json FROM orch_job_execution WHERE id = $1", [.int(id)])
                    .firstStored?.json(BundleSpec.self, 0)
                var spec = spec
                for i in spec.pairs.indices {
                    spec.pairs[i].partitionRanges = planned?.pairs.first { $0.pairId == spec.pairs[i].pairId }?.partitionRanges
                }
                let specJSON = try Self.encode(spec)
                let pairs = spec.pairs.filter { p in
                    p.partitionNumbers.contains { !completed.contains(PartitionKey(pairId: p.pairId, partition: $0)) }
                }
                // Incremental pairs start again from the last successful watermark (the failed run advanced none).
                let windows = try Self.restartWindows(c, instanceId: e.instanceId, executionId: id, spec: spec)
                let batch = BatchRun(batchCode: e.batchCode ?? spec.resolvedBatchCode,
                                     batchRunNumber: e.batchRunNumber ?? e.runNumber, batchRerunNumber: e.rerunNumber + 1)
                return try Self.insertExecution(c, instanceId: e.instanceId, spec: spec, specJSON: specJSON,
                                                runNumber: e.runNumber, rerunNumber: e.rerunNumber + 1, batch: batch, pairs: pairs,
                                                windows: windows, skipping: completed, now: now)
            }
        } catch let error as DriverError where error.sqlState == .uniqueViolation {
            throw RepositoryError.conflict("job execution \(id) is being restarted by another request")
        }
    }

    /// Asks a running execution to stop: STOPPING; steps never claimed stop at once; running steps learn it
    /// from their next heartbeat; with no step running the execution is STOPPED now.
    func stop(executionId id: Int64, now: Date) async throws -> (ExecutionRow, WorkEffects) {
        let now = Timestamp(now).iso
        let locks = self.locks
        return try await write { c in
            guard let e = try Self.lockExecutionTree(c, id, lock: locks) else { throw RepositoryError.notFound("job execution \(id)") }
            guard e.status.isRunning else { throw RepositoryError.conflict("job execution \(id) is \(e.status.rawValue)") }
            var effects = WorkEffects()
            if e.status != .stopping {
                try c.execute("UPDATE orch_job_execution SET status = \(BatchStatus.stopping.sql), last_updated = $2 WHERE id = $1",
                              [.int(id), .text(now)])
                try c.execute("""
                    UPDATE orch_step_execution SET stop_requested = 1, last_updated = $2
                    WHERE execution_id = $1 AND status = \(BatchStatus.started.sql)
                    """, [.int(id), .text(now)])
            }
            try Self.settle(c, executionId: id, now: now, effects: &effects)
            effects.activeLeases = try Self.activeLeases(c, now: now)
            guard let after = try Self.execution(c, id) else { throw RepositoryError.notFound("job execution \(id)") }
            return (after, effects)
        }
    }

    /// A new job instance (run number = earlier instances of the bundle + 1; batch run number = earlier launches
    /// under the batch code + 1, whichever bundle made them) and its first execution.
    static func insertInstance(_ c: any SQLConnection, spec: BundleSpec, specJSON: String,
                               windows: [Int64: IncrementalWindow], now: String) throws -> NewExecution {
        let previous = try count(c, "SELECT COUNT(*) FROM orch_job_instance WHERE bundle_id = $1", [.int(spec.bundleId)])
        let instanceId = try c.query("""
            INSERT INTO orch_job_instance (bundle_id, bundle_name, created_at, step_key_suffix) VALUES ($1, $2, $3, $4) RETURNING id
            """, [.int(spec.bundleId), .text(spec.bundleName), .text(now), .text(JobNaming.newStepKeySuffix())]).single(Int64.self)
        let code = spec.resolvedBatchCode
        let launches = try count(c, "SELECT COALESCE(MAX(batch_run_number), 0) FROM orch_job_execution WHERE batch_code = $1",
                                 [.text(code)])
        let batch = BatchRun(batchCode: code, batchRunNumber: launches + 1, batchRerunNumber: 0)
        return try insertExecution(c, instanceId: instanceId, spec: spec, specJSON: specJSON, runNumber: previous + 1,
                                   rerunNumber: 0, batch: batch, pairs: spec.pairs, windows: windows, now: now)
    }

    /// Inserts an execution and its step executions (in the spec's pair order); incremental pairs keep their window.
    static func insertExecution(_ c: any SQLConnection, instanceId: Int64, spec: BundleSpec, specJSON: String,
                                runNumber: Int, rerunNumber: Int, batch: BatchRun, pairs: [TablePairSpec],
                                windows: [Int64: IncrementalWindow] = [:], skipping completed: Set<PartitionKey> = [],
                                now: String) throws -> NewExecution {
        // A manifest is written by a last step of its own, after every export step (seed 003).
        let manifestStep = spec.wantsManifest
        // Nothing to run (every pair already completed): the execution is complete at once.
        let done = pairs.isEmpty && !manifestStep
        let status: BatchStatus = done ? .completed : .starting
        let executionId = try c.query("""
            INSERT INTO orch_job_execution (instance_id, bundle_id, bundle_name, run_number, rerun_number, status,
              exit_status, exit_message, create_time, start_time, end_time, last_updated, spec_json, batch_code, batch_run_number)
            VALUES ($1, $2, $3, $4, $5, $6, $7, '', $8, $9, $9, $8, $10, $11, $12) RETURNING id
            """, [.int(instanceId), .int(spec.bundleId), .text(spec.bundleName), .int(Int64(runNumber)),
                  .int(Int64(rerunNumber)), .status(status), .status(done ? ExitStatus.completed : .unknown), .text(now),
                  done ? .text(now) : .null, .text(specJSON), .text(batch.batchCode),
                  .int(Int64(batch.batchRunNumber))]).single(Int64.self)
        for pair in pairs {
            let window = windows[pair.pairId]
            // One step execution per key range (one for an unsplit table), skipping ranges an earlier execution completed.
            for partition in pair.partitionNumbers where !completed.contains(PartitionKey(pairId: pair.pairId, partition: partition)) {
                let range = pair.partitionRanges.map { $0[partition] }
                try c.execute("""
                    INSERT INTO orch_step_execution (execution_id, pair_id, step_name, relational_ordering, partition_no,
                      status, exit_status, exit_message, last_updated, window_json, window_delta_column, window_advances,
                      key_range_json)
                    VALUES ($1, $2, $3, $4, $9, \(BatchStatus.starting.sql), \(ExitStatus.unknown.sql), '', $5, $6, $7, $8, $10)
                    """, [.int(executionId), .int(pair.pairId), .text(pair.stepName), .int(Int64(pair.relationalOrdering)),
                          .text(now), .textOrNull(try window.map(encode)), .textOrNull(window?.deltaColumn),
                          .int(window?.advancesWatermark == true ? 1 : 0), .int(Int64(partition)),
                          .textOrNull(try range.map(encode))])
            }
        }
        if manifestStep {
            try c.execute("""
                INSERT INTO orch_step_execution (execution_id, pair_id, step_name, relational_ordering, partition_no,
                  status, exit_status, exit_message, last_updated)
                VALUES ($1, $2, $3, $4, 0, \(BatchStatus.starting.sql), \(ExitStatus.unknown.sql), '', $5)
                """, [.int(executionId), .int(ManifestTask.pairId), .text(ManifestTask.stepName),
                      .int(Int64(spec.manifestOrdering)), .text(now)])
        }
        return NewExecution(executionId: executionId, instanceId: instanceId, jobName: JobNaming.jobName(spec.bundleName),
                            status: status, steps: pairs.count + (manifestStep ? 1 : 0))
    }
}
