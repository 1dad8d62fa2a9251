@testable import OrchestratorService
import XCTest

/// The long poll's wake-up: a parked claim returns on a notify long before its deadline, at its deadline when
/// nothing happens, at once when work was signalled before it parked, and when its task is cancelled (shutdown).
final class WorkSignalTests: XCTestCase {
    func testNotifyWakesAParkedWaiter() async throws {
        let signal = WorkSignal()
        let seen = signal.current
        let deadline = ContinuousClock.now + .seconds(60)
        let waiter = Task { await signal.wait(after: seen, until: deadline); return ContinuousClock.now }
        try await Task.sleep(for: .milliseconds(50))   // parked by now (if not, it sees the new generation: same end)
        signal.notify()
        let woke = await waiter.value
        XCTAssertLessThan(woke, deadline, "the notify must end the wait, not its deadline")
        XCTAssertNotEqual(signal.current, seen)
    }

    func testDeadlineEndsAQuietWait() async {
        let signal = WorkSignal()
        let deadline = ContinuousClock.now + .milliseconds(30)
        await signal.wait(after: signal.current, until: deadline)
        XCTAssertGreaterThanOrEqual(ContinuousClock.now, deadline)
    }

    func testSignalBeforeTheWaitIsNotMissed() async {
        let signal = WorkSignal()
        let seen = signal.current
        signal.notify()
        let deadline = ContinuousClock.now + .seconds(60)
        await signal.wait(after: seen, until: deadline)
        XCTAssertLessThan(ContinuousClock.now, deadline)
    }

    func testCancellationEndsTheWait() async {
        let signal = WorkSignal()
        let deadline = ContinuousClock.now + .seconds(60)
        let waiter = Task { await signal.wait(after: signal.current, until: deadline) }
        waiter.cancel()
        await waiter.value
        XCTAssertLessThan(ContinuousClock.now, deadline)
        // Many waiters, one notify: every one returns.
        let seen = signal.current
        let many = (0..<20).map { _ in Task { await signal.wait(after: seen, until: ContinuousClock.now + .seconds(60)) } }
        try? await Task.sleep(for: .milliseconds(50))
        signal.notify()
        for w in many { await w.value }
        XCTAssertLessThan(ContinuousClock.now, deadline)
    }
}
