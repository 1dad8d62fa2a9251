/// The executor ↔ orchestrator work protocol (ENGINE.md §7): pull, lease, heartbeat.

/// `POST /internal/work/claim`
public struct ClaimRequest: Codable, Sendable {
    public var executorId: String
    public var slots: Int
    /// Long poll: with nothing claimable, the orchestrator holds the (empty) answer up to this long (0 … 30000 ms)
    /// and answers with `workSignalled` as soon as work may have appeared — the executor claims again at once, so
    /// a launched job starts within milliseconds. The wait never claims: an executor that died while waiting is
    /// never handed a step it cannot run.
    public var waitMillis: Int?
    public init(executorId: String, slots: Int, waitMillis: Int? = nil) {
        self.executorId = executorId; self.slots = slots; self.waitMillis = waitMillis
    }
}

/// Seed 003's numbering of a job execution: `batchRunNumber` counts the launches under the batch code (whichever
/// bundle carries it), `batchRerunNumber` the restarts of one launch.
public struct BatchRun: Codable, Sendable, Hashable {
    public var batchCode: String
    public var batchRunNumber: Int
    public var batchRerunNumber: Int
    public init(batchCode: String, batchRunNumber: Int, batchRerunNumber: Int) {
        self.batchCode = batchCode; self.batchRunNumber = batchRunNumber; self.batchRerunNumber = batchRerunNumber
    }
}

/// One claimed step (or key-range partition of it) under a lease.
public struct WorkItem: Codable, Sendable, Hashable {
    public var stepExecutionId: Int64
    public var jobExecutionId: Int64
    public var jobInstanceId: Int64
    public var partition: Int
    /// Identifies job instance + table pair: the checkpoint key in the target (ENGINE.md §1).
    public var stepKey: String
    public var stepName: String
    public var leaseSeconds: Int
    /// The bundle's settings, with `pairs` holding this item's own pair only (``BundleSpec/only(_:)``): a claim that
    /// carried every pair of a 1,000-pair bundle in each item spent its time encoding them.
    public var bundle: BundleSpec
    public var pair: TablePairSpec
    /// Set for an incremental step (a flow with a delta column, or `loadMode: incremental`): the rows to read.
    public var incremental: IncrementalWindow?
    /// The batch run the step belongs to (export file names: `[batchCode]_[batchRunNumber]_[batchRerunNumber]_…`).
    public var batch: BatchRun?
    /// This claim's fencing token: one more than the step's previous claim. The executor's chunk commits carry
    /// it into the target's checkpoint row, where a commit with an older epoch is refused (a paused executor whose
    /// lease was taken over cannot write again). nil from an orchestrator that predates fencing.
    public var leaseEpoch: Int64?
    /// Set for the job's manifest step (seed 003): write the manifest of the export steps' files. `pair` is then
    /// the bundle's last pair, for its target datasource only.
    public var manifest: ManifestTask?
    /// The key range of this partition of the step (nil: the whole table).
    public var keyRange: PartitionRange?
    public init(stepExecutionId: Int64, jobExecutionId: Int64, jobInstanceId: Int64, partition: Int, stepKey: String,
                stepName: String, leaseSeconds: Int, bundle: BundleSpec, pair: TablePairSpec,
                incremental: IncrementalWindow? = nil, batch: BatchRun? = nil, leaseEpoch: Int64? = nil,
                manifest: ManifestTask? = nil, keyRange: PartitionRange? = nil) {
        self.leaseEpoch = leaseEpoch; self.manifest = manifest; self.keyRange = keyRange
        self.stepExecutionId = stepExecutionId; self.jobExecutionId = jobExecutionId; self.jobInstanceId = jobInstanceId
        self.partition = partition; self.stepKey = stepKey; self.stepName = stepName; self.leaseSeconds = leaseSeconds
        self.bundle = bundle; self.pair = pair; self.incremental = incremental; self.batch = batch
    }
}

public struct ClaimResponse: Codable, Sendable {
    public var items: [WorkItem]
    /// Set when a long-polled claim ended early because work may be claimable now: claim again at once.
    public var workSignalled: Bool?
    public init(items: [WorkItem], workSignalled: Bool? = nil) { self.items = items; self.workSignalled = workSignalled }
}

/// `POST /internal/work/{id}/beat` — renews the lease, and only that: who holds it. Counts travel on
/// `…/progress` (``ProgressRequest``) and `…/finish`.
public struct HeartbeatRequest: Codable, Sendable {
    public var executorId: String
    public init(executorId: String) { self.executorId = executorId }
}

/// `POST /internal/work/{id}/progress` — cumulative counts of this step execution so far, and its new skipped rows.
public struct ProgressRequest: Codable, Sendable {
    public var executorId: String
    public var counts: StepCounts
    public var retryCount: Int
    public var sourceRows: Int64?
    public var skips: [SkippedRow]
    public init(executorId: String, counts: StepCounts, retryCount: Int, sourceRows: Int64?, skips: [SkippedRow] = []) {
        self.executorId = executorId; self.counts = counts; self.retryCount = retryCount
        self.sourceRows = sourceRows; self.skips = skips
    }
}

public struct BeatResponse: Codable, Sendable {
    public var leaseUntil: String
    /// The job was asked to stop: finish the chunk in flight, then report `stopped`.
    public var stop: Bool
    public init(leaseUntil: String, stop: Bool) { self.leaseUntil = leaseUntil; self.stop = stop }
}

/// How a step ended, sent to `/internal/work/{id}/finish`.
public struct FinishRequest: Codable, Sendable {
    public enum Outcome: String, Codable, Sendable { case completed, failed, stopped }
    public var executorId: String
    public var outcome: Outcome
    public var counts: StepCounts
    public var retryCount: Int
    public var sourceRows: Int64?
    public var skips: [SkippedRow]
    /// For failures: the error class (transient/badData/permanent), message and details.
    public var errorClass: String?
    public var message: String?
    public var detail: String?
    /// An incremental step's window as read (the `high` it reached).
    public var window: WindowReport?
    /// The manifest step's manifest as written (with `completed`).
    public var manifest: ManifestReport?
    /// The step's check of its own key range after its last commit (bundle option `reconcile`); nil when none ran
    /// (option off, a Files target, an executor that predates the option).
    public var reconciliation: Reconciliation?
    public init(executorId: String, outcome: Outcome, counts: StepCounts, retryCount: Int, sourceRows: Int64?,
                skips: [SkippedRow] = [], errorClass: String? = nil, message: String? = nil, detail: String? = nil,
                window: WindowReport? = nil, manifest: ManifestReport? = nil, reconciliation: Reconciliation? = nil) {
        self.manifest = manifest; self.reconciliation = reconciliation
        self.executorId = executorId; self.outcome = outcome; self.counts = counts; self.retryCount = retryCount
        self.sourceRows = sourceRows; self.skips = skips; self.errorClass = errorClass; self.message = message
        self.detail = detail; self.window = window
    }
}
