/// How often and how patiently one operation is tried again: Ferry's one backoff helper (Spring Batch
/// calls the same idea a `RetryTemplate` with a `RetryPolicy` and a `BackOffPolicy`).
///
/// ```swift
/// let policy = RetryPolicy(maxAttempts: 4, delays: [.milliseconds(25), .milliseconds(50), .milliseconds(75)])
/// let rows = try await policy.run(retryIf: { ($0 as? DriverError)?.kind == .transient }) { attempt in
///     try await store.transaction(body)
/// }
/// ```
///
/// Which failures are worth another try is the caller's knowledge (transient SQLSTATEs, a curl reset,
/// a 503), so the policy takes it as a closure; the policy itself only counts and waits.
public struct RetryPolicy: Sendable, Equatable {
    /// Tries in all, the first included (1 = never retry).
    public var maxAttempts: Int
    /// The pause before the n-th retry is `delays[n - 1]`; the last entry repeats. Empty = no pause.
    public var delays: [Duration]

    public init(maxAttempts: Int, delays: [Duration]) {
        self.maxAttempts = max(1, maxAttempts)
        self.delays = delays
    }

    /// One try only.
    public static let never = RetryPolicy(maxAttempts: 1, delays: [])

    /// The pause after the failed attempt `attempt` (1-based) and before the next one.
    public func delay(after attempt: Int) -> Duration {
        guard let last = delays.last else { return .zero }
        return attempt >= 1 && attempt <= delays.count ? delays[attempt - 1] : last
    }

    /// What a retry hook is told: the attempt that just failed (1-based), the pause before the next,
    /// and why the attempt failed.
    public struct Retry: Sendable {
        public let failedAttempt: Int
        public let delay: Duration
        public let error: (any Error)?
    }

    /// Runs `body` until it succeeds, `retryIf` says a failure is final, or the attempts are used up;
    /// then rethrows the last error. `body` gets the 1-based attempt number. `onRetry` runs before each
    /// pause (logging, counting). A cancelled task stops at the next pause with `CancellationError`.
    public func run<T>(
        isolation: isolated (any Actor)? = #isolation,
        retryIf: (any Error) -> Bool,
        onRetry: (Retry) -> Void = { _ in },
        _ body: (Int) async throws -> T
    ) async throws -> T {
        try await run(isolation: isolation, retryWhen: { result in
            if case .failure(let error) = result { return retryIf(error) }
            return false
        }, onRetry: onRetry, body)
    }

    /// Like ``run(isolation:retryIf:onRetry:_:)`` but a *result* may ask for another try as well (an
    /// HTTP 503): `retryWhen` sees each outcome. When the attempts are used up, the last result is
    /// returned as it is (or its error thrown).
    public func run<T>(
        isolation: isolated (any Actor)? = #isolation,
        retryWhen: (Result<T, any Error>) -> Bool,
        onRetry: (Retry) -> Void = { _ in },
        _ body: (Int) async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            let outcome: Result<T, any Error>
            do { outcome = .success(try await body(attempt)) } catch { outcome = .failure(error) }
            guard attempt < maxAttempts, retryWhen(outcome) else { return try outcome.get() }
            let pause = delay(after: attempt)
            var failure: (any Error)?
            if case .failure(let error) = outcome { failure = error }
            onRetry(Retry(failedAttempt: attempt, delay: pause, error: failure))
            if pause > .zero { try await Task.sleep(for: pause) } else { try Task.checkCancellation() }
            attempt += 1
        }
    }
}
