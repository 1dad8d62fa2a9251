/// Spring Batch statuses (SPEC §2).
public enum BatchStatus: String, Codable, Sendable, CaseIterable {
    case starting = "STARTING"
    case started = "STARTED"
    case stopping = "STOPPING"
    case stopped = "STOPPED"
    case failed = "FAILED"
    case completed = "COMPLETED"
    case abandoned = "ABANDONED"

    public var isTerminal: Bool { self == .stopped || self == .failed || self == .completed || self == .abandoned }
    public var isRunning: Bool { self == .starting || self == .started || self == .stopping }
}

/// `POST /v1/batch/job` body (seed 000, step 26).
public struct LaunchRequest: Codable, Sendable {
    public var dataBundleId: Int64?
    public init(dataBundleId: Int64?) { self.dataBundleId = dataBundleId }
}

/// `POST /v1/batch/job` answer: seed 000's `{"uid": 29}`, seed 002's `jobId`, and the SPEC envelope.
public struct LaunchResponse: Codable, Sendable {
    public var uid: Int64
    public var jobId: String
    public var success: Bool
    public var id: Int64
    public var message: String
    public var description: String
    public var batchStatus: BatchStatus
    public init(executionId: Int64, jobName: String, message: String, status: BatchStatus) {
        uid = executionId; jobId = String(executionId); success = true; id = executionId
        self.message = message; description = jobName; batchStatus = status
    }
}

/// Counters of one step execution (Spring Batch's names).
public struct StepCounts: Codable, Sendable, Hashable {
    public var readCount: Int64
    public var writeCount: Int64
    public var commitCount: Int64
    public var writeSkipCount: Int64
    public var rollbackCount: Int64
    public init(readCount: Int64 = 0, writeCount: Int64 = 0, commitCount: Int64 = 0, writeSkipCount: Int64 = 0,
                rollbackCount: Int64 = 0) {
        self.readCount = readCount; self.writeCount = writeCount; self.commitCount = commitCount
        self.writeSkipCount = writeSkipCount; self.rollbackCount = rollbackCount
    }
}

/// Full state of one job execution as the orchestrator keeps it; the reporting service shapes
/// the RF06 and seed-002 answers from it. Times are ISO-8601 UTC with milliseconds (nil = not yet).
public struct JobExecutionRecord: Codable, Sendable, Hashable {
    public var jobExecutionId: Int64
    public var jobInstanceId: Int64
    public var bundleId: Int64
    public var bundleName: String
    public var jobName: String
    public var runNumber: Int
    public var rerunNumber: Int
    /// Seed 003's numbering under the bundle's batch code (nil for executions stored before it existed).
    public var batch: BatchRun?
    public var status: BatchStatus
    public var exitStatus: String
    public var exitMessage: String
    public var exceptionDetails: String?
    public var createTime: String
    public var startTime: String?
    public var endTime: String?
    public var lastUpdated: String
    /// Transient-fault retries summed over steps.
    public var retryAttempt: Int
    /// Total rows the job will read when known (sum of source counts estimated at start), else nil.
    public var totalItems: Int64?
    public var steps: [StepExecutionRecord]
    /// True when the orchestrator will change nothing of this execution again: it has ended and none of its step
    /// executions — every key range of a split table counted, which the folded `steps` can hide — is still running.
    /// Readers may keep such a record. Nil from an orchestrator that does not say (keep nothing then).
    public var settled: Bool?

    public init(jobExecutionId: Int64, jobInstanceId: Int64, bundleId: Int64, bundleName: String, jobName: String,
                runNumber: Int, rerunNumber: Int, status: BatchStatus, exitStatus: String, exitMessage: String,
                exceptionDetails: String?, createTime: String, startTime: String?, endTime: String?,
                lastUpdated: String, retryAttempt: Int, totalItems: Int64?, steps: [StepExecutionRecord]) {
        self.jobExecutionId = jobExecutionId; self.jobInstanceId = jobInstanceId; self.bundleId = bundleId
        self.bundleName = bundleName; self.jobName = jobName; self.runNumber = runNumber; self.rerunNumber = rerunNumber
        self.status = status; self.exitStatus = exitStatus; self.exitMessage = exitMessage
        self.exceptionDetails = exceptionDetails; self.createTime = createTime; self.startTime = startTime
        self.endTime = endTime; self.lastUpdated = lastUpdated; self.retryAttempt = retryAttempt
        self.totalItems = totalItems; self.steps = steps
    }
}

public struct StepExecutionRecord: Codable, Sendable, Hashable {
    public var stepExecutionId: Int64
    public var stepName: String
    public var pairId: Int64
    public var relationalOrdering: Int
    public var status: BatchStatus
    public var exitStatus: String
    public var exitMessage: String
    public var startTime: String?
    public var endTime: String?
    public var counts: StepCounts
    public var retryCount: Int
    /// Rows the source held at step start (estimate for progress), when known.
    public var sourceRows: Int64?
    public var executorId: String?
    /// The step's check after its last commit (its partitions' merged); nil when none ran.
    public var reconciliation: Reconciliation?

    public init(stepExecutionId: Int64, stepName: String, pairId: Int64, relationalOrdering: Int, status: BatchStatus,
                exitStatus: String, exitMessage: String, startTime: String?, endTime: String?, counts: StepCounts,
                retryCount: Int, sourceRows: Int64?, executorId: String?, reconciliation: Reconciliation? = nil) {
        self.reconciliation = reconciliation
        self.stepExecutionId = stepExecutionId; self.stepName = stepName; self.pairId = pairId
        self.relationalOrdering = relationalOrdering; self.status = status; self.exitStatus = exitStatus
        self.exitMessage = exitMessage; self.startTime = startTime; self.endTime = endTime; self.counts = counts
        self.retryCount = retryCount; self.sourceRows = sourceRows; self.executorId = executorId
    }
}

/// A page of executions (history).
public struct JobExecutionPage: Codable, Sendable {
    public var items: [JobExecutionRecord]
    public var page: Int
    public var size: Int
    public var total: Int
    public init(items: [JobExecutionRecord], page: Int, size: Int, total: Int) {
        self.items = items; self.page = page; self.size = size; self.total = total
    }
}

/// One skipped row, kept for diagnostics: its key, the original source row and the target's error.
public struct SkippedRow: Codable, Sendable, Hashable {
    public var stepName: String?
    public var key: [String?]
    public var row: [String: String?]
    public var sqlState: String?
    public var reason: String
    public var createdAt: String?
    public init(stepName: String? = nil, key: [String?], row: [String: String?], sqlState: String?, reason: String,
                createdAt: String? = nil) {
        self.stepName = stepName; self.key = key; self.row = row; self.sqlState = sqlState; self.reason = reason
        self.createdAt = createdAt
    }
}

public struct SkippedRowPage: Codable, Sendable {
    public var items: [SkippedRow]
    public var page: Int
    public var size: Int
    public var total: Int
    public init(items: [SkippedRow], page: Int, size: Int, total: Int) {
        self.items = items; self.page = page; self.size = size; self.total = total
    }
}
