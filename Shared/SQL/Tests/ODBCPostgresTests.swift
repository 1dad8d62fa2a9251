import FerryTestKit
import Foundation
import XCTest
@testable import FerrySQL

/// ODBCConnection through psqlODBC ("PostgreSQL Unicode") against FERRY_TEST_PG_URL
/// (postgresql://user[:password]@host:port/database). Each test run creates its own database
/// through ODBC and drops it at the end.
final class ODBCPostgresTests: XCTestCase {
    private var adminString = ""
    private var testString = ""
    private var databaseName = ""

    struct Misconfigured: Error, CustomStringConvertible { let description: String }

    /// Driver={PostgreSQL Unicode};Server=…;Port=…;Database=…;Uid=…;Pwd=…; from FERRY_TEST_PG_URL.
    /// Unset: the tests skip, unless FERRY_REQUIRE_ALL=1 (then they fail).
    static func connectionString(database: String? = nil) throws -> String {
        let raw = try TestPostgres.requireURL()
        guard let url = URLComponents(string: raw), let host = url.host else {
            throw Misconfigured(description: "FERRY_TEST_PG_URL is not a postgresql:// URL")
        }
        let db = database ?? String(url.path.dropFirst())
        return "Driver={PostgreSQL Unicode};Server=\(host);Port=\(url.port ?? 5432);Database=\(db.isEmpty ? "postgres" : db);"
            + "Uid=\(url.user ?? "postgres");Pwd=\(url.password ?? "");"
    }

    override func setUpWithError() throws {
        let admin = try Self.connectionString()
        adminString = admin
        databaseName = "ferry_odbc_\(UInt32.random(in: 0...UInt32.max))"
        let c = try ODBCConnection(connectionString: admin)
        defer { c.close() }
        try c.execute("CREATE DATABASE \(databaseName)")
        testString = try Self.connectionString(database: databaseName)
    }

    override func tearDownWithError() throws {
        guard !adminString.isEmpty else { return }
        let c = try ODBCConnection(connectionString: adminString)
        defer { c.close() }
        try c.execute("DROP DATABASE IF EXISTS \(databaseName) WITH (FORCE)")
    }

    private func connect() throws -> ODBCConnection { try ODBCConnection(connectionString: testString) }

    /// psqlODBC describes json result columns as "unknown" text: the JSON arrives whole, tagged .text.
    static func psqlODBCAllows(_ column: String, _ expected: SQLValue, _ actual: SQLValue) -> Bool {
        if case .json(let e) = expected, case .text(let a) = actual { return e == a }
        return false
    }

    func testEdgeRowsRoundTrip() throws {
        let db = try connect()
        defer { db.close() }
        XCTAssertEqual(db.dialect, .postgresql)
        let version = try db.serverVersion()
        XCTAssertTrue(version.hasPrefix("PostgreSQL "), version)
        XCTAssertTrue(version.contains(" via psqlodbcw.so "), version)
        try db.execute("CREATE TABLE edge (\(EdgeRows.postgresDDL))")
        let cols = EdgeRows.columns
        let insert = try db.prepare("INSERT INTO edge (\(db.dialect.columnList(cols))) VALUES (\((1...cols.count).map { "$\($0)" }.joined(separator: ", ")))")
        let total = 2_000
        for start in stride(from: 1, through: total, by: 500) {
            try db.transaction {
                for i in start..<min(start + 500, total + 1) { XCTAssertEqual(try insert.execute(EdgeRows.row(i)), 1) }
            }
        }
        insert.close()
        XCTAssertEqual(try db.query("SELECT count(*) AS n FROM edge").rows, [[.int(Int64(total))]])

        let cursor = try db.openCursor("SELECT \(db.dialect.columnList(cols)) FROM edge WHERE id >= $1 ORDER BY id", [.int(1)])
        XCTAssertEqual(cursor.columns.map(\.name), cols)
        XCTAssertEqual(cursor.columns.map(\.type), [.int64, .int16, .int32, .int64, .float32, .float64,
                                                    .decimal(precision: 38, scale: 10), .bool, .text(maxLength: nil),
                                                    .text(maxLength: 50), .bytes, .date, .timestamp, .timestamptz, .uuid,
                                                    .text(maxLength: nil)])   // json: see psqlODBCAllows
        XCTAssertEqual(cursor.columns.map(\.nullable), [false] + Array(repeating: true, count: cols.count - 1))
        let rows = try DriverTestSupport.drain(cursor, batchSize: 300)
        DriverTestSupport.assertRowsEqual(rows, (1...total).map(EdgeRows.row), columns: cols, allow: Self.psqlODBCAllows)

        // The same rows through execute/query with literal SQL functions around the parameters.
        let r = try db.query("SELECT $2::int + $1::int AS s, $1::text || $2::text || '$1' AS c, $3 || '!' AS u, $4::timestamptz AS z",
                             [.int(1), .int(2), .text("ß☃"), .timestamptz(1_700_000_000_123_456)])
        XCTAssertEqual(r.columns, ["s", "c", "u", "z"])
        XCTAssertEqual(r.rows, [[.int(3), .text("12$1"), .text("ß☃!"), .timestamptz(1_700_000_000_123_456)]])
    }

    /// Long values come in several SQLGetData pieces.
    func testLongValuesAndNulls() throws {
        let db = try connect()
        defer { db.close() }
        try db.execute("CREATE TABLE big (id int PRIMARY KEY, t text, b bytea, n numeric)")
        let text = String(repeating: "ab☃", count: 40_000)            // 200 KB, multi-byte chars across piece edges
        let bytes = (0..<150_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let digits = "-" + String(repeating: "9", count: 500) + "." + String(repeating: "1", count: 300)
        try db.execute("INSERT INTO big VALUES ($1, $2, $3, $4), ($5, NULL, NULL, NULL)", [.int(1), .text(text), .bytes(bytes), .decimal(digits), .int(2)])
        let rows = try db.query("SELECT t, b, n FROM big ORDER BY id").rows
        XCTAssertEqual(rows[0][0], .text(text))
        XCTAssertEqual(rows[0][1], .bytes(bytes))
        XCTAssertEqual(rows[0][2], .decimal(digits))
        XCTAssertEqual(rows[1], [.null, .null, .null])
        XCTAssertEqual(try db.execute("UPDATE big SET t = $1 WHERE id > $2", [.text(""), .int(100)]), 0)   // SQL_NO_DATA
        XCTAssertEqual(try db.execute("UPDATE big SET t = $1 WHERE id > $2", [.text(""), .int(0)]), 2)
        XCTAssertEqual(try db.query("SELECT t FROM big WHERE id = 2").rows, [[.text("")]])

        // Floating-point specials and extremes, bound and read back.
        let doubles: [Double] = [.infinity, -.infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.1, 1e-300]
        try db.execute("CREATE TABLE fl (i int, d float8, r float4)")
        for (i, d) in doubles.enumerated() { try db.execute("INSERT INTO fl VALUES ($1, $2, $3)", [.int(Int64(i)), .double(d), .double(Double(Float(d)))]) }
        try db.execute("INSERT INTO fl VALUES (99, 'NaN', 'NaN')")
        let fl = try db.query("SELECT d, r FROM fl ORDER BY i").rows
        XCTAssertEqual(Array(fl.prefix(doubles.count)), doubles.map { [.double($0), .double(Double(Float($0)))] })
        XCTAssertTrue(fl.last.map { row in row.allSatisfy { if case .double(let d) = $0 { return d.isNaN } else { return false } } } ?? false, "\(fl.last ?? [])")

        // Temporal and numeric specials.
        try db.execute("CREATE TABLE sp (i int, ts timestamp, tz timestamptz, d date, t time, n numeric, b bytea, u uuid, x bool)")
        let specials: [[SQLValue]] = [
            [.int(1), .timestamp(Int64.max), .timestamptz(Int64.min), .date(Int32.max), .time(86_399_999_999), .decimal("NaN"), .bytes([]), .uuid(UUID()), .bool(true)],
            [.int(2), .timestamp(-62_135_596_800_000_000), .timestamptz(253_402_300_799_999_999), .date(-719_162), .time(1), .decimal("-0.000000000000000000001"), .bytes([0]), .null, .bool(false)],
            [.int(3), .null, .null, .null, .null, .decimal("-Infinity"), .null, .null, .null],
        ]
        let ins = try db.prepare("INSERT INTO sp VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        for row in specials { try ins.execute(row) }
        XCTAssertEqual(try db.query("SELECT * FROM sp WHERE i > 1 ORDER BY i").rows, Array(specials[1...]))
        // ±infinity are written as such; psqlODBC reads them back as dates it makes up (a documented
        // driver limit: "9999-12-31 23:59:59", "9999-01-01 00:00:00 BC", "0000-00-00"), so compare the server's text.
        XCTAssertEqual(try db.query("SELECT ts::text, tz::text, d::text FROM sp WHERE i = 1").rows, [[.text("infinity"), .text("-infinity"), .text("infinity")]])
        XCTAssertEqual(Array(try db.query("SELECT * FROM sp WHERE i = 1").rows[0][4...]), Array(specials[0][4...]))
    }

    func testDiscovery() throws {
        let db = try connect()
        defer { db.close() }
        try db.execute("CREATE TABLE edge (\(EdgeRows.postgresDDL))")
        try db.execute("CREATE TABLE line_item (order_id int8, line int4, sku char(8) NOT NULL, qty numeric(12,3), PRIMARY KEY (line, order_id))")
        try db.execute("CREATE TABLE lineXitem (a int)")   // '_' must not match as a pattern
        try db.execute("CREATE VIEW edge_view AS SELECT id, t FROM edge")
        try db.execute("CREATE SCHEMA other")
        try db.execute("CREATE TABLE other.line_item (x text PRIMARY KEY)")

        XCTAssertEqual(try db.listTables(schema: nil).map(\.name).sorted(), ["edge", "edge_view", "line_item", "linexitem"])
        XCTAssertEqual(try db.listTables(schema: nil).first?.schema, "public")
        XCTAssertEqual(try db.listTables(schema: "other"), [TableRef(schema: "other", name: "line_item")])

        let edge = try XCTUnwrap(db.describeTable(TableRef(name: "edge")))
        XCTAssertEqual(edge.ref, TableRef(schema: "public", name: "edge"))
        XCTAssertEqual(edge.columns.map(\.name), EdgeRows.columns)
        XCTAssertEqual(edge.primaryKey, ["id"])
        XCTAssertEqual(edge.columns.map(\.type), [.int64, .int16, .int32, .int64, .float32, .float64,
                                                  .decimal(precision: 38, scale: 10), .bool, .text(maxLength: nil),
                                                  .text(maxLength: 50), .bytes, .date, .timestamp, .timestamptz, .uuid, .json])
        XCTAssertEqual(edge.column(named: "num")?.nativeType, "numeric(38,10)")
        XCTAssertEqual(edge.column(named: "vc")?.nativeType, "varchar(50)")
        XCTAssertEqual(edge.column(named: "id")?.nullable, false)
        XCTAssertEqual(edge.column(named: "t")?.nullable, true)

        let li = try XCTUnwrap(db.describeTable(TableRef(name: "line_item")))
        XCTAssertEqual(li.columns.map(\.name), ["order_id", "line", "sku", "qty"])
        XCTAssertEqual(li.columns.map(\.type), [.int64, .int32, .char(length: 8), .decimal(precision: 12, scale: 3)])
        XCTAssertEqual(li.columns.map(\.nullable), [false, false, false, true])
        XCTAssertEqual(li.primaryKey, ["line", "order_id"])
        XCTAssertEqual(try db.describeTable(TableRef(schema: "other", name: "line_item"))?.primaryKey, ["x"])
        XCTAssertEqual(try db.describeTable(TableRef(name: "edge_view"))?.columns.map(\.name), ["id", "t"])
        XCTAssertNil(try db.describeTable(TableRef(name: "missing")))
        XCTAssertNil(try db.describeTable(TableRef(name: "line%")))
    }

    func testErrorsAndTransactions() throws {
        let db = try connect()
        defer { db.close() }
        try db.execute("CREATE TABLE u (id int PRIMARY KEY, code text UNIQUE)")
        try db.execute("INSERT INTO u VALUES ($1, $2)", [.int(1), .text("a")])
        XCTAssertThrowsError(try db.execute("INSERT INTO u VALUES ($1, $2)", [.int(2), .text("a")])) { error in
            let e = error as? DriverError
            XCTAssertEqual(e?.driver, "ODBC")
            XCTAssertEqual(e?.sqlState, "23505")
            XCTAssertEqual(e?.kind, .badData)
            XCTAssertTrue(e?.message.contains("duplicate key value violates unique constraint \"u_code_key\"") == true, e?.message ?? "")
        }
        let insert = try db.prepare("INSERT INTO u (code, id) VALUES ($2, $1)")
        XCTAssertThrowsError(try insert.execute([.int(1), .text("z")])) { XCTAssertEqual(($0 as? DriverError)?.sqlState, "23505") }
        XCTAssertEqual(try insert.execute([.int(2), .text("b")]), 1)   // usable after a failure
        XCTAssertThrowsError(try db.execute("SELEC 1")) { error in
            XCTAssertEqual((error as? DriverError)?.sqlState, "42601")
            XCTAssertEqual((error as? DriverError)?.kind, .permanent)
        }
        XCTAssertThrowsError(try db.query("SELECT $1::int", [.text("x")])) { XCTAssertEqual(($0 as? DriverError)?.kind, .badData) }

        try db.begin()
        try insert.execute([.int(3), .text("c")])
        try db.rollback()
        try db.transaction { _ = try insert.execute([.int(4), .text("d")]) }
        XCTAssertThrowsError(try db.transaction { _ = try insert.execute([.int(5), .text("a")]) })
        try db.rollback()   // outside a transaction: no-op
        XCTAssertEqual(try db.query("SELECT id FROM u ORDER BY id").rows, [[.int(1)], [.int(2)], [.int(4)]])
        // Autocommit is back on after a transaction: another connection sees the rows at once.
        try insert.execute([.int(6), .text("f")])
        let other = try connect()
        defer { other.close() }
        XCTAssertEqual(try other.query("SELECT count(*) FROM u").rows, [[.int(4)]])
    }

    func testConnectionErrorsAndDatabaseConnect() throws {
        // Nothing listens on port 1: a connection error, transient.
        XCTAssertThrowsError(try ODBCConnection(connectionString: "Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=1;Database=x;Uid=u;Pwd=s3cret-pw;")) { error in
            let e = error as? DriverError
            XCTAssertEqual(e?.sqlState?.classCode, "08", e?.description ?? "")
            XCTAssertEqual(e?.kind, .transient)
            XCTAssertFalse(e?.message.contains("s3cret-pw") ?? true)
        }
        // Through Database.connect.
        let c = try Database.connect(.odbc(connectionString: testString))
        XCTAssertTrue(c is ODBCConnection)
        XCTAssertEqual(try c.query("SHOW TimeZone").rows, [[.text("UTC")]])
        c.close()
        XCTAssertThrowsError(try c.query("SELECT 1"))
    }

    /// psqlODBC buffers a whole result unless UseDeclareFetch=1; with it the cursor streams.
    func testStreamingCursorWithUseDeclareFetch() throws {
        let db = try ODBCConnection(connectionString: testString + "UseDeclareFetch=1;Fetch=500;")
        defer { db.close() }
        let cursor = try db.openCursor("SELECT g AS n, md5(g::text) AS h FROM generate_series(1, $1::int) g", [.int(20_000)])
        var batch = RowBatch(columnCount: 2)
        var seen = 0
        while true {
            batch.removeAll()
            let n = try cursor.next(into: &batch, maxRows: 1_000)
            if n == 0 { break }
            XCTAssertEqual(batch[0, 0], .int(Int64(seen + 1)))
            seen += n
        }
        cursor.close()
        XCTAssertEqual(seen, 20_000)
        // The connection stays usable for other statements.
        XCTAssertEqual(try db.query("SELECT 1 AS one").rows, [[.int(1)]])
    }
}
