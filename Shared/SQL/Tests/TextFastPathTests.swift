import Foundation
import XCTest
@testable import FerrySQL
import FerryTime

/// The per-value fast paths (ISO dates from bytes, doubles as decimals) answer exactly what the general
/// parsers answer, on the common forms and on the edges that must fall through to them.
final class TextFastPathTests: XCTestCase {
    func testISODateFastPathAgreesWithTheGeneralParser() {
        for s in ["2024-01-02", "1970-01-01", "0001-01-01", "9999-12-31", "2000-02-29", "1969-12-31", "2024-12-06"] {
            let fast = TemporalFormat.parseISODate(s[...])
            XCTAssertNotNil(fast, s)
            XCTAssertEqual(fast, Int32(TemporalFormat.days(year: Int(s.prefix(4))!, month: Int(s.dropFirst(5).prefix(2))!,
                                                           day: Int(s.suffix(2))!)), s)
            XCTAssertEqual(TemporalFormat.date(days: fast!), s, "round trip \(s)")
        }
        // Not the exact form: the fast path declines and the general parser decides.
        for s in ["2024-1-02", "+024-01-02", "2024/01/02", "2024-13-01", "2024-00-10", "2024-01-32", "20240102xx", "infinity",
                  "-0044-03-15", "2024-01-0a", ""] {
            XCTAssertNil(TemporalFormat.parseISODate(s[...]), s)
        }
        XCTAssertEqual(TemporalFormat.parseDate("infinity"), Int32.max)
        XCTAssertNil(TemporalFormat.parseDate("2024-13-01"))
        XCTAssertEqual(TemporalFormat.parseTimestamp("2024-01-02 03:04:05"), Int64(TemporalFormat.parseDate("2024-01-02")!) * 86_400_000_000 + 11_045_000_000)
    }

    func testDoublesAsDecimalsMatchTheCanonicalForm() {
        let values: [Double] = [0, -0.0, 17, -17, 0.04, 1234.5, -0.5, 0.1 + 0.2, 1e15, 1e16, 123456789012345, 1e-7, -2.5e-5,
                                3.14159, 99999.99, .nan, .infinity, -.infinity, Double(Int64.max), 4.35e20]
        for d in values {
            XCTAssertEqual(DecimalText.plain(d), DecimalText.canonical(SQLValue.format(double: d)) ?? SQLValue.format(double: d), "\(d)")
        }
        XCTAssertEqual(DecimalText.plain(17), "17.0")
        XCTAssertEqual(DecimalText.plain(0.04), "0.04")
        XCTAssertEqual(DecimalText.plain(1e-7), "0.0000001")
    }
}
