import FerryModels
@testable import OrchestratorService
import XCTest

/// The schedule arithmetic alone (no store): due ticks, the next tick, and catchUp's decisions.
final class FlowTicksTests: XCTestCase {
    let start: Int64 = 1_000_000
    var quarter: ScheduleParams { ScheduleParams(startTime: start, frequency: .minute, interval: 15) }

    func testDueTicks() {
        XCTAssertNil(FlowTicks.due(quarter, after: nil, now: start - 1))
        XCTAssertEqual(FlowTicks.due(quarter, after: nil, now: start)?.newest, start)
        let d = FlowTicks.due(quarter, after: start, now: start + 5 * 900 + 899)
        XCTAssertEqual(d?.count, 5)
        XCTAssertEqual(d?.oldest, start + 900)
        XCTAssertEqual(d?.newest, start + 5 * 900)
        XCTAssertNil(FlowTicks.due(quarter, after: start + 900, now: start + 1799))
        // A start years ago is arithmetic, not a loop.
        XCTAssertEqual(FlowTicks.due(quarter, after: nil, now: start + 900 * 1_000_000)?.count, 1_000_001)
        let once = ScheduleParams(startTime: start, frequency: .once)
        XCTAssertEqual(FlowTicks.due(once, after: nil, now: start + 10)?.newest, start)
        XCTAssertNil(FlowTicks.due(once, after: start, now: start + 10_000))
        let weekly = ScheduleParams(startTime: start, frequency: .week, interval: 2)
        XCTAssertEqual(FlowTicks.due(weekly, after: start, now: start + 14 * 86_400)?.newest, start + 14 * 86_400)
    }

    func testNextTick() {
        XCTAssertEqual(FlowTicks.next(quarter, after: nil, now: start - 100), start)
        XCTAssertEqual(FlowTicks.next(quarter, after: start, now: start + 10), start + 900)
        XCTAssertEqual(FlowTicks.next(quarter, after: start, now: start + 2000), start + 900, "due already: at once")
        XCTAssertNil(FlowTicks.next(ScheduleParams(startTime: start, frequency: .once), after: start, now: start + 1))
    }

    func testCatchUpDecisions() {
        let back = start + 5 * 900 + 30
        XCTAssertEqual(FlowTicks.decide(quarter, catchUp: .latest, lastTick: start, now: back), .launch(tick: start + 5 * 900))
        XCTAssertEqual(FlowTicks.decide(quarter, catchUp: .all, lastTick: start, now: back), .launch(tick: start + 900))
        XCTAssertEqual(FlowTicks.decide(quarter, catchUp: .skip, lastTick: start, now: back), .drop(through: start + 5 * 900))
        XCTAssertEqual(FlowTicks.decide(quarter, catchUp: .skip, lastTick: start, now: start + 905), .launch(tick: start + 900))
        XCTAssertEqual(FlowTicks.decide(quarter, catchUp: .skip, lastTick: start, now: start + 900 + 600),
                       .drop(through: start + 900), "seen too late for skip")
        XCTAssertEqual(FlowTicks.decide(quarter, catchUp: .skip, lastTick: nil, now: back), .launch(tick: start + 5 * 900),
                       "a new flow's first tick runs")
        // all is capped: after a long outage only the newest ten ticks are replayed.
        XCTAssertEqual(FlowTicks.decide(quarter, catchUp: .all, lastTick: start, now: start + 100 * 900),
                       .launch(tick: start + 91 * 900))
        XCTAssertEqual(FlowTicks.decide(quarter, catchUp: .latest, lastTick: start + 900, now: start + 1000), .none)
    }
}
