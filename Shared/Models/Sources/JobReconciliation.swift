/// `GET /v1/batch/job/{id}/reconciliation`: each step's check after its last commit (a split table's partitions
/// merged), with the differing keys.
public struct JobReconciliationView: Codable, Sendable, Hashable {
    public var jobExecutionId: Int64
    public var jobName: String
    public var batchStatus: BatchStatus
    public var steps: [StepReconciliationView]

    /// Steps that ran a check (option `reconcile` not off, a database target, not an incremental window).
    public var stepsChecked: Int { steps.filter { $0.reconciliation != nil }.count }
    /// Every check that ran compared equal (true when none ran).
    public var equal: Bool { steps.allSatisfy { $0.reconciliation?.equal ?? true } }

    public init(jobExecutionId: Int64, jobName: String, batchStatus: BatchStatus, steps: [StepReconciliationView]) {
        self.jobExecutionId = jobExecutionId; self.jobName = jobName; self.batchStatus = batchStatus; self.steps = steps
    }

    // The summary fields go out on the wire, computed from the steps; a decoder reads the steps only, so an answer
    // can never carry a summary that contradicts them.
    private enum CodingKeys: String, CodingKey { case jobExecutionId, jobName, batchStatus, stepsChecked, equal, steps }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(jobExecutionId: try c.decode(Int64.self, forKey: .jobExecutionId), jobName: try c.decode(String.self, forKey: .jobName),
                  batchStatus: try c.decode(BatchStatus.self, forKey: .batchStatus),
                  steps: try c.decode([StepReconciliationView].self, forKey: .steps))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(jobExecutionId, forKey: .jobExecutionId)
        try c.encode(jobName, forKey: .jobName)
        try c.encode(batchStatus, forKey: .batchStatus)
        try c.encode(stepsChecked, forKey: .stepsChecked)
        try c.encode(equal, forKey: .equal)
        try c.encode(steps, forKey: .steps)
    }
}

public struct StepReconciliationView: Codable, Sendable, Hashable {
    public var stepName: String
    public var batchStatus: BatchStatus
    /// Omitted for a step that ran no check.
    public var reconciliation: Reconciliation?
    /// The rows the step skipped on purpose (its writeSkipCount), when they are what its check found missing;
    /// omitted otherwise. The step's counts are not part of this answer, so this is not derivable from it.
    public var explainedBySkips: Int64?
    public init(stepName: String, batchStatus: BatchStatus, reconciliation: Reconciliation?, writeSkipCount: Int64 = 0) {
        self.stepName = stepName; self.batchStatus = batchStatus; self.reconciliation = reconciliation
        explainedBySkips = reconciliation?.differsOnlyBySkips(writeSkipCount) == true ? writeSkipCount : nil
    }
}
