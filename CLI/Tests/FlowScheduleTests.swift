@testable import FerryCLI
import FerryModels
import Foundation
import XCTest

/// What `ferry flow create` accepts for a schedule, and how a schedule reads back.
final class FlowScheduleTests: XCTestCase {
    func testEveryFormsBecomeFrequencyAndInterval() throws {
        XCTAssertEqual(try FlowSchedule.every("15m").frequency, .minute)
        XCTAssertEqual(try FlowSchedule.every("15m").interval, 15)
        XCTAssertEqual(try FlowSchedule.every("2 hours").frequency, .hour)
        XCTAssertEqual(try FlowSchedule.every("1D").frequency, .day)
        XCTAssertEqual(try FlowSchedule.every("3w").interval, 3)
        for bad in ["5m", "0h", "h", "1 fortnight", "-2d", "1.5h"] {
            XCTAssertThrowsError(try FlowSchedule.every(bad), bad) { error in
                XCTAssertTrue((error as? CLIError)?.message.contains("--every '\(bad)'") == true, "\(error)")
            }
        }
    }

    func testStartIsNowEpochOrISO8601() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        XCTAssertEqual(try FlowSchedule.instant("now", option: "--start", now: now), 1_800_000_000)
        XCTAssertEqual(try FlowSchedule.instant("4102444800", option: "--start"), 4_102_444_800)
        XCTAssertEqual(try FlowSchedule.instant("2100-01-01T00:00:00Z", option: "--start"), 4_102_444_800)
        XCTAssertEqual(try FlowSchedule.instant("2100-01-01T01:00:00.5+01:00", option: "--start"), 4_102_444_800)
        XCTAssertEqual(try FlowSchedule.instant("2100-01-01", option: "--start"), 4_102_444_800)
        XCTAssertThrowsError(try FlowSchedule.instant("next tuesday", option: "--window-end")) { error in
            XCTAssertTrue((error as? CLIError)?.message.hasPrefix("bad --window-end 'next tuesday'") == true, "\(error)")
        }
    }

    func testScheduleReadsAsWords() {
        XCTAssertTrue(FlowSchedule.describe(ScheduleParams(startTime: 0, frequency: .minute, interval: 30, backfill: true))
            .hasPrefix("every 30 minutes from "))
        XCTAssertTrue(FlowSchedule.describe(ScheduleParams(startTime: 0, frequency: .minute, interval: 30, backfill: true))
            .hasSuffix("(backfill)"))
        XCTAssertTrue(FlowSchedule.describe(ScheduleParams(startTime: 0, frequency: .hour, interval: 1)).hasPrefix("every hour from "))
        XCTAssertTrue(FlowSchedule.describe(ScheduleParams(startTime: 0, frequency: .once)).hasPrefix("once at "))
    }
}
