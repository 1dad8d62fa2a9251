/// `GET /v1/batch/job/{id}/progress` and `GET /v1/batch/jobs/progress` — what a live progress line and the dashboard
/// need that RF06's fixed shape cannot carry: exact times (ISO-8601 UTC with milliseconds), elapsed milliseconds,
/// the step's source-row estimate and the throughput. Not a seed shape: Ferry's own.
public struct JobProgressView: Codable, Sendable, Hashable {
    public var jobExecutionId: Int64
    public var jobName: String
    public var bundleId: Int64
    public var bundleName: String
    public var runNumber: Int
    public var rerunNumber: Int
    public var status: BatchStatus
    public var exitStatus: String
    public var exitMessage: String
    public var exceptionDetails: String?
    public var createTime: String
    public var startTime: String?
    public var endTime: String?
    /// Start → end, or start → now while running; 0 before the start.
    public var elapsedMillis: Int64
    public var readCount: Int64
    public var writeCount: Int64
    public var writeSkipCount: Int64
    /// Sum of the steps' source-row estimates, when every started step has one.
    public var sourceRows: Int64?
    /// Rows written per second of the job's elapsed time (nil before any time has passed).
    public var rowsPerSecond: Double?
    public var retryAttempt: Int
    public var steps: [StepProgressView]

    public init(jobExecutionId: Int64, jobName: String, bundleId: Int64, bundleName: String, runNumber: Int,
                rerunNumber: Int, status: BatchStatus, exitStatus: String, exitMessage: String, exceptionDetails: String?,
                createTime: String, startTime: String?, endTime: String?, elapsedMillis: Int64, readCount: Int64,
                writeCount: Int64, writeSkipCount: Int64, sourceRows: Int64?, rowsPerSecond: Double?, retryAttempt: Int,
                steps: [StepProgressView]) {
        self.jobExecutionId = jobExecutionId; self.jobName = jobName; self.bundleId = bundleId
        self.bundleName = bundleName; self.runNumber = runNumber; self.rerunNumber = rerunNumber; self.status = status
        self.exitStatus = exitStatus; self.exitMessage = exitMessage; self.exceptionDetails = exceptionDetails
        self.createTime = createTime; self.startTime = startTime; self.endTime = endTime
        self.elapsedMillis = elapsedMillis; self.readCount = readCount; self.writeCount = writeCount
        self.writeSkipCount = writeSkipCount; self.sourceRows = sourceRows; self.rowsPerSecond = rowsPerSecond
        self.retryAttempt = retryAttempt; self.steps = steps
    }
}

/// One step of a ``JobProgressView``.
public struct StepProgressView: Codable, Sendable, Hashable {
    public var stepName: String
    public var relationalOrdering: Int
    public var status: BatchStatus
    public var exitStatus: String
    public var exitMessage: String
    public var startTime: String?
    public var endTime: String?
    public var elapsedMillis: Int64
    public var readCount: Int64
    public var writeCount: Int64
    public var writeSkipCount: Int64
    public var commitCount: Int64
    /// Rows the source held when the step started (an estimate), when known.
    public var sourceRows: Int64?
    /// Rows read of `sourceRows`, 0…100 (100 once COMPLETED); nil without an estimate.
    public var percent: Double?
    public var rowsPerSecond: Double?

    public init(stepName: String, relationalOrdering: Int, status: BatchStatus, exitStatus: String, exitMessage: String,
                startTime: String?, endTime: String?, elapsedMillis: Int64, readCount: Int64, writeCount: Int64,
                writeSkipCount: Int64, commitCount: Int64, sourceRows: Int64?, percent: Double?, rowsPerSecond: Double?) {
        self.stepName = stepName; self.relationalOrdering = relationalOrdering; self.status = status
        self.exitStatus = exitStatus; self.exitMessage = exitMessage; self.startTime = startTime; self.endTime = endTime
        self.elapsedMillis = elapsedMillis; self.readCount = readCount; self.writeCount = writeCount
        self.writeSkipCount = writeSkipCount; self.commitCount = commitCount; self.sourceRows = sourceRows
        self.percent = percent; self.rowsPerSecond = rowsPerSecond
    }

    /// Seconds left at the current rate, when both an estimate and a rate are known and the step still runs.
    public var etaSeconds: Double? {
        guard status.isRunning, let sourceRows, let rate = rowsPerSecond, rate > 0 else { return nil }
        return Double(max(0, sourceRows - readCount)) / rate
    }
}

/// A page of ``JobProgressView``, newest first.
public struct JobProgressPage: Codable, Sendable, Hashable {
    public var items: [JobProgressView]
    public var page: Int
    public var size: Int
    public var total: Int
    public init(items: [JobProgressView], page: Int, size: Int, total: Int) {
        self.items = items; self.page = page; self.size = size; self.total = total
    }
}
