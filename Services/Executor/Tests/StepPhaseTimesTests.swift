@testable import ExecutorService
import XCTest

/// A step's phase times: a phase sums what was added to it (a failed attempt's time counts too), and the log line
/// lists the phases entered in the order they happen.
final class StepPhaseTimesTests: XCTestCase {
    struct Boom: Error {}

    func testMeasureAddsUpAndCountsFailures() async throws {
        let times = StepPhaseTimes()
        times.add(.rows, .milliseconds(40))
        times.add(.rows, .milliseconds(2))
        do {
            try await times.measure(.connect) {
                try await Task.sleep(for: .milliseconds(5))
                throw Boom()
            }
            XCTFail("the body's error must come through")
        } catch is Boom {}
        XCTAssertEqual(times[.rows], .milliseconds(42))
        XCTAssertGreaterThan(times[.connect], .zero, "a phase that threw still took its time")
        XCTAssertEqual(times[.discover], .zero)
    }

    func testSummaryInPhaseOrder() {
        let times = StepPhaseTimes()
        times.add(.finishReport, .milliseconds(3))
        times.add(.credentials, .microseconds(1_500))
        times.add(.rows, .seconds(2))
        XCTAssertEqual(times.summary, "credentials 1.5 ms, rows 2000.0 ms, finish_report 3.0 ms")
    }
}
