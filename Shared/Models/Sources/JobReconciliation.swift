/// `GET /v1/batch/job/{id}/reconciliation`: each step's check after its last commit (a split table's partitions
/// merged), with the differing keys.
public struct JobReconciliationView: Codable, Sendable, Hashable {
    public var jobExecutionId: Int64
    public var jobName: String
    public var batchStatus: BatchStatus
    /// Steps that ran a check (option `reconcile` not off, a database target, not an incremental window).
    public var stepsChecked: Int
    /// Every check that ran compared equal (true when none ran).
    public var equal: Bool
    public var steps: [StepReconciliationView]
    public init(jobExecutionId: Int64, jobName: String, batchStatus: BatchStatus, steps: [StepReconciliationView]) {
        self.jobExecutionId = jobExecutionId; self.jobName = jobName; self.batchStatus = batchStatus; self.steps = steps
        let checked = steps.compactMap(\.reconciliation)
        stepsChecked = checked.count
        equal = checked.allSatisfy(\.equal)
    }
}

public struct StepReconciliationView: Codable, Sendable, Hashable {
    public var stepName: String
    public var batchStatus: BatchStatus
    /// Omitted for a step that ran no check.
    public var reconciliation: Reconciliation?
    public init(stepName: String, batchStatus: BatchStatus, reconciliation: Reconciliation?) {
        self.stepName = stepName; self.batchStatus = batchStatus; self.reconciliation = reconciliation
    }
}
