import Foundation
import XCTest
@testable import FerrySQL
import FerryTime

/// Binary COPY in and out against a live server.
final class PostgresCopyTests: PostgresTestBase {
    func testBinaryCopyRoundTrip100k() throws {
        let n = 100_000
        XCTAssertEqual(try loadEdgeRows("edge", 1...n), n)
        let oids = try conn.columnTypeOIDs(of: TableRef(name: "edge"))
        XCTAssertEqual(oids, [20, 21, 23, 20, 700, 701, 1700, 16, 25, 1043, 17, 1082, 1114, 1184, 2950, 114])

        // Binary read-back, value for value.
        let decoder = BinaryTupleDecoder(oids: oids)
        let out = try conn.copyOut("SELECT * FROM edge ORDER BY id")
        var i = 0
        while let row = try out.withNextTuple({ try decoder.decodeRow($0) }) {
            i += 1
            assertEdgeRow(row, i)
            if testRun?.failureCount ?? 0 > 20 { return }         // one broken codec would print 100k lines
        }
        XCTAssertEqual(i, n)
        XCTAssertEqual(out.tupleCount, n)
        XCTAssertNil(try out.withNextTuple { _ in 1 }, "stays at the end")

        // The connection is free again; the text paths decode the same values.
        let sample = try conn.query("SELECT * FROM edge WHERE id % 997 = 1 ORDER BY id")
        XCTAssertEqual(sample.rows.count, (n - 1) / 997 + 1)
        for row in sample.rows { assertEdgeRow(row, Int(row[0].int64!)) }

        let cursor = try conn.openCursor("SELECT * FROM edge WHERE id <= $1 ORDER BY id", [.int(5000)])
        XCTAssertEqual(cursor.columns.map(\.name), EdgeRows.columns)
        XCTAssertEqual(cursor.columns[6].nativeType, "numeric(38,10)")
        XCTAssertEqual(cursor.columns[6].type, .decimal(precision: 38, scale: 10))
        XCTAssertEqual(cursor.columns[9].type, .text(maxLength: 50))
        XCTAssertEqual(cursor.columns[13].type, .timestamptz)
        var batch = RowBatch(columnCount: EdgeRows.columns.count)
        var seen = 0
        while try cursor.next(into: &batch, maxRows: 777) > 0 {
            for r in 0..<batch.rowCount { seen += 1; assertEdgeRow(Array(batch.row(r)), seen) }
            batch.removeAll()
        }
        XCTAssertEqual(seen, 5000)
        cursor.close()
    }

    /// PG→PG with identical types: tuples are forwarded unchanged; only the key is decoded.
    func testRawTuplePassthrough() throws {
        let n = 20_000
        try loadEdgeRows("a", 1...n)
        try conn.execute("CREATE TABLE b (\(EdgeRows.postgresDDL))")
        let writer = try secondConnection()
        try writer.copyIn("COPY b FROM STDIN (FORMAT binary)")
        var enc = BinaryCopyEncoder()
        enc.header()
        var lastKey: Int64 = 0
        let out = try conn.copyOut("SELECT * FROM a ORDER BY id")
        while try out.withNextTuple({ (t: BinaryTupleView) throws -> Void in
            enc.appendRawTuple(t.bytes)
            lastKey = try BinaryTupleDecoder.decode(t.fieldBytes(0), oid: PostgresOID.int8).int64 ?? -1
        }) != nil {
            if enc.count >= BinaryCopyEncoder.flushThreshold { try writer.putCopyData(&enc) }
        }
        enc.trailer()
        try writer.putCopyData(&enc)
        XCTAssertEqual(try writer.endCopy(), n)
        XCTAssertEqual(lastKey, Int64(n))
        let source = try md5("a"), target = try md5("b")
        XCTAssertEqual(source.count, 32)
        XCTAssertEqual(source, target)
    }

    /// Values the EdgeRows do not cover: time, BC dates, infinities, NaN, jsonb, and every way in
    /// (binary COPY, text parameters) and out (binary COPY, text results) agreeing.
    func testSpecialValuesAllPaths() throws {
        try conn.execute("CREATE TABLE s (id int4, tm time, d date, ts timestamp, tz timestamptz, n numeric, f4 float4, f8 float8, jb jsonb, c char(4))")
        let oids = try conn.columnTypeOIDs(of: TableRef(name: "s"))
        let day = TemporalFormat.days(year: -43, month: 3, day: 15)            // 44 BC
        let rows: [[SQLValue]] = [
            [.int(1), .time(0), .date(Int32(day)), .timestamp(Int64(day) * TemporalFormat.microsPerDay + 1),
             .timestamptz(Int64.max), .decimal("NaN"), .double(.nan), .double(-.infinity), .json("{\"a\": [1, 2]}"), .text("ab")],
            [.int(2), .time(86_399_999_999), .date(Int32.max), .timestamp(Int64.min), .timestamptz(-1),
             .decimal("-Infinity"), .double(.infinity), .double(-0.0), .json("[]"), .text("abcd")],
            [.int(3), .time(TemporalFormat.microsPerDay), .date(Int32.min), .timestamp(0), .timestamptz(1_700_000_000_123_456),
             .decimal("123456789012345678901234567890.000000000000000000001"), .double(Double(Float.leastNonzeroMagnitude)),
             .double(Double.leastNonzeroMagnitude), .json("\"x\""), .null],
        ]
        try conn.copyIn("COPY s FROM STDIN (FORMAT binary)")
        var enc = BinaryCopyEncoder()
        enc.header()
        for row in rows {
            enc.beginTuple(fieldCount: row.count)
            for (v, oid) in zip(row, oids) { try enc.append(v, oid: oid) }
        }
        enc.trailer()
        try conn.putCopyData(&enc)
        XCTAssertEqual(try conn.endCopy(), rows.count)
        // Same rows through text parameters (ids + 10).
        for row in rows {
            try conn.execute("INSERT INTO s VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", [.int(row[0].int64! + 10)] + row.dropFirst())
        }
        let expected = rows.map { r -> [SQLValue] in
            var r = r
            if r[9] == .text("ab") { r[9] = .text("ab  ") }                    // char(4) pads
            return r
        }
        func check(_ got: [SQLValue], _ want: [SQLValue], _ path: String) {
            for (c, (g, w)) in zip(got, want).enumerated().dropFirst() {
                switch (g, w) {
                case (.double(let a), .double(let b)):
                    XCTAssertTrue(a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN), "\(path) col \(c): \(a) vs \(b)")
                default:
                    XCTAssertEqual(Self.normalised(g), Self.normalised(w), "\(path) col \(c)")
                }
            }
        }
        let text = try conn.query("SELECT * FROM s ORDER BY id")
        XCTAssertEqual(text.rows.count, 6)
        for (k, row) in text.rows.enumerated() { check(row, expected[k % 3], "text row \(k)") }
        let decoder = BinaryTupleDecoder(oids: oids)
        let out = try conn.copyOut("SELECT * FROM s ORDER BY id")
        var k = 0
        while let row = try out.withNextTuple({ try decoder.decodeRow($0) }) { check(row, expected[k % 3], "binary row \(k)"); k += 1 }
        XCTAssertEqual(k, 6)
        // PostgreSQL's own rendering agrees with ours for the BC date and the exact numeric.
        let shown = try conn.query("SELECT d::text, n::text FROM s WHERE id = 1 OR id = 3 ORDER BY id")
        XCTAssertEqual(shown.rows[0][0], .text("0044-03-15 BC"))
        XCTAssertEqual(shown.rows[1][1], .text("123456789012345678901234567890.000000000000000000001"))
    }

    func testCopyInBadRowsCarrySQLState() throws {
        try conn.execute("CREATE TABLE k (id int4 PRIMARY KEY, v int2 NOT NULL)")
        let oids = try conn.columnTypeOIDs(of: TableRef(name: "k"))
        // Client-side: an out-of-range value is refused and its tuple dropped, the rest loads.
        try conn.copyIn("COPY k FROM STDIN (FORMAT binary)")
        var enc = BinaryCopyEncoder()
        enc.header()
        for (id, v) in [(1, SQLValue.int(5)), (2, .int(70_000)), (3, .text(" 7 ")), (4, .text("seven"))] {
            enc.beginTuple(fieldCount: 2)
            do {
                try enc.append(.int(Int64(id)), oid: oids[0])
                try enc.append(v, oid: oids[1])
            } catch let e as DriverError {
                XCTAssertEqual(e.kind, .badData)
                XCTAssertEqual(e.sqlState, id == 2 ? "22003" : "22P02")
                enc.discardTuple()
            }
        }
        enc.trailer()
        try conn.putCopyData(&enc)
        XCTAssertEqual(try conn.endCopy(), 2)

        // Server-side: a duplicate key fails the whole COPY with 23505.
        try conn.copyIn("COPY k FROM STDIN (FORMAT binary)")
        enc.header()
        for id in [10, 11, 10] {
            enc.beginTuple(fieldCount: 2)
            try enc.append(.int(Int64(id)), oid: oids[0])
            try enc.append(.int(1), oid: oids[1])
        }
        enc.trailer()
        try conn.putCopyData(&enc)
        XCTAssertThrowsError(try conn.endCopy()) { e in
            let d = e as? DriverError
            XCTAssertEqual(d?.sqlState, "23505")
            XCTAssertEqual(d?.kind, .badData)
        }
        // NULL into NOT NULL: 23502.
        try conn.copyIn("COPY k FROM STDIN (FORMAT binary)")
        enc.header()
        enc.beginTuple(fieldCount: 2)
        try enc.append(.int(20), oid: oids[0])
        enc.appendNull()
        enc.trailer()
        try conn.putCopyData(&enc)
        XCTAssertThrowsError(try conn.endCopy()) { XCTAssertEqual(($0 as? DriverError)?.sqlState, "23502") }

        // abortCopy discards what was sent.
        try conn.copyIn("COPY k FROM STDIN (FORMAT binary)")
        enc.header()
        enc.beginTuple(fieldCount: 2)
        try enc.append(.int(30), oid: oids[0])
        try enc.append(.int(1), oid: oids[1])
        try conn.putCopyData(&enc)
        conn.abortCopy("test abort")
        XCTAssertEqual(try conn.query("SELECT count(*), sum(id) FROM k").rows[0], [.int(2), .int(4)])
    }

    func testCopyOutCancelLeavesConnectionUsable() throws {
        let out = try conn.copyOut("SELECT g, repeat('x', 100) FROM generate_series(1, 20000000) g")
        var got = 0
        while got < 10, try out.withNextTuple({ _ in }) != nil { got += 1 }
        XCTAssertThrowsError(try conn.query("SELECT 1"), "busy while the COPY streams")
        let start = Date()
        out.cancel()
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertNil(try out.withNextTuple { _ in 1 })
        XCTAssertEqual(try conn.query("SELECT 41 + 1").rows[0][0], .int(42))
    }

    func testCopyOutErrorMidStream() throws {
        let out = try conn.copyOut("SELECT 1 / (g - 500) FROM generate_series(1, 1000) g")
        var n = 0
        XCTAssertThrowsError(try { while try out.withNextTuple({ _ in }) != nil { n += 1 } }()) { e in
            XCTAssertEqual((e as? DriverError)?.sqlState, "22012")
        }
        XCTAssertLessThan(n, 500)
        XCTAssertEqual(try conn.query("SELECT 'still fine'").rows[0][0], .text("still fine"))
    }

    func testCopyOutOfBadStatementThrows() throws {
        XCTAssertThrowsError(try conn.copyOut("SELECT * FROM no_such_table")) { e in
            XCTAssertEqual((e as? DriverError)?.sqlState, "42P01")
            XCTAssertEqual((e as? DriverError)?.kind, .permanent)
        }
        XCTAssertEqual(try conn.query("SELECT 1").rows[0][0], .int(1))
    }

    /// A COPY started through plain execute is ended, not left hanging.
    func testCopyThroughExecuteIsRefused() throws {
        try conn.execute("CREATE TABLE c (x int)")
        XCTAssertThrowsError(try conn.execute("COPY c FROM STDIN"))
        XCTAssertThrowsError(try conn.execute("COPY (SELECT generate_series(1, 1000000)) TO STDOUT"))
        XCTAssertEqual(try conn.query("SELECT count(*) FROM c").rows[0][0], .int(0))
    }
}
