import FerryTestKit
import Foundation
import XCTest
@testable import FerrySQL

/// Base for tests against the server at FERRY_TEST_PG_URL: each test gets a connection whose
/// search_path is a fresh schema (dropped afterwards). Without the URL the tests are skipped,
/// unless FERRY_REQUIRE_ALL=1 makes that a failure (`TestPostgres.requireURL`).
class PostgresTestBase: XCTestCase {
    var conn: PostgresConnection!
    var schema = ""
    var url = ""

    static func serverURL() throws -> String { try TestPostgres.requireURL() }

    override func setUpWithError() throws {
        url = try Self.serverURL()
        schema = "ferry_pgtest_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        conn = try PostgresConnection(conninfo: url)
        try conn.execute("CREATE SCHEMA \(q(schema))")
        try conn.execute("SET search_path TO \(q(schema))")
    }

    override func tearDownWithError() throws {
        conn?.close()
        conn = nil
        guard !schema.isEmpty, !url.isEmpty else { return }
        let admin = try PostgresConnection(conninfo: url)
        try admin.execute("DROP SCHEMA IF EXISTS \(q(schema)) CASCADE")
        admin.close()
    }

    /// Another connection on the same schema (COPY passthrough needs two).
    func secondConnection() throws -> PostgresConnection {
        let c = try PostgresConnection(conninfo: url)
        try c.execute("SET search_path TO \(q(schema))")
        return c
    }

    func q(_ name: String) -> String { SQLDialect.postgresql.quote(name) }

    /// Loads EdgeRows.row(range) into `table` (created with EdgeRows.postgresDDL) by binary COPY,
    /// flushing every 256 KiB as the engine does.
    @discardableResult
    func loadEdgeRows(_ table: String, _ range: ClosedRange<Int>, on c: PostgresConnection? = nil) throws -> Int {
        let c = c ?? conn!
        try c.execute("CREATE TABLE \(q(table)) (\(EdgeRows.postgresDDL))")
        let oids = try c.columnTypeOIDs(of: TableRef(name: table))
        XCTAssertEqual(oids.count, EdgeRows.columns.count)
        try c.copyIn("COPY \(q(table)) (\(SQLDialect.postgresql.columnList(EdgeRows.columns))) FROM STDIN (FORMAT binary)")
        var enc = BinaryCopyEncoder()
        enc.header()
        for i in range {
            let row = EdgeRows.row(i)
            enc.beginTuple(fieldCount: row.count)
            for (v, oid) in zip(row, oids) { try enc.append(v, oid: oid) }
            if enc.count >= BinaryCopyEncoder.flushThreshold { try c.putCopyData(&enc) }
        }
        enc.trailer()
        try c.putCopyData(&enc)
        return try c.endCopy()
    }

    /// Values compared the way the round trip must preserve them: decimals up to trailing zeros
    /// (numeric(38,10) pads the scale), everything else exactly (floats bit for bit).
    static func normalised(_ v: SQLValue) -> SQLValue {
        guard case .decimal(var s) = v, s.contains(".") else { return v }
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return .decimal(s == "-0" ? "0" : s)
    }

    func assertEdgeRow(_ got: [SQLValue], _ i: Int, file: StaticString = #filePath, line: UInt = #line) {
        let want = EdgeRows.row(i)
        XCTAssertEqual(got.count, want.count, "row \(i) width", file: file, line: line)
        for (c, (g, w)) in zip(got, want).enumerated() where Self.normalised(g) != Self.normalised(w) {
            XCTFail("row \(i) column \(EdgeRows.columns[c]): got \(g), want \(w)", file: file, line: line)
        }
    }

    func md5(_ table: String, on c: PostgresConnection? = nil) throws -> String {
        let r = try (c ?? conn!).query("SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM \(q(table)) t")
        return r.rows[0][0].textValue ?? ""
    }
}
