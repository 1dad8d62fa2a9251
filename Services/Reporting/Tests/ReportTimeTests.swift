@testable import ReportingService
import Foundation
import XCTest

/// The seeds' formats on their own.
final class ReportTimeTests: XCTestCase {
    func testParseAndISO() {
        let ms = ReportTime.parse("2024-12-06T10:30:00.268Z")
        XCTAssertEqual(ms, 1_733_481_000_268)
        XCTAssertEqual(ReportTime.iso(1_733_481_000_268), "2024-12-06T10:30:00.268Z")
        XCTAssertEqual(ReportTime.parse("2024-12-06T07:30:00-03:00"), 1_733_481_000_000)
        XCTAssertEqual(ReportTime.parse("2024-12-06"), 1_733_443_200_000)
        XCTAssertNil(ReportTime.parse("yesterday"))
        XCTAssertNil(ReportTime.parse(""))
        XCTAssertNil(ReportTime.parse(nil))
        XCTAssertEqual(ReportTime.normalizedISO("2024-12-06T10:30:00Z"), "2024-12-06T10:30:00.000Z")
        XCTAssertEqual(ReportTime.iso(0), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(ReportTime.iso(951_782_400_000), "2000-02-29T00:00:00.000Z")
    }

    func testLocalTimeInZones() throws {
        let ms = try XCTUnwrap(ReportTime.parse("2023-10-22T19:49:30.000Z"))
        XCTAssertEqual(ReportTime.local(ms, zone: try XCTUnwrap(TimeZone(identifier: "UTC"))), "22/10/2023 19:49")
        XCTAssertEqual(ReportTime.local(ms, zone: try XCTUnwrap(TimeZone(identifier: "America/Sao_Paulo"))), "22/10/2023 16:49")
        XCTAssertEqual(ReportTime.local(ms, zone: try XCTUnwrap(TimeZone(identifier: "Asia/Tokyo"))), "23/10/2023 04:49")
        // Daylight saving time is the zone's at that instant: Berlin is +1 in January, +2 in July.
        let berlin = try XCTUnwrap(TimeZone(identifier: "Europe/Berlin"))
        XCTAssertEqual(ReportTime.local(try XCTUnwrap(ReportTime.parse("2024-01-15T12:00:00Z")), zone: berlin), "15/01/2024 13:00")
        XCTAssertEqual(ReportTime.local(try XCTUnwrap(ReportTime.parse("2024-07-15T12:00:00Z")), zone: berlin), "15/07/2024 14:00")
    }

    func testElapsedAndDuration() {
        XCTAssertEqual(ReportTime.elapsed(268), "00:00:00:268")
        XCTAssertEqual(ReportTime.elapsed(3_723_004), "01:02:03:004")
        XCTAssertEqual(ReportTime.elapsed(100 * 3_600_000 + 1), "100:00:00:001")
        XCTAssertEqual(ReportTime.elapsed(-5), "00:00:00:000")
        XCTAssertEqual(ReportTime.duration(313_999), "00:05:13")
        XCTAssertEqual(ReportTime.duration(26 * 3_600_000), "26:00:00")
    }
}
