import Foundation
import XCTest
@testable import FerrySQL
import FerryTime

/// Codecs and COPY framing without a server.
final class PostgresCodecTests: XCTestCase {
    static let edgeOIDs: [UInt32] = [20, 21, 23, 20, 700, 701, 1700, 16, 25, 1043, 17, 1082, 1114, 1184, 2950, 114]

    func encodeField(_ v: SQLValue, _ oid: UInt32) throws -> [UInt8] {
        var enc = BinaryCopyEncoder()
        try enc.append(v, oid: oid)
        return Array(enc.bytes.dropFirst(4))
    }

    func roundTrip(_ v: SQLValue, _ oid: UInt32) throws -> SQLValue {
        try encodeField(v, oid).withUnsafeBytes { try BinaryTupleDecoder.decode($0, oid: oid) }
    }

    func testNumericBinaryLayout() throws {
        // 12345.678 = [1][2345].[6780]: ndigits 3, weight 1, positive, dscale 3
        XCTAssertEqual(try encodeField(.decimal("12345.678"), PostgresOID.numeric),
                       [0, 3, 0, 1, 0, 0, 0, 3, 0, 1, 0x09, 0x29, 0x1A, 0x7C])
        // -0.00012 = 0.[0001][2000] × 10000^-1: weight -1, dscale 5
        XCTAssertEqual(try encodeField(.decimal("-0.00012"), PostgresOID.numeric),
                       [0, 2, 0xFF, 0xFF, 0x40, 0, 0, 5, 0, 1, 0x07, 0xD0])
        XCTAssertEqual(try encodeField(.decimal("0.00"), PostgresOID.numeric), [0, 0, 0, 0, 0, 0, 0, 2])
        XCTAssertEqual(try encodeField(.decimal("NaN"), PostgresOID.numeric), [0, 0, 0, 0, 0xC0, 0, 0, 0])
    }

    func testNumericRoundTrips() throws {
        for s in ["0", "0.00", "-1.5", "1", "10000", "9999.9999", "100000000", "-0.5", "0.0000000001",
                  "12345678901234567890123456.7890123456", "-99999999999999999999999999.9999999999",
                  "3.1400000000", "NaN", "Infinity", "-Infinity"] {
            XCTAssertEqual(try roundTrip(.decimal(s), PostgresOID.numeric), .decimal(s), s)
        }
        XCTAssertEqual(try roundTrip(.decimal("1e5"), PostgresOID.numeric), .decimal("100000"))
        XCTAssertEqual(try roundTrip(.decimal("1.5E-3"), PostgresOID.numeric), .decimal("0.0015"))
        XCTAssertEqual(try roundTrip(.double(1e-7), PostgresOID.numeric), .decimal("0.0000001"))
        XCTAssertEqual(try roundTrip(.int(-42), PostgresOID.numeric), .decimal("-42"))
        XCTAssertEqual(try roundTrip(.text(" 007.50 "), PostgresOID.numeric), .decimal("7.50"))
        XCTAssertThrowsError(try roundTrip(.text("12abc"), PostgresOID.numeric)) {
            XCTAssertEqual(($0 as? DriverError)?.sqlState, "22P02")
        }
    }

    func testIntegerConversionsAndRanges() throws {
        func expectError(_ v: SQLValue, _ oid: UInt32, _ state: SQLState, line: UInt = #line) {
            XCTAssertThrowsError(try roundTrip(v, oid), line: line) { e in
                XCTAssertEqual((e as? DriverError)?.sqlState, state, line: line)
                XCTAssertEqual((e as? DriverError)?.kind, .badData, line: line)
            }
        }
        XCTAssertEqual(try roundTrip(.int(32767), PostgresOID.int2), .int(32767))
        expectError(.int(32768), PostgresOID.int2, "22003")
        expectError(.int(Int64(Int32.min) - 1), PostgresOID.int4, "22003")
        expectError(.text("abc"), PostgresOID.int4, "22P02")
        expectError(.decimal("9223372036854775808"), PostgresOID.int8, "22003")
        expectError(.double(.nan), PostgresOID.int8, "22003")
        expectError(.date(1), PostgresOID.int4, "22P02")
        XCTAssertEqual(try roundTrip(.text("123"), PostgresOID.int4), .int(123))
        XCTAssertEqual(try roundTrip(.decimal("-9223372036854775808"), PostgresOID.int8), .int(Int64.min))
        XCTAssertEqual(try roundTrip(.decimal("2.5"), PostgresOID.int8), .int(3))          // numeric → int: half away from zero
        XCTAssertEqual(try roundTrip(.decimal("-2.5"), PostgresOID.int8), .int(-3))
        XCTAssertEqual(try roundTrip(.double(2.5), PostgresOID.int4), .int(2))            // float → int: half to even
        XCTAssertEqual(try roundTrip(.bool(true), PostgresOID.int2), .int(1))
    }

    func testOtherConversions() throws {
        XCTAssertEqual(try roundTrip(.decimal("0.1"), PostgresOID.float8), .double(0.1))
        XCTAssertEqual(try roundTrip(.text("0.1"), PostgresOID.float4), .double(Double(Float(0.1))))
        XCTAssertEqual(try roundTrip(.int(7), PostgresOID.text), .text("7"))
        XCTAssertEqual(try roundTrip(.text("yes"), PostgresOID.bool), .bool(true))
        XCTAssertEqual(try roundTrip(.timestamp(1_000_000), PostgresOID.timestamptz), .timestamptz(1_000_000))
        XCTAssertEqual(try roundTrip(.text("2024-02-29"), PostgresOID.date),
                       .date(Int32(TemporalFormat.days(year: 2024, month: 2, day: 29))))
        XCTAssertEqual(try roundTrip(.timestamp(TemporalFormat.microsPerDay * 3 - 1), PostgresOID.date), .date(2))
        XCTAssertEqual(try roundTrip(.text("2024-01-02T03:04:05.5+01:00"), PostgresOID.timestamptz),
                       .timestamptz(Int64(TemporalFormat.days(year: 2024, month: 1, day: 2)) * TemporalFormat.microsPerDay
                                    + (2 * 3600 + 4 * 60 + 5) * 1_000_000 + 500_000))
        XCTAssertEqual(try roundTrip(.text("12:30"), PostgresOID.time), .time((12 * 3600 + 30 * 60) * 1_000_000))
        let u = UUID()
        XCTAssertEqual(try roundTrip(.text(u.uuidString), PostgresOID.uuid), .uuid(u))
        XCTAssertEqual(try roundTrip(.int(5), PostgresOID.jsonb), .json("5"))
        XCTAssertEqual(try roundTrip(.text("a\"b"), PostgresOID.json), .json("a\"b"))
        XCTAssertEqual(try roundTrip(.date(0), PostgresOID.json), .json("\"1970-01-01\""))
        XCTAssertThrowsError(try roundTrip(.text("2023-02-29"), PostgresOID.date))
        XCTAssertThrowsError(try roundTrip(.text("x\u{0}y"), PostgresOID.text)) {
            XCTAssertEqual(($0 as? DriverError)?.sqlState, "22021")
        }
        XCTAssertThrowsError(try roundTrip(.int(1), PostgresOID.interval)) {
            XCTAssertEqual(($0 as? DriverError)?.kind, .permanent)
        }
        XCTAssertFalse(BinaryCopyEncoder.canEncode(oid: PostgresOID.interval))
        XCTAssertTrue(BinaryCopyEncoder.canEncode(oid: PostgresOID.jsonb))
    }

    func testTextDecoding() {
        func dec(_ s: String, _ oid: UInt32) -> SQLValue {
            Array(s.utf8).withUnsafeBytes { PostgresTextDecoder.decode($0, oid: oid) }
        }
        let jan2 = Int64(TemporalFormat.days(year: 2024, month: 1, day: 2)) * TemporalFormat.microsPerDay
        XCTAssertEqual(dec("-9223372036854775808", PostgresOID.int8), .int(Int64.min))
        XCTAssertEqual(dec("2024-01-02 03:04:05.123456+00", PostgresOID.timestamptz),
                       .timestamptz(jan2 + (3 * 3600 + 4 * 60 + 5) * 1_000_000 + 123_456))
        XCTAssertEqual(dec("2024-01-02 03:04:05.5+05:30", PostgresOID.timestamptz),
                       .timestamptz(jan2 + (3 * 3600 + 4 * 60 + 5 - 19_800) * 1_000_000 + 500_000))
        XCTAssertEqual(dec("0044-03-15 BC", PostgresOID.date), .date(Int32(TemporalFormat.days(year: -43, month: 3, day: 15))))
        XCTAssertEqual(dec("12345-01-01", PostgresOID.date), .date(Int32(TemporalFormat.days(year: 12345, month: 1, day: 1))))
        XCTAssertEqual(dec("-infinity", PostgresOID.timestamp), .timestamp(Int64.min))
        XCTAssertEqual(dec("infinity", PostgresOID.date), .date(Int32.max))
        XCTAssertEqual(dec("\\x00ff0a", PostgresOID.bytea), .bytes([0, 255, 10]))
        XCTAssertEqual(dec("a\\\\b\\001", PostgresOID.bytea), .bytes([97, 92, 98, 1]))
        XCTAssertEqual(dec("-Infinity", PostgresOID.float8), .double(-.infinity))
        XCTAssertEqual(dec("0.33333334", PostgresOID.float4), .double(Double(Float(1.0 / 3.0))))
        XCTAssertEqual(dec("1.50", PostgresOID.numeric), .decimal("1.50"))
        XCTAssertEqual(dec("1 day 02:00:00", PostgresOID.interval), .text("1 day 02:00:00"))
        XCTAssertEqual(PostgresTextDecoder.decode(nil, oid: PostgresOID.int4), .null)
        XCTAssertEqual(PGParamText.text(.date(Int32(TemporalFormat.days(year: -43, month: 3, day: 15)))), "0044-03-15 BC")
        XCTAssertEqual(PGParamText.text(.bytes([0, 0xAB])), "\\x00ab")
        XCTAssertEqual(PGParamText.text(.timestamptz(0)), "1970-01-01 00:00:00+00")
    }

    func testTypeNamesFromOIDs() {
        XCTAssertEqual(PostgresTypes.name(oid: PostgresOID.numeric, typmod: (15 << 16 | 2) + 4), "numeric(15,2)")
        XCTAssertEqual(PostgresTypes.name(oid: PostgresOID.bpchar, typmod: 14), "character(10)")
        XCTAssertEqual(PostgresTypes.sqlType(oid: PostgresOID.bpchar, typmod: 14), .char(length: 10))
        XCTAssertEqual(PostgresTypes.sqlType(oid: PostgresOID.varchar, typmod: 54), .text(maxLength: 50))
        XCTAssertEqual(PostgresTypes.sqlType(oid: PostgresOID.timestamptz), .timestamptz)
        XCTAssertEqual(PostgresTypes.sqlType(oid: PostgresOID.oid), .int64)
        XCTAssertEqual(PostgresTypes.sqlType(oid: 999_999), .other("oid 999999"))
    }

    // MARK: framing

    /// A COPY binary stream of EdgeRows 1...n as the server would send it.
    func edgeStream(_ n: Int) throws -> [UInt8] {
        var enc = BinaryCopyEncoder()
        enc.header()
        for i in 1...n {
            let row = EdgeRows.row(i)
            enc.beginTuple(fieldCount: row.count)
            for (v, oid) in zip(row, Self.edgeOIDs) { try enc.append(v, oid: oid) }
        }
        enc.trailer()
        return enc.bytes
    }

    /// Feeds `stream` to a framer cut into messages at `cuts`; answers the decoded rows.
    func frame(_ stream: [UInt8], messageSizes: [Int], expectTrailer: Bool = true) throws -> [[SQLValue]] {
        var messages: [[UInt8]] = []
        var at = 0, k = 0
        while at < stream.count {
            let size = min(messageSizes[k % messageSizes.count], stream.count - at)
            messages.append(Array(stream[at..<(at + size)])); at += size; k += 1
        }
        var fetched = 0
        var released = 0
        let decoder = BinaryTupleDecoder(oids: Self.edgeOIDs)
        var rows: [[SQLValue]] = []
        do {
            let framer = BinaryCopyFramer(release: { free($0); released += 1 })
            let fetch = { () -> BinaryCopyFramer.Message? in
                guard fetched < messages.count else { return nil }
                let m = messages[fetched]; fetched += 1
                let p = malloc(max(m.count, 1))!
                m.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: m.count) }
                return (p, m.count)
            }
            loop: while true {
                switch try framer.next(fetch: fetch, { rows.append(try decoder.decodeRow($0)) }) {
                case .tuple: break
                case .trailer: XCTAssertTrue(expectTrailer); break loop
                case .endedEarly: XCTAssertFalse(expectTrailer); break loop
                }
            }
        }
        XCTAssertEqual(released, fetched, "every message released")
        return rows
    }

    func testFramingAcrossArbitraryMessageBoundaries() throws {
        let n = 300
        let stream = try edgeStream(n)
        for sizes in [[stream.count], [1], [7, 1, 300, 19, 2], [19 + 40, 4096], [3, 5, 8, 13, 21, 34, 55, 89, 144, 233]] {
            let rows = try frame(stream, messageSizes: sizes)
            XCTAssertEqual(rows.count, n, "sizes \(sizes)")
            for (i, row) in rows.enumerated() where row != EdgeRows.row(i + 1) {
                XCTFail("sizes \(sizes): row \(i + 1) differs"); break
            }
        }
        // Cut short: the framer reports the early end after the complete tuples.
        let cut = try frame(Array(stream.dropLast(50)), messageSizes: [64], expectTrailer: false)
        XCTAssertEqual(cut.count, n - 1)
    }

    func testOwnedTupleMatchesView() throws {
        let stream = try edgeStream(7)
        var owned: [BinaryTuple] = []
        let framer = BinaryCopyFramer(release: { free($0) })
        var given = false
        let fetch = { () -> BinaryCopyFramer.Message? in
            guard !given else { return nil }
            given = true
            let p = malloc(stream.count)!
            stream.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: stream.count) }
            return (p, stream.count)
        }
        while case .tuple = try framer.next(fetch: fetch, { owned.append(BinaryTuple($0)) }) {}
        XCTAssertEqual(owned.count, 7)
        let decoder = BinaryTupleDecoder(oids: Self.edgeOIDs)
        XCTAssertEqual(try decoder.decodeRow(owned[1]), EdgeRows.row(2))
        XCTAssertEqual(owned[1].fieldCount, 16)
        XCTAssertEqual(owned[1].fieldBytes(0).map(Array.init), [0, 0, 0, 0, 0, 0, 0, 2])
        XCTAssertTrue(owned[6].isNull(1))                      // row 7: NULLs
        XCTAssertFalse(owned[6].isNull(0))
        XCTAssertEqual(owned[6].field(1).length, -1)
    }
}
