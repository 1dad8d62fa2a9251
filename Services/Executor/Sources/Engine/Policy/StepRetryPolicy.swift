import FerryModels
import FerrySQL

/// Which step failures are tried again, and how patiently: transient ones (connection lost, server restarting,
/// deadlock, serialization) with backoff; bad data and permanent errors never. Each retry restarts the step from
/// the target's checkpoint, so a retry never writes a committed row twice.
struct StepRetryPolicy: Sendable, Equatable {
    var retries: RetryPolicy

    init(maxRetries: Int, backoff: [Duration]) {
        retries = RetryPolicy(maxAttempts: max(0, maxRetries) + 1, delays: backoff)
    }

    static let defaultBackoff: [Duration] = [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(15)]

    var maxRetries: Int { retries.maxAttempts - 1 }

    static func isRetryable(_ error: any Error) -> Bool { StepError.describe(error).kind == .transient }
}

/// A step failure as it is reported: its class (for retry and the report), the message for `exitMessage`, and
/// details (SQLSTATE, the failing statement) for `exceptionDetails`.
enum StepError {
    static func describe(_ error: any Error) -> (kind: DriverError.Kind, message: String, detail: String?) {
        switch error {
        case let f as StepFailure: return (f.kind, f.message, f.detail)
        case let d as DriverError:
            return (d.kind, d.description, d.details)
        case let p as ConnectionURL.Problem: return (.permanent, p.description, nil)
        default: return (.permanent, "\(error)", String(reflecting: error))
        }
    }
}
