import NIOConcurrencyHelpers

/// The executors asking this orchestrator for work lately, so a split table's ranges spread over them instead of
/// going to whichever asks fastest (one executor with four slots took three of four ranges while a second waited).
/// An executor counts from its claim until its long poll would have ended plus ``grace``: an idle one asks again
/// within that, a busy one (no free slot) stops asking and drops out. Per orchestrator: with replicas each counts the
/// executors that reach it, which spreads as well when executors spread over them.
final class Claimants: Sendable {
    static let grace: Duration = .seconds(2)
    private let until = NIOLockedValueBox<[String: ContinuousClock.Instant]>([:])

    /// Notes `executorId`'s claim (it waits up to `waitMillis`) and answers how many executors count now, itself
    /// included.
    func note(_ executorId: String, waitMillis: Int, now: ContinuousClock.Instant = .now) -> Int {
        until.withLockedValue { u in
            u = u.filter { $0.value > now }
            u[executorId] = max(u[executorId] ?? now, now + .milliseconds(waitMillis) + Self.grace)
            return u.count
        }
    }
}
