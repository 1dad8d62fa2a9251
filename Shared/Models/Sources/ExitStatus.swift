/// Spring Batch's exit statuses (`ExitStatus`): how an execution or step ended, or that it is still executing.
/// `NOOP` is a step that never ran. The store keeps the raw value; the API answers it as text.
public enum ExitStatus: String, Codable, Sendable, CaseIterable {
    case unknown = "UNKNOWN"
    case executing = "EXECUTING"
    case completed = "COMPLETED"
    case noop = "NOOP"
    case failed = "FAILED"
    case stopped = "STOPPED"

    /// The exit status an execution ending in `status` gets (an ending that is not final stays UNKNOWN).
    public init(ending status: BatchStatus) {
        switch status {
        case .completed: self = .completed
        case .failed: self = .failed
        case .stopped: self = .stopped
        case .starting, .started, .stopping, .abandoned: self = .unknown
        }
    }
}
