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

    static let columnNames = StoredRow.names(columns)

    /// Throws (naming the column) when the stored row is not what the schema promises.
    init(_ values: [SQLValue]) throws {
        let r = StoredRow(values, columns: Self.columnNames)
        id = try r.require(Int64.self, 0); instanceId = try r.require(Int64.self, 1); bundleId = try r.require(Int64.self, 2)
        bundleName = try r.require(String.self, 3); runNumber = try r.require(Int.self, 4); rerunNumber = try r.require(Int.self, 5)
        status = BatchStatus(stored: try r.require(String.self, 6)); exitStatus = ExitStatus(stored: try r.require(String.self, 7))
        exitMessage = try r.require(String.self, 8); exceptionDetails = try r.optional(String.self, 9)
        createTime = try r.require(String.self, 10); startTime = try r.optional(String.self, 11)
        endTime = try r.optional(String.self, 12); lastUpdated = try r.require(String.self, 13)
        batchCode = try r.optional(String.self, 14); batchRunNumber = try r.optional(Int.self, 15)
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
    /// The partition's key range, decoded when the row is read (a stored range this version cannot read is an error
    /// naming the column, not an unbounded range); nil for an unsplit table.
    var keyRange: PartitionRange?
    /// How many claims this partition's checkpoint has seen (its fencing epoch).
    var leaseEpoch: Int64
    /// The partition's check after its last commit, as its executor reported it.
    var reconciliation: Reconciliation?

    static let columns = """
        id, execution_id, pair_id, step_name, relational_ordering, partition_no, status, read_count, write_count,
        commit_count, write_skip_count, rollback_count, retry_count, source_rows, exit_status, exit_message,
        start_time, end_time, lease_owner, lease_until, stop_requested, key_range_json, lease_epoch,
        reconciliation_json
        """

    static let columnNames = StoredRow.names(columns)

    /// Throws (naming the column) when the stored row is not what the schema promises.
    init(_ values: [SQLValue]) throws {
        let r = StoredRow(values, columns: Self.columnNames)
        id = try r.require(Int64.self, 0); executionId = try r.require(Int64.self, 1); pairId = try r.require(Int64.self, 2)
        stepName = try r.require(String.self, 3); relationalOrdering = try r.require(Int.self, 4)
        partition = try r.require(Int.self, 5); status = BatchStatus(stored: try r.require(String.self, 6))
        counts = StepCounts(readCount: try r.require(Int64.self, 7), writeCount: try r.require(Int64.self, 8),
                            commitCount: try r.require(Int64.self, 9), writeSkipCount: try r.require(Int64.self, 10),
                            rollbackCount: try r.require(Int64.self, 11))
        retryCount = try r.require(Int.self, 12); sourceRows = try r.optional(Int64.self, 13)
        exitStatus = ExitStatus(stored: try r.require(String.self, 14)); exitMessage = try r.require(String.self, 15)
        startTime = try r.optional(String.self, 16); endTime = try r.optional(String.self, 17)
        leaseOwner = try r.optional(String.self, 18); leaseUntil = try r.optional(String.self, 19)
        stopRequested = try r.require(Bool.self, 20)
        keyRange = try r.json(PartitionRange.self, 21); leaseEpoch = try r.require(Int64.self, 22)
        reconciliation = try r.json(Reconciliation.self, 23)
    }

    var record: StepExecutionRecord {
        StepExecutionRecord(stepExecutionId: id, stepName: stepName, pairId: pairId, relationalOrdering: relationalOrdering,
                            status: status, exitStatus: exitStatus.rawValue, exitMessage: exitMessage, startTime: startTime,
                            endTime: endTime, counts: counts, retryCount: retryCount, sourceRows: sourceRows,
                            executorId: leaseOwner, reconciliation: reconciliation)
    }
}

/// One partition of one table pair (restarts skip the completed ones).
struct PartitionKey: Sendable, Hashable {
    var pairId: Int64
    var partition: Int
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
    /// A claim handed out a key range and its table has another claimable one, for the next executor (one per claim).
    var claimableLeft = false
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
    /// `suffix` is the instance's own random token: instance ids restart at 1 in every new store, and a target
    /// another Ferry (or this one before its store was reset) wrote into holds checkpoints under the same ids —
    /// without it a new step would take one of them, finished, for its own and copy nothing. Empty for instances
    /// made before the token existed, whose checkpoints carry the bare key.
    static func stepKey(instanceId: Int64, pairId: Int64, suffix: String) -> String {
        "job\(instanceId)-pair\(pairId)" + (suffix.isEmpty ? "" : "-" + suffix)
    }

    /// A new instance's token: 8 hex digits.
    static func newStepKeySuffix() -> String {
        let hex = String(UInt32.random(in: .min ... .max), radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
