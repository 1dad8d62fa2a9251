/// Seed 001 — flows: a bundle launched on a schedule, optionally incrementally by a delta column (SPEC §3a).
/// These are the answers; requests are parsed leniently by the orchestrator (numbers and booleans sent as text).

/// `scheduleParams.frequency`.
public enum ScheduleFrequency: String, Codable, Sendable, CaseIterable {
    case once, minute, hour, day, week

    /// Length of one interval unit; nil for `once`.
    public var seconds: Int64? {
        switch self {
        case .once: nil
        case .minute: 60
        case .hour: 3_600
        case .day: 86_400
        case .week: 604_800
        }
    }
}

/// `options.catchUp`: what happens to ticks missed while no orchestrator ran or the previous run was still running.
public enum CatchUpPolicy: String, Codable, Sendable, CaseIterable {
    /// One run for the newest missed tick; it covers the whole missed window (the watermark does the rest).
    case latest
    /// Missed ticks are dropped; the next tick that is seen on time runs.
    case skip
    /// Each missed tick runs, one after another, at most ``FlowLimits/catchUpAllCap`` of the newest.
    case all
}

/// Rows whose delta column is NULL: loaded by every run, or never.
public enum NullDeltaRows: String, Codable, Sendable, CaseIterable {
    case include, exclude
}

public enum FlowState: String, Codable, Sendable, CaseIterable {
    case enabled, disabled
}

/// A flow run's status, derived from its job execution.
public enum FlowRunStatus: String, Codable, Sendable, CaseIterable {
    case scheduled, inProgress, success, partialSuccess, failed
}

/// What started a run.
public enum FlowRunTrigger: String, Codable, Sendable {
    case schedule, manual
}

public enum FlowLimits {
    /// `catchUp: all` never replays more than this many missed ticks.
    public static let catchUpAllCap = 10
    public static let minuteIntervalMinimum = 15
    public static let defaultLookBackSeconds = 60
    public static let maxLookBackSeconds = 86_400
}

/// Seed 001's delta column object.
public struct DeltaColumnSpec: Codable, Sendable, Hashable {
    public var name: String
    public var dateFormat: String?
    public var timezone: String?
    public init(name: String, dateFormat: String? = nil, timezone: String? = nil) {
        self.name = name; self.dateFormat = dateFormat; self.timezone = timezone
    }
}

public struct ScheduleParams: Codable, Sendable, Hashable {
    /// Epoch seconds.
    public var startTime: Int64
    public var frequency: ScheduleFrequency
    public var interval: Int?
    public var backfill: Bool?
    public init(startTime: Int64, frequency: ScheduleFrequency, interval: Int? = nil, backfill: Bool? = nil) {
        self.startTime = startTime; self.frequency = frequency; self.interval = interval; self.backfill = backfill
    }

    /// Seconds between two ticks; nil for `once`.
    public var period: Int64? { frequency.seconds.map { $0 * Int64(interval ?? 1) } }
}

public struct FlowOptions: Codable, Sendable, Hashable {
    public var partialIngestionPercent: Double?
    public var errorDiagnosticsEnabled: Bool
    public var catchUp: CatchUpPolicy
    /// Look-back subtracted from the low bound (late-committing writers), and the cap `now − lookBack` on sources
    /// whose open transactions cannot be seen.
    public var lookBackSeconds: Int
    public var nullDeltaRows: NullDeltaRows
    public init(partialIngestionPercent: Double? = nil, errorDiagnosticsEnabled: Bool = false, catchUp: CatchUpPolicy = .latest,
                lookBackSeconds: Int = FlowLimits.defaultLookBackSeconds, nullDeltaRows: NullDeltaRows = .include) {
        self.partialIngestionPercent = partialIngestionPercent; self.errorDiagnosticsEnabled = errorDiagnosticsEnabled
        self.catchUp = catchUp; self.lookBackSeconds = lookBackSeconds; self.nullDeltaRows = nullDeltaRows
    }
}

/// One of seed 001's transformations, as read back: `Copy` with `deltaColumn`, `Mapping` with `mappingId`.
public struct FlowTransformation: Codable, Sendable, Hashable {
    public struct Params: Codable, Sendable, Hashable {
        public var deltaColumn: DeltaColumnSpec?
        public var mappingId: String?
        public var mappingVersion: Int?
        public init(deltaColumn: DeltaColumnSpec? = nil, mappingId: String? = nil, mappingVersion: Int? = nil) {
            self.deltaColumn = deltaColumn; self.mappingId = mappingId; self.mappingVersion = mappingVersion
        }
    }
    public var name: String
    public var params: Params
    public init(name: String, params: Params) { self.name = name; self.params = params }
}

/// `GET /v1/flows/{id}`.
public struct FlowView: Codable, Sendable, Hashable {
    public var id: String
    public var uid: Int64
    public var name: String
    public var description: String?
    public var dataBundleId: Int64
    public var state: FlowState
    public var transformations: [FlowTransformation]
    public var scheduleParams: ScheduleParams
    public var options: FlowOptions
    public var etag: String
    /// Epoch seconds of the next tick, nil when none is left (`once` done) or the flow is disabled.
    public var nextRunTime: Int64?
    public var createdAt: String
    public var updatedAt: String
    public init(uid: Int64, name: String, description: String?, dataBundleId: Int64, state: FlowState,
                transformations: [FlowTransformation], scheduleParams: ScheduleParams, options: FlowOptions, etag: String,
                nextRunTime: Int64?, createdAt: String, updatedAt: String) {
        self.id = String(uid); self.uid = uid; self.name = name; self.description = description
        self.dataBundleId = dataBundleId; self.state = state; self.transformations = transformations
        self.scheduleParams = scheduleParams; self.options = options; self.etag = etag; self.nextRunTime = nextRunTime
        self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

/// One page of a list, `page` from 0.
public struct ItemPage<Item: Codable & Sendable>: Codable, Sendable {
    public var items: [Item]
    public var page: Int
    public var size: Int
    public var total: Int
    public init(items: [Item], page: Int, size: Int, total: Int) {
        self.items = items; self.page = page; self.size = size; self.total = total
    }
}

public typealias FlowPage = ItemPage<FlowView>
public typealias FlowRunPage = ItemPage<FlowRunView>

/// `POST /v1/flows` and `PATCH /v1/flows/{id}`: the saved envelope with seed 001's `id` (text) and `etag`.
public struct FlowSavedEnvelope: Codable, Sendable, Hashable {
    public var id: String
    public var uid: Int64
    public var etag: String
    public var success: Bool
    public var message: String
    public var description: String?
    public init(uid: Int64, etag: String, message: String, description: String?) {
        self.id = String(uid); self.uid = uid; self.etag = etag; self.success = true; self.message = message
        self.description = description
    }
}

/// One table pair of a run: the delta window it covered, in the delta column's own text.
public struct FlowRunTable: Codable, Sendable, Hashable {
    public var pairId: Int64
    public var stepName: String
    public var deltaColumn: String?
    public var low: String?
    public var high: String?
    public var nullDeltaRows: NullDeltaRows?
    /// NULL-delta rows the run saw (loaded with `include`, left out with `exclude`), when the executor reported it.
    public var nullDeltaRowCount: Int64?
    public init(pairId: Int64, stepName: String, deltaColumn: String?, low: String?, high: String?,
                nullDeltaRows: NullDeltaRows?, nullDeltaRowCount: Int64?) {
        self.pairId = pairId; self.stepName = stepName; self.deltaColumn = deltaColumn; self.low = low; self.high = high
        self.nullDeltaRows = nullDeltaRows; self.nullDeltaRowCount = nullDeltaRowCount
    }
}

public struct FlowRecordSummary: Codable, Sendable, Hashable {
    public var inputRecordCount: Int64
    public var outputRecordCount: Int64
    public var skippedRecordCount: Int64
    public init(inputRecordCount: Int64, outputRecordCount: Int64, skippedRecordCount: Int64) {
        self.inputRecordCount = inputRecordCount; self.outputRecordCount = outputRecordCount
        self.skippedRecordCount = skippedRecordCount
    }
}

/// A first diagnostic of a run (`errorDiagnosticsEnabled`): the original source row, its key and the target's message.
public struct FlowRunError: Codable, Sendable, Hashable {
    public var stepName: String?
    public var key: [String?]
    public var row: [String: String?]
    public var sqlState: String?
    public var message: String
    public init(stepName: String?, key: [String?], row: [String: String?], sqlState: String?, message: String) {
        self.stepName = stepName; self.key = key; self.row = row; self.sqlState = sqlState; self.message = message
    }
}

/// `GET /v1/flows/{id}/runs/{runId}`.
public struct FlowRunView: Codable, Sendable, Hashable {
    public var id: Int64
    public var flowId: Int64
    public var jobExecutionId: Int64?
    public var status: FlowRunStatus
    public var trigger: FlowRunTrigger
    public var scheduledFor: String
    public var startedAt: String?
    public var completedAt: String?
    public var windowStartTime: String?
    public var windowEndTime: String?
    public var tables: [FlowRunTable]
    public var recordSummary: FlowRecordSummary
    public var errors: [FlowRunError]
    public init(id: Int64, flowId: Int64, jobExecutionId: Int64?, status: FlowRunStatus, trigger: FlowRunTrigger,
                scheduledFor: String, startedAt: String?, completedAt: String?, windowStartTime: String?,
                windowEndTime: String?, tables: [FlowRunTable], recordSummary: FlowRecordSummary, errors: [FlowRunError]) {
        self.id = id; self.flowId = flowId; self.jobExecutionId = jobExecutionId; self.status = status
        self.trigger = trigger; self.scheduledFor = scheduledFor; self.startedAt = startedAt; self.completedAt = completedAt
        self.windowStartTime = windowStartTime; self.windowEndTime = windowEndTime; self.tables = tables
        self.recordSummary = recordSummary; self.errors = errors
    }

    private enum CodingKeys: String, CodingKey {
        case id, flowId, jobExecutionId, status, trigger, scheduledFor, startedAt, completedAt, windowStartTime,
             windowEndTime, tables, recordSummary, errors
    }

    /// Absent times are written as null (the SPEC lists every field).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(flowId, forKey: .flowId)
        try c.encodeOrNull(jobExecutionId, forKey: .jobExecutionId)
        try c.encode(status, forKey: .status)
        try c.encode(trigger, forKey: .trigger)
        try c.encode(scheduledFor, forKey: .scheduledFor)
        try c.encodeOrNull(startedAt, forKey: .startedAt)
        try c.encodeOrNull(completedAt, forKey: .completedAt)
        try c.encodeOrNull(windowStartTime, forKey: .windowStartTime)
        try c.encodeOrNull(windowEndTime, forKey: .windowEndTime)
        try c.encode(tables, forKey: .tables)
        try c.encode(recordSummary, forKey: .recordSummary)
        try c.encode(errors, forKey: .errors)
    }
}

/// `POST /v1/flows/{id}/runs` → 201.
public struct FlowRunStarted: Codable, Sendable, Hashable {
    public var id: Int64
    public var flowId: Int64
    public var jobExecutionId: Int64
    public var success: Bool
    public var message: String
    public var status: FlowRunStatus
    public init(id: Int64, flowId: Int64, jobExecutionId: Int64, message: String, status: FlowRunStatus) {
        self.id = id; self.flowId = flowId; self.jobExecutionId = jobExecutionId; self.success = true
        self.message = message; self.status = status
    }
}
