/// `GET /v1/batch/job/{id}/steps/{step}/partitions`: the key ranges of one table's step in a job execution.
public struct StepPartitionsView: Codable, Sendable, Hashable {
    public var jobExecutionId: Int64
    public var stepName: String
    public var partitions: [StepPartitionView]
    public init(jobExecutionId: Int64, stepName: String, partitions: [StepPartitionView]) {
        self.jobExecutionId = jobExecutionId; self.stepName = stepName; self.partitions = partitions
    }
}

/// One range: its bounds (the key values as text; nil = unbounded), state and counts.
public struct StepPartitionView: Codable, Sendable, Hashable {
    public var partition: Int
    public var stepExecutionId: Int64
    /// Exclusive lower bound; nil = from the first key.
    public var lowerBound: [String?]?
    /// Inclusive upper bound; nil = to the last key.
    public var upperBound: [String?]?
    public var status: BatchStatus
    public var exitStatus: String
    public var exitMessage: String
    public var readCount: Int64
    public var writeCount: Int64
    public var commitCount: Int64
    public var writeSkipCount: Int64
    public var retryCount: Int
    /// Claims of this range's checkpoint so far (its lease epoch): 1 when one executor ran it once.
    public var claims: Int64
    public var executorId: String?
    public var startTime: String?
    public var endTime: String?

    public init(partition: Int, stepExecutionId: Int64, lowerBound: [String?]?, upperBound: [String?]?, status: BatchStatus,
                exitStatus: String, exitMessage: String, counts: StepCounts, retryCount: Int, claims: Int64,
                executorId: String?, startTime: String?, endTime: String?) {
        self.partition = partition; self.stepExecutionId = stepExecutionId; self.lowerBound = lowerBound
        self.upperBound = upperBound; self.status = status; self.exitStatus = exitStatus; self.exitMessage = exitMessage
        readCount = counts.readCount; writeCount = counts.writeCount; commitCount = counts.commitCount
        writeSkipCount = counts.writeSkipCount; self.retryCount = retryCount; self.claims = claims
        self.executorId = executorId; self.startTime = startTime; self.endTime = endTime
    }
}
