/// `GET /v1/batch/job/{id}/progress/samples`: a job execution's counts as they moved, sampled by the orchestrator
/// from the executors' progress reports (at least a second apart, sparser as a step runs longer), so a chart can
/// draw the rate over time instead of one average per step. Not a seed shape: Ferry's own.
public struct JobProgressSamples: Codable, Sendable, Hashable {
    public var jobExecutionId: Int64
    /// Every step execution of the job that started, in start order.
    public var steps: [StepProgressSamples]
    public init(jobExecutionId: Int64, steps: [StepProgressSamples]) {
        self.jobExecutionId = jobExecutionId; self.steps = steps
    }
}

public struct StepProgressSamples: Codable, Sendable, Hashable {
    public var stepExecutionId: Int64
    public var stepName: String
    /// ISO-8601 UTC with milliseconds; nil before the step started.
    public var startTime: String?
    public var endTime: String?
    /// Oldest first.
    public var samples: [ProgressSample]
    public init(stepExecutionId: Int64, stepName: String, startTime: String?, endTime: String?, samples: [ProgressSample]) {
        self.stepExecutionId = stepExecutionId; self.stepName = stepName; self.startTime = startTime
        self.endTime = endTime; self.samples = samples
    }
}

/// The step's counts at one instant.
public struct ProgressSample: Codable, Sendable, Hashable {
    /// ISO-8601 UTC with milliseconds.
    public var at: String
    public var readCount: Int64
    public var writeCount: Int64
    public init(at: String, readCount: Int64, writeCount: Int64) {
        self.at = at; self.readCount = readCount; self.writeCount = writeCount
    }
}
