import Foundation
import NIOConcurrencyHelpers

/// Wakes long-polling claims when work may have become claimable (a launch, a restart, a step that ended and
/// so may free the next relational ordering). A generation counter: waiters compare it with the one they saw
/// before their last claim, so a signal between their claim and their wait is never missed. A waiter is parked
/// (no timer ticks while nothing happens) and resumed by the notify, its deadline or cancellation, whichever
/// comes first.
final class WorkSignal: Sendable {
    /// A waiter from the start of its wait: registered, then parked on its continuation. Gone once resumed.
    private enum Slot {
        case registered
        case parked(CheckedContinuation<Void, Never>)
    }
    private struct State {
        var generation: UInt64 = 0
        var waiters: [UInt64: Slot] = [:]
        var nextWaiter: UInt64 = 0
    }
    private let state = NIOLockedValueBox(State())

    var current: UInt64 { state.withLockedValue { $0.generation } }

    func notify() {
        let woken = state.withLockedValue { s in
            s.generation &+= 1
            defer { s.waiters = [:] }
            return s.waiters.values.compactMap { slot -> CheckedContinuation<Void, Never>? in
                if case .parked(let c) = slot { return c }
                return nil
            }
        }
        for c in woken { c.resume() }
    }

    /// Returns when notified after `seen`, at `deadline`, or when the task is cancelled (shutdown).
    func wait(after seen: UInt64, until deadline: ContinuousClock.Instant) async {
        let id = state.withLockedValue { s in
            s.nextWaiter &+= 1
            s.waiters[s.nextWaiter] = .registered
            return s.nextWaiter
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.park(id, after: seen) }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                self.resume(id)   // the deadline, or cancellation (the sleep ends early): no longer wait
            }
            await group.next()
            group.cancelAll()
        }
    }

    private func park(_ id: UInt64, after seen: UInt64) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLockedValue { s in
                // Notified, or resumed by the deadline before parking: return at once.
                guard s.generation == seen, s.waiters[id] != nil else { s.waiters[id] = nil; return true }
                s.waiters[id] = .parked(c)
                return false
            }
            if now { c.resume() }
        }
    }

    /// Ends waiter `id`'s wait: taken out under the lock, so its continuation is resumed exactly once.
    private func resume(_ id: UInt64) {
        if case .parked(let c) = state.withLockedValue({ $0.waiters.removeValue(forKey: id) }) { c.resume() }
    }
}
