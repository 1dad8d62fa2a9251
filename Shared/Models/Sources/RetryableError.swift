/// An error the caller may simply retry: the service's own database was out of reach for a moment (a restart, a
/// failover, a deadlock). Services answer it 503, which their HTTP clients retry, never 500.
public protocol RetryableError: Error {
    var isRetryable: Bool { get }
}
