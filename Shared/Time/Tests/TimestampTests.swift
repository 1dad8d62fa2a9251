import FerryTime
import Foundation
import XCTest

/// The one time type: ISO-8601 in and out, comparison and arithmetic as numbers, the reports' local forms.
final class TimestampTests: XCTestCase {
    func testParseAndISO() {
        XCTAssertEqual(Timestamp(iso: "2024-12-06T10:30:00.268Z")?.millis, 1_733_481_000_268)
        XCTAssertEqual(Timestamp(millis: 1_733_481_000_268).iso, "2024-12-06T10:30:00.268Z")
        XCTAssertEqual(Timestamp(iso: "2024-12-06T07:30:00-03:00")?.millis, 1_733_481_000_000)
        XCTAssertEqual(Timestamp(iso: "2024-12-06")?.millis, 1_733_443_200_000)
        XCTAssertEqual(Timestamp(iso: "2024-12-06 10:30:00.123456")?.micros, 1_733_481_000_123_456)
        XCTAssertNil(Timestamp(iso: "yesterday"))
        XCTAssertNil(Timestamp(iso: "infinity"))
        XCTAssertNil(Timestamp.parse(""))
        XCTAssertNil(Timestamp.parse(nil))
        XCTAssertEqual(Timestamp.normalizedISO("2024-12-06T10:30:00Z"), "2024-12-06T10:30:00.000Z")
        XCTAssertEqual(Timestamp.normalizedISO("not a time"), "not a time")
        XCTAssertEqual(Timestamp(millis: 0).iso, "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(Timestamp(millis: 951_782_400_000).iso, "2000-02-29T00:00:00.000Z")
        XCTAssertEqual(Timestamp(millis: -1).iso, "1969-12-31T23:59:59.999Z")
    }

    /// What text comparison got wrong: an offset, or a fraction missing, sorts by the characters, not the instant.
    func testComparesAsTime() throws {
        let utc = try XCTUnwrap(Timestamp(iso: "2024-12-06T10:30:00.500Z"))
        let earlierWithOffset = try XCTUnwrap(Timestamp(iso: "2024-12-06T11:30:00+02:00"))   // 09:30Z
        XCTAssertTrue(earlierWithOffset < utc)
        XCTAssertFalse("2024-12-06T11:30:00+02:00" < "2024-12-06T10:30:00.500Z")
        let noFraction = try XCTUnwrap(Timestamp(iso: "2024-12-06T10:30:00Z"))
        XCTAssertTrue(noFraction < utc)
        XCTAssertEqual(Timestamp(iso: "2024-12-06T10:30:00.000Z"), noFraction)
    }

    func testArithmetic() throws {
        let t = try XCTUnwrap(Timestamp(iso: "2024-12-31T23:59:30.250Z"))
        XCTAssertEqual(t.adding(seconds: 45).iso, "2025-01-01T00:00:15.250Z")
        XCTAssertEqual(t.adding(millis: -250).iso, "2024-12-31T23:59:30.000Z")
        XCTAssertEqual(t.adding(seconds: 45).millis(since: t), 45_000)
        XCTAssertEqual(t.millis(since: t.adding(seconds: 1)), -1000)
        XCTAssertEqual(Timestamp(epochSeconds: 1_733_481_000).iso, "2024-12-06T10:30:00.000Z")
        XCTAssertEqual(t.epochSeconds, 1_735_689_570)
        // A Date's double is not exact at a microsecond; the instant still is.
        XCTAssertEqual(Timestamp(Date(timeIntervalSince1970: 1_700_000_000.123)).iso, "2023-11-14T22:13:20.123Z")
    }

    func testCodableAsISOText() throws {
        struct Box: Codable, Equatable { var at: Timestamp }
        let data = try JSONEncoder().encode(Box(at: Timestamp(millis: 1_733_481_000_268)))
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"{"at":"2024-12-06T10:30:00.268Z"}"#)
        XCTAssertEqual(try JSONDecoder().decode(Box.self, from: Data(#"{"at":"2024-12-06T07:30:00.268-03:00"}"#.utf8)),
                       Box(at: Timestamp(millis: 1_733_481_000_268)))
        XCTAssertThrowsError(try JSONDecoder().decode(Box.self, from: Data(#"{"at":"soon"}"#.utf8)))
    }

    func testLocalTimeInZones() throws {
        let t = try XCTUnwrap(Timestamp(iso: "2023-10-22T19:49:30.000Z"))
        XCTAssertEqual(t.dayMonthYearMinutes(in: try XCTUnwrap(TimeZone(identifier: "UTC"))), "22/10/2023 19:49")
        XCTAssertEqual(t.dayMonthYearMinutes(in: try XCTUnwrap(TimeZone(identifier: "America/Sao_Paulo"))), "22/10/2023 16:49")
        XCTAssertEqual(t.dayMonthYearMinutes(in: try XCTUnwrap(TimeZone(identifier: "Asia/Tokyo"))), "23/10/2023 04:49")
        XCTAssertEqual(t.localDateTime(in: try XCTUnwrap(TimeZone(identifier: "Asia/Tokyo"))), "2023-10-23 04:49:30")
        // Daylight saving time is the zone's at that instant: Berlin is +1 in January, +2 in July.
        let berlin = try XCTUnwrap(TimeZone(identifier: "Europe/Berlin"))
        XCTAssertEqual(try XCTUnwrap(Timestamp(iso: "2024-01-15T12:00:00Z")).dayMonthYearMinutes(in: berlin), "15/01/2024 13:00")
        XCTAssertEqual(try XCTUnwrap(Timestamp(iso: "2024-07-15T12:00:00Z")).dayMonthYearMinutes(in: berlin), "15/07/2024 14:00")
    }

    func testElapsedText() {
        XCTAssertEqual(ElapsedText.withMillis(268), "00:00:00:268")
        XCTAssertEqual(ElapsedText.withMillis(3_723_004), "01:02:03:004")
        XCTAssertEqual(ElapsedText.withMillis(100 * 3_600_000 + 1), "100:00:00:001")
        XCTAssertEqual(ElapsedText.withMillis(-5), "00:00:00:000")
        XCTAssertEqual(ElapsedText.wholeSeconds(313_999), "00:05:13")
        XCTAssertEqual(ElapsedText.wholeSeconds(26 * 3_600_000), "26:00:00")
    }
}
