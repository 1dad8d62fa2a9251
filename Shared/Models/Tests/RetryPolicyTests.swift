import FerryModels
import XCTest

/// The one backoff helper: how many tries, which pauses, which failures end it. Pauses are zero or
/// read from the hook, never timed.
final class RetryPolicyTests: XCTestCase {
    struct Flaky: Error, Equatable { let attempt: Int; var transient = true }

    func testRetriesTransientFailuresUntilSuccess() async throws {
        var pauses: [Duration] = []
        let policy = RetryPolicy(maxAttempts: 5, delays: [.zero])
        let value = try await policy.run(retryIf: { ($0 as? Flaky)?.transient == true },
                                         onRetry: { pauses.append($0.delay) }) { attempt -> Int in
            if attempt < 3 { throw Flaky(attempt: attempt) }
            return attempt
        }
        XCTAssertEqual(value, 3)
        XCTAssertEqual(pauses, [.zero, .zero])
    }

    func testGivesUpAfterMaxAttemptsWithTheLastError() async {
        var tries = 0
        do {
            _ = try await RetryPolicy(maxAttempts: 3, delays: []).run(retryIf: { _ in true }) { attempt -> Int in
                tries += 1
                throw Flaky(attempt: attempt)
            }
            XCTFail("no error")
        } catch {
            XCTAssertEqual(error as? Flaky, Flaky(attempt: 3))
        }
        XCTAssertEqual(tries, 3)
    }

    func testAFinalFailureIsNotRetried() async {
        var tries = 0
        do {
            _ = try await RetryPolicy(maxAttempts: 9, delays: [.zero]).run(retryIf: { ($0 as? Flaky)?.transient == true }) { a -> Int in
                tries += 1
                throw Flaky(attempt: a, transient: false)
            }
            XCTFail("no error")
        } catch {
            XCTAssertEqual(error as? Flaky, Flaky(attempt: 1, transient: false))
        }
        XCTAssertEqual(tries, 1)
    }

    func testAResultCanAskForAnotherTryAndTheLastIsReturned() async throws {
        var seen: [Int] = []
        let status = try await RetryPolicy(maxAttempts: 3, delays: [.zero]).run(retryWhen: { outcome in
            if case .success(let s) = outcome { return s == 503 }
            return false
        }, onRetry: { seen.append($0.failedAttempt) }) { _ in 503 }
        XCTAssertEqual(status, 503)
        XCTAssertEqual(seen, [1, 2])
    }

    func testDelaysFollowTheListAndTheLastRepeats() {
        let p = RetryPolicy(maxAttempts: 10, delays: [.seconds(1), .seconds(2), .seconds(4)])
        XCTAssertEqual((1...5).map(p.delay(after:)), [.seconds(1), .seconds(2), .seconds(4), .seconds(4), .seconds(4)])
        XCTAssertEqual(RetryPolicy(maxAttempts: 2, delays: []).delay(after: 1), .zero)
        XCTAssertEqual(RetryPolicy(maxAttempts: 0, delays: []).maxAttempts, 1)
    }

    func testCancellationStopsTheRetries() async {
        let task = Task {
            try await RetryPolicy(maxAttempts: 1000, delays: [.seconds(60)]).run(retryIf: { _ in true }) { a -> Int in
                throw Flaky(attempt: a)
            }
        }
        task.cancel()
        do {
            _ = try await task.value
            XCTFail("no error")
        } catch {
            // Either the first pause noticed the cancellation or the sleep was cut short; never 1000 tries.
            XCTAssertTrue(error is CancellationError, "\(error)")
        }
    }
}
