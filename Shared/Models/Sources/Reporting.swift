/// The reporting service's answers (SPEC §2): RF06 (seed 000, step 33), the batch job report (seed 002 §5.6–5.7),
/// the history page and the latest integration of a bundle (seed 002 §5.4). Field order is the wire order.

/// RF06 — `GET /v1/batch/job/{jobExecutionId}`, seed 000 step 33 field for field.
/// Times are `dd/MM/yyyy HH:mm` in the configured zone ("" while not started / not ended);
/// elapsed times are `HH:mm:ss:SSS` (start → end, or start → now while running).
public struct JobExecutionView: Codable, Sendable, Hashable {
    public var batchStatus: BatchStatus
    public var jobExecutionId: Int64
    public var jobName: String
    public var jobStartTime: String
    public var jobEndTime: String
    public var jobElapsedTime: String
    public var exitStatus: String
    public var exitMessage: String
    public var steps: [StepExecutionView]

    public init(batchStatus: BatchStatus, jobExecutionId: Int64, jobName: String, jobStartTime: String, jobEndTime: String,
                jobElapsedTime: String, exitStatus: String, exitMessage: String, steps: [StepExecutionView]) {
        self.batchStatus = batchStatus; self.jobExecutionId = jobExecutionId; self.jobName = jobName
        self.jobStartTime = jobStartTime; self.jobEndTime = jobEndTime; self.jobElapsedTime = jobElapsedTime
        self.exitStatus = exitStatus; self.exitMessage = exitMessage; self.steps = steps
    }
}

/// One step of an RF06 answer.
public struct StepExecutionView: Codable, Sendable, Hashable {
    public var batchStatus: BatchStatus
    public var stepName: String
    public var stepStartTime: String
    public var stepEndTime: String
    public var stepElapsedTime: String
    public var commitCount: Int64
    public var readCount: Int64
    public var writeCount: Int64
    public var writeSkipCount: Int64
    public var exitStatus: String
    public var exitMessage: String
    /// Not in seed 000: the step's content check (bundle option `reconcile`), after every seed field; omitted
    /// when none ran.
    public var reconciliation: Reconciliation?

    public init(batchStatus: BatchStatus, stepName: String, stepStartTime: String, stepEndTime: String,
                stepElapsedTime: String, commitCount: Int64, readCount: Int64, writeCount: Int64, writeSkipCount: Int64,
                exitStatus: String, exitMessage: String, reconciliation: Reconciliation? = nil) {
        self.reconciliation = reconciliation
        self.batchStatus = batchStatus; self.stepName = stepName; self.stepStartTime = stepStartTime
        self.stepEndTime = stepEndTime; self.stepElapsedTime = stepElapsedTime; self.commitCount = commitCount
        self.readCount = readCount; self.writeCount = writeCount; self.writeSkipCount = writeSkipCount
        self.exitStatus = exitStatus; self.exitMessage = exitMessage
    }
}

/// `GET /v1/batch/jobs` — a page of RF06-shaped executions, newest first.
public struct JobExecutionViewPage: Codable, Sendable, Hashable {
    public var items: [JobExecutionView]
    public var page: Int
    public var size: Int
    public var total: Int
    public init(items: [JobExecutionView], page: Int, size: Int, total: Int) {
        self.items = items; self.page = page; self.size = size; self.total = total
    }
}

/// Seed 002's job states.
public enum BatchJobState: String, Codable, Sendable, CaseIterable {
    case enqueued = "Enqueued"
    case processing = "Processing"
    case finished = "Finished"
    case failed = "Failed"

    public var isComplete: Bool { self == .finished || self == .failed }
}

/// Seed 002 §5.6–5.7 — `GET /v1/batch-job-report/{jobId}`. Absent values are written as `null` (as in the seed),
/// never omitted. When `isComplete`, `successCount + failureCount == totalItems`.
public struct BatchJobReport: Codable, Sendable, Hashable {
    public var jobId: String
    public var entityType: String
    public var state: BatchJobState
    public var isComplete: Bool
    /// ISO-8601 UTC with milliseconds.
    public var createdAt: String?
    public var startedAt: String?
    public var completedAt: String?
    /// `HH:mm:ss`, null until complete.
    public var duration: String?
    public var totalItems: Int64
    public var successCount: Int64
    public var failureCount: Int64
    public var retryAttempt: Int
    public var hasPartialData: Bool
    public var errorMessage: String?
    public var exceptionDetails: String?

    public init(jobId: String, entityType: String, state: BatchJobState, isComplete: Bool, createdAt: String?,
                startedAt: String?, completedAt: String?, duration: String?, totalItems: Int64, successCount: Int64,
                failureCount: Int64, retryAttempt: Int, hasPartialData: Bool, errorMessage: String?,
                exceptionDetails: String?) {
        self.jobId = jobId; self.entityType = entityType; self.state = state; self.isComplete = isComplete
        self.createdAt = createdAt; self.startedAt = startedAt; self.completedAt = completedAt; self.duration = duration
        self.totalItems = totalItems; self.successCount = successCount; self.failureCount = failureCount
        self.retryAttempt = retryAttempt; self.hasPartialData = hasPartialData; self.errorMessage = errorMessage
        self.exceptionDetails = exceptionDetails
    }

    private enum CodingKeys: String, CodingKey {
        case jobId, entityType, state, isComplete, createdAt, startedAt, completedAt, duration, totalItems, successCount,
             failureCount, retryAttempt, hasPartialData, errorMessage, exceptionDetails
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(jobId, forKey: .jobId)
        try c.encode(entityType, forKey: .entityType)
        try c.encode(state, forKey: .state)
        try c.encode(isComplete, forKey: .isComplete)
        try c.encodeOrNull(createdAt, forKey: .createdAt)
        try c.encodeOrNull(startedAt, forKey: .startedAt)
        try c.encodeOrNull(completedAt, forKey: .completedAt)
        try c.encodeOrNull(duration, forKey: .duration)
        try c.encode(totalItems, forKey: .totalItems)
        try c.encode(successCount, forKey: .successCount)
        try c.encode(failureCount, forKey: .failureCount)
        try c.encode(retryAttempt, forKey: .retryAttempt)
        try c.encode(hasPartialData, forKey: .hasPartialData)
        try c.encodeOrNull(errorMessage, forKey: .errorMessage)
        try c.encodeOrNull(exceptionDetails, forKey: .exceptionDetails)
    }
}

/// `GET /v1/data/bundles/{uid}/get-latest-integration` — seed 002 §5.4 adapted to a bundle: `classType` is
/// `"Bundle"`, `id` the bundle's uid, `lastDateTime` the most recent successful sync of any of its table pairs
/// (null when none), then one entry per table pair.
public struct BundleLatestIntegration: Codable, Sendable, Hashable {
    public var classType: String
    public var id: Int64
    public var bundleName: String
    public var lastDateTime: String?
    public var pairs: [PairLatestIntegration]

    public init(id: Int64, bundleName: String, lastDateTime: String?, pairs: [PairLatestIntegration]) {
        self.classType = "Bundle"; self.id = id; self.bundleName = bundleName; self.lastDateTime = lastDateTime
        self.pairs = pairs
    }

    private enum CodingKeys: String, CodingKey { case classType, id, bundleName, lastDateTime, pairs }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(classType, forKey: .classType)
        try c.encode(id, forKey: .id)
        try c.encode(bundleName, forKey: .bundleName)
        try c.encodeOrNull(lastDateTime, forKey: .lastDateTime)
        try c.encode(pairs, forKey: .pairs)
    }
}

/// The last successful run of one table pair; every field but `pairId` is null when the pair never completed.
public struct PairLatestIntegration: Codable, Sendable, Hashable {
    public var pairId: Int64
    public var stepName: String?
    public var jobExecutionId: Int64?
    /// End time of that run, ISO-8601 UTC with milliseconds.
    public var lastDateTime: String?
    /// Rows written by that run.
    public var rowCount: Int64?
    /// The pair's last incremental watermark: the delta column's value (as text) its next incremental run starts
    /// from; null when no incremental run of the pair succeeded.
    public var watermark: String?

    public init(pairId: Int64, stepName: String?, jobExecutionId: Int64?, lastDateTime: String?, rowCount: Int64?,
                watermark: String? = nil) {
        self.pairId = pairId; self.stepName = stepName; self.jobExecutionId = jobExecutionId
        self.lastDateTime = lastDateTime; self.rowCount = rowCount; self.watermark = watermark
    }

    private enum CodingKeys: String, CodingKey { case pairId, stepName, jobExecutionId, lastDateTime, rowCount, watermark }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pairId, forKey: .pairId)
        try c.encodeOrNull(stepName, forKey: .stepName)
        try c.encodeOrNull(jobExecutionId, forKey: .jobExecutionId)
        try c.encodeOrNull(lastDateTime, forKey: .lastDateTime)
        try c.encodeOrNull(rowCount, forKey: .rowCount)
        try c.encodeOrNull(watermark, forKey: .watermark)
    }
}

extension KeyedEncodingContainer {
    /// Writes `null` for nil instead of omitting the key (the seeds show absent values as null).
    public mutating func encodeOrNull<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}
