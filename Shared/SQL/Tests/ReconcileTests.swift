import Foundation
import FerryModels
import XCTest
@testable import FerrySQL

/// Reconciliation's digests (SPEC §3): the canonical text of every SPEC type is the same on PostgreSQL (in SQL),
/// on SQLite (Ferry's registered functions) and streamed through ODBC (hashed by Ferry), so equal rows give equal
/// digests; and the reconciler names exactly the keys that differ.
final class ReconcileTests: PostgresTestBase {
    func side(_ c: any SQLConnection, _ ref: TableRef) throws -> ReconcileTable {
        let info = try XCTUnwrap(try c.describeTable(ref))
        return ReconcileTable(table: info.ref, columns: info.columns, key: info.primaryKey)
    }

    /// PostgreSQL's SQL canonical text and hash equal Ferry's own, value by value and row by row.
    func testPostgresSQLHashesEqualFerrysForEveryType() throws {
        try ReconcileRows.loadPostgres("canon", on: conn)
        let t = try side(conn, TableRef(schema: schema, name: "canon"))
        let types = t.columns.map(\.type)
        let cursor = try conn.openCursor("SELECT * FROM \(q("canon")) ORDER BY id", [])
        let values = try DriverTestSupport.drain(cursor)
        let (listed, complete) = try RangeDigester.keys(conn, t, .all, withHash: true, limit: 1000)
        XCTAssertTrue(complete)
        XCTAssertEqual(listed.count, ReconcileRows.rows.count)
        for (row, got) in zip(values, listed) {
            XCTAssertEqual(got.hash, RowHash(row[...], types: types).hex, "row \(row[0])")
        }
        // Column by column, so a mismatch names its type.
        for (i, col) in t.columns.enumerated() {
            let expr = PostgresCanonicalSQL.text(q(col.name), col.type)
            let texts = try conn.query("SELECT \(expr) AS ferry_x FROM \(q("canon")) ORDER BY id").rows.map { $0[0].string }
            for (r, text) in zip(values, texts) {
                XCTAssertEqual(text, CanonicalText.of(r[i], as: col.type), "column \(col.name) of row \(r[0])")
            }
        }
        var digest = RangeDigest()
        for r in values { digest.add(RowHash(r[...], types: types)) }
        XCTAssertEqual(try RangeDigester.digest(conn, t, .all), digest)
    }

    /// The same rows digest alike on PostgreSQL (SQL), SQLite (registered functions) and ODBC (streamed).
    func testSameRowsSameDigestOnPostgresSQLiteAndODBC() throws {
        try ReconcileRows.loadPostgres("same", on: conn)
        let dir = try DriverTestSupport.temporaryDirectory("reconcile")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("t.db").path
        let lite = try SQLiteConnection(path: path)
        defer { lite.close() }
        try ReconcileRows.loadSQLite("same", on: lite)

        let pg = try side(conn, TableRef(schema: schema, name: "same"))
        let sl = try side(lite, TableRef(name: "same"))
        XCTAssertEqual(sl.columns.map(\.name), pg.columns.map(\.name))
        let pgDigest = try RangeDigester.digest(conn, pg, .all)
        XCTAssertEqual(pgDigest.rows, Int64(ReconcileRows.rows.count))
        XCTAssertEqual(try RangeDigester.digest(lite, sl, .all), pgDigest)
        let pgKeys = try RangeDigester.keys(conn, pg, .all, withHash: true, limit: 1000).rows
        let slKeys = try RangeDigester.keys(lite, sl, .all, withHash: true, limit: 1000).rows
        for (a, b) in zip(pgKeys, slKeys) { XCTAssertEqual(a, b) }
        XCTAssertEqual(pgKeys.count, slKeys.count)

        // Streamed through Ferry (the ODBC strategy), the same rows hash alike.
        XCTAssertEqual(try RangeDigester.digest(lite, sl, .all, how: .streamed), pgDigest)
        // Through the SQLite ODBC driver (which rounds REAL to 15 digits: a driver limit), every other column.
        let odbc = try ODBCConnection(connectionString: "Driver=SQLite3;Database=\(path);")
        defer { odbc.close() }
        XCTAssertEqual(RangeDigester.strategy(odbc, sl), .streamed)
        let exact = sl.columns.filter { $0.name != "f4" && $0.name != "f8" }
        let viaODBC = ReconcileTable(table: TableRef(name: "same"), columns: exact, key: sl.key)
        let viaSQLite = ReconcileTable(table: TableRef(name: "same"), columns: exact, key: sl.key)
        XCTAssertEqual(try RangeDigester.digest(odbc, viaODBC, .all), try RangeDigester.digest(lite, viaSQLite, .all))
    }

    /// A digest sees what a count cannot: one changed value changes it, so does a lost scale or a zone shift.
    func testDigestChangesWithOneValueLostScaleAndShiftedZone() throws {
        try ReconcileRows.loadPostgres("d", on: conn)
        let t = try side(conn, TableRef(schema: schema, name: "d"))
        let before = try RangeDigester.digest(conn, t, .all)
        try conn.execute("UPDATE \(q("d")) SET n2 = 1.5 WHERE id = 4")   // 1.50 → 1.5: the same value
        XCTAssertEqual(try RangeDigester.digest(conn, t, .all), before)
        try conn.execute("UPDATE \(q("d")) SET n2 = round(n2, 1) WHERE id = 2")   // 0.00 stays 0.0: equal
        XCTAssertEqual(try RangeDigester.digest(conn, t, .all), before)
        try conn.execute("UPDATE \(q("d")) SET t = t WHERE id = 3")
        XCTAssertEqual(try RangeDigester.digest(conn, t, .all), before)
        try conn.execute("UPDATE \(q("d")) SET tstz = tstz + interval '3 hours' WHERE id = 5")
        let shifted = try RangeDigester.digest(conn, t, .all)
        XCTAssertNotEqual(shifted, before)
        XCTAssertEqual(shifted.rows, before.rows)
    }

    func testCanonicalTextSpellings() {
        XCTAssertEqual(CanonicalText.of(.decimal("1.50"), as: .decimal(precision: 12, scale: 2)), "1.5")
        XCTAssertEqual(CanonicalText.of(.double(1.5), as: .float64), "1.5")
        XCTAssertEqual(CanonicalText.of(.decimal("1.6"), as: .decimal(precision: 12, scale: 1)), "1.6")
        XCTAssertNotEqual(CanonicalText.of(.decimal("1.57"), as: .decimal(precision: 12, scale: 2)), "1.6")
        XCTAssertEqual(CanonicalText.of(.double(-0.0), as: .float64), "0")
        XCTAssertEqual(CanonicalText.of(.decimal("-0.00"), as: .decimal(precision: nil, scale: nil)), "0")
        XCTAssertEqual(CanonicalText.of(.double(1e22), as: .float64), "10000000000000000000000")
        XCTAssertEqual(CanonicalText.of(.double(1e-5), as: .float64), "0.00001")
        XCTAssertEqual(CanonicalText.of(.int(100), as: .int64), "100")
        XCTAssertEqual(CanonicalText.of(.bool(true), as: .bool), "true")
        XCTAssertEqual(CanonicalText.of(.bytes([0, 0xAB]), as: .bytes), "00ab")
        XCTAssertEqual(CanonicalText.of(.timestamptz(0), as: .timestamptz), "1970-01-01T00:00:00.000000")
        XCTAssertEqual(CanonicalText.of(.text("ab  "), as: .char(length: 4)), "ab")
        XCTAssertNil(CanonicalText.of(.null, as: .text(maxLength: nil)))
        XCTAssertNotEqual(RowHash(canonical: [nil]), RowHash(canonical: [""]))
        XCTAssertNotEqual(RowHash(canonical: ["a", "bc"]), RowHash(canonical: ["ab", "c"]))
    }
}
