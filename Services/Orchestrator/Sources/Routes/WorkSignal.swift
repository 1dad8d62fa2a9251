import Foundation
import NIOConcurrencyHelpers

/// Wakes long-polling claims when work may have become claimable (a launch, a restart, a step that ended and
/// so may free the next relational ordering). A generation counter: waiters compare it with the one they saw
/// before their last claim, so a signal between their claim and their wait is never missed.
final class WorkSignal: Sendable {
    private let generation = NIOLockedValueBox<UInt64>(0)

    var current: UInt64 { generation.withLockedValue { $0 } }

    func notify() { generation.withLockedValue { $0 &+= 1 } }

    /// Returns when notified after `seen`, at `deadline`, or when the task is cancelled (shutdown).
    func wait(after seen: UInt64, until deadline: ContinuousClock.Instant) async {
        while current == seen, ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}
