import FerryModels
import FerrySQL

/// What the job repository refuses, in its own words; the routes turn it into envelopes (404/409/422).
enum RepositoryError: Error, Sendable, Equatable {
    /// "job execution 7", "step execution 12".
    case notFound(String)
    case conflict(String)
    case unprocessable(String)
}

/// One row of `orch_job_execution` (without the stored spec).
struct ExecutionRow: Sendable, Hashable {
    var id: Int64
    var instanceId: Int64
    var bundleId: Int64
    var bundleName: String
    var runNumber: Int
    var rerunNumber: Int
    var status: BatchStatus
    var exitStatus: ExitStatus
    var exitMessage: String
    var exceptionDetails: String?
    var createTime: String
    var startTime: String?
    var endTime: String?
    var lastUpdated: String
    var batchCode: String?
    var batchRunNumber: Int?

    /// Seed 003's numbering of this execution.
    var batch: BatchRun? {
        guard let batchCode, let batchRunNumber else { return nil }
        return BatchRun(batchCode: batchCode, batchRunNumber: batchRunNumber, batchRerunNumber: rerunNumber)
    }

    /// Spring Batch job name: JOB-<bundleName> (seed 000: "JOB-CO_APP_DB_MIGRATION").
    var jobName: String { JobNaming.jobName(bundleName) }

    static let columns = """
        id, instance_id, bundle_id, bundle_name, run_number, rerun_number, status, exit_status, exit_message,
        exception_details, create_time, start_time, end_time, last_updated, batch_code, batch_run_number
        """

    init(_ r: [SQLValue]) {
        id = r.int64(0) ?? 0; instanceId = r.int64(1) ?? 0; bundleId = r.int64(2) ?? 0; bundleName = r.string(3) ?? ""
        runNumber = r.int(4) ?? 0; rerunNumber = r.int(5) ?? 0
        status = BatchStatus(stored: r.string(6)); exitStatus = ExitStatus(stored: r.string(7)); exitMessage = r.string(8) ?? ""
        exceptionDetails = r.string(9); createTime = r.string(10) ?? ""; startTime = r.string(11); endTime = r.string(12)
        lastUpdated = r.string(13) ?? ""
        batchCode = r.string(14); batchRunNumber = r.int(15)
    }
}

/// One row of `orch_step_execution`.
struct StepRow: Sendable, Hashable {
    var id: Int64
    var executionId: Int64
    var pairId: Int64
    var stepName: String
    var relationalOrdering: Int
    var partition: Int
    var status: BatchStatus
    var counts: StepCounts
    var retryCount: Int
    var sourceRows: Int64?
    var exitStatus: ExitStatus
    var exitMessage: String
    var startTime: String?
    var endTime: String?
    var leaseOwner: String?
    var leaseUntil: String?
    var stopRequested: Bool

    static let columns = """
        id, execution_id, pair_id, step_name, relational_ordering, partition_no, status, read_count, write_count,
        commit_count, write_skip_count, rollback_count, retry_count, source_rows, exit_status, exit_message,
        start_time, end_time, lease_owner, lease_until, stop_requested
        """

    init(_ r: [SQLValue]) {
        id = r.int64(0) ?? 0; executionId = r.int64(1) ?? 0; pairId = r.int64(2) ?? 0; stepName = r.string(3) ?? ""
        relationalOrdering = r.int(4) ?? 0; partition = r.int(5) ?? 0; status = BatchStatus(stored: r.string(6))
        counts = StepCounts(readCount: r.int64(7) ?? 0, writeCount: r.int64(8) ?? 0, commitCount: r.int64(9) ?? 0,
                            writeSkipCount: r.int64(10) ?? 0, rollbackCount: r.int64(11) ?? 0)
        retryCount = r.int(12) ?? 0; sourceRows = r.int64(13); exitStatus = ExitStatus(stored: r.string(14))
        exitMessage = r.string(15) ?? ""; startTime = r.string(16); endTime = r.string(17)
        leaseOwner = r.string(18); leaseUntil = r.string(19); stopRequested = (r.int64(20) ?? 0) != 0
    }

    var record: StepExecutionRecord {
        StepExecutionRecord(stepExecutionId: id, stepName: stepName, pairId: pairId, relationalOrdering: relationalOrdering,
                            status: status, exitStatus: exitStatus.rawValue, exitMessage: exitMessage, startTime: startTime,
                            endTime: endTime, counts: counts, retryCount: retryCount, sourceRows: sourceRows,
                            executorId: leaseOwner)
    }
}

/// A job execution just created by a launch or a restart.
struct NewExecution: Sendable, Hashable {
    var executionId: Int64
    var instanceId: Int64
    var jobName: String
    var status: BatchStatus
    var steps: Int
}

/// Side effects of a work-protocol call the metrics want to know about.
struct WorkEffects: Sendable {
    /// Final statuses of the executions that ended during the call.
    var ended: [BatchStatus] = []
    /// Steps holding a live lease after the call.
    var activeLeases: Int = 0
}

/// Filter of the execution history.
struct ExecutionFilter: Sendable {
    var bundleId: Int64?
    var status: BatchStatus?
    /// Inclusive bounds on the creation time, ISO text as stored.
    var from: String?
    var to: String?
}

enum JobNaming {
    static func jobName(_ bundleName: String) -> String { "JOB-" + bundleName }
    /// The executor's checkpoint key in the target: stable across restarts of one job instance (ENGINE.md §1).
    static func stepKey(instanceId: Int64, pairId: Int64) -> String { "job\(instanceId)-pair\(pairId)" }
}
