import Foundation
import XCTest
@testable import FerrySQL

final class SQLiteDriverTests: XCTestCase {
    private var directory: URL!
    private var path: String { directory.appendingPathComponent("test.db").path }

    override func setUpWithError() throws {
        directory = try DriverTestSupport.temporaryDirectory("ferry-sqlite")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// EdgeRows with SQLite declared types; decimals in DECIMAL_TEXT so 38 digits stay exact.
    static let edgeDDL = """
        CREATE TABLE edge (id INTEGER PRIMARY KEY, i2 SMALLINT, i4 INTEGER, i8 BIGINT, f4 REAL, f8 DOUBLE,
          num DECIMAL_TEXT(38,10), b BOOLEAN, t TEXT, vc VARCHAR(50), bin BLOB, d DATE, ts TIMESTAMP,
          tstz TIMESTAMPTZ, u UUID, j JSON)
        """

    func testEdgeRowsRoundTripThroughPreparedStatementAndCursor() throws {
        let db = try SQLiteConnection(path: path)
        defer { db.close() }
        try db.execute(Self.edgeDDL)
        let cols = EdgeRows.columns
        let insert = try db.prepare("INSERT INTO edge (\(db.dialect.columnList(cols))) VALUES (\((1...cols.count).map { "$\($0)" }.joined(separator: ", ")))")
        let total = 20_000, chunk = 5_000
        for start in stride(from: 1, through: total, by: chunk) {
            try db.transaction {
                for i in start..<min(start + chunk, total + 1) {
                    XCTAssertEqual(try insert.execute(EdgeRows.row(i)), 1)
                }
            }
        }
        insert.close()
        XCTAssertEqual(try db.query("SELECT count(*) AS n FROM edge")[0, "n"], .int(Int64(total)))

        let cursor = try db.openCursor("SELECT \(db.dialect.columnList(cols)) FROM edge ORDER BY id", [])
        XCTAssertEqual(cursor.columns.map(\.name), cols)
        XCTAssertEqual(cursor.columns.map(\.type), [.int32, .int16, .int32, .int64, .float32, .float64,
                                                    .decimal(precision: 38, scale: 10), .bool, .text(maxLength: nil),
                                                    .text(maxLength: 50), .bytes, .date, .timestamp, .timestamptz, .uuid, .json])
        let rows = try DriverTestSupport.drain(cursor, batchSize: 777)
        DriverTestSupport.assertRowsEqual(rows, (1...total).map(EdgeRows.row), columns: cols)
    }

    /// The documented decimal rule: DECIMAL (numeric affinity) turns long decimals into REALs;
    /// DECIMAL_TEXT keeps them exact.
    func testDecimalTextKeepsThirtyEightDigitsWhereDecimalAffinityCannot() throws {
        let db = try SQLiteConnection(path: path)
        defer { db.close() }
        try db.execute("CREATE TABLE d (exact DECIMAL_TEXT(38,10), affinity DECIMAL(38,10))")
        for s in EdgeRows.decimals + ["NaN", "-Infinity"] {
            try db.execute("INSERT INTO d VALUES ($1, $1)", [.decimal(s)])
        }
        let rows = try db.query("SELECT exact, affinity, typeof(exact) AS te, typeof(affinity) AS ta FROM d").rows
        XCTAssertEqual(rows.map { $0[0] }, (EdgeRows.decimals + ["NaN", "-Infinity"]).map(SQLValue.decimal))
        XCTAssertTrue(rows.allSatisfy { $0[2] == .text("text") })
        // In DECIMAL: integers exact, short decimals exact as REAL, 38 digits rounded to a double.
        XCTAssertEqual(rows[2][1], .decimal("12345678901234568000000000"))   // 1.2345678901234568e+25
        XCTAssertEqual(rows[2][3], .text("real"))
        XCTAssertEqual(DriverTestSupport.normalized(rows[1][1]), .decimal("-1.5"))
        XCTAssertEqual(rows[4][1], .decimal("0.0000000001"))
        XCTAssertEqual(rows[5][1], .decimal("1000000"))

        let info = try XCTUnwrap(db.describeTable(TableRef(name: "d")))
        XCTAssertEqual(info.columns.map(\.type), [.decimal(precision: 38, scale: 10), .decimal(precision: 38, scale: 10)])
        XCTAssertEqual(SQLiteTypes.columnType(.decimal(precision: 38, scale: 10)), "DECIMAL_TEXT(38,10)")
        XCTAssertEqual(SQLiteTypes.columnType(.timestamptz), "TIMESTAMPTZ")
    }

    func testValuesThatSQLiteWouldOtherwiseAlter() throws {
        let db = try SQLiteConnection(path: path)
        defer { db.close() }
        try db.execute("CREATE TABLE v (f DOUBLE, bin BLOB, t TEXT, j JSON, ts TIMESTAMP, tstz TIMESTAMPTZ, tm TIME, b BOOLEAN)")
        let far = Int64(253_402_300_799) * 1_000_000   // 9999-12-31 23:59:59
        try db.execute("INSERT INTO v VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                       [.double(.nan), .bytes([]), .text(""), .json("[1, 2]"), .timestamp(Int64.max), .timestamptz(far), .time(45_296_000_001), .bool(false)])
        try db.execute("INSERT INTO v VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                       [.double(-.infinity), .bytes([0, 0]), .text("x\0y"), .json("1.50"), .timestamp(-1), .timestamptz(Int64.min), .time(0), .bool(true)])
        let rows = try db.query("SELECT * FROM v").rows
        guard case .double(let nan) = rows[0][0] else { return XCTFail("NaN: \(rows[0][0])") }
        XCTAssertTrue(nan.isNaN)
        XCTAssertEqual(Array(rows[0][1...]), [.bytes([]), .text(""), .json("[1, 2]"), .timestamp(Int64.max), .timestamptz(far), .time(45_296_000_001), .bool(false)])
        // A JSON scalar that looks like a number takes JSON's numeric affinity: same value, not same text.
        XCTAssertEqual(Array(rows[1]), [.double(-.infinity), .bytes([0, 0]), .text("x\0y"), .json("1.5"), .timestamp(-1), .timestamptz(Int64.min), .time(0), .bool(true)])

        // The stored text is what SQLite's date functions read.
        let f = try db.query("SELECT datetime(tstz) AS a, time(tm) AS b, datetime(ts) AS c FROM v WHERE b = 0").rows[0]
        XCTAssertEqual(f, [.text("9999-12-31 23:59:59"), .text("12:34:56"), .null])
        let g = try db.query("SELECT ts, datetime(ts) AS c FROM v WHERE b = 1").rows[0]
        XCTAssertEqual(g, [.timestamp(-1), .text("1969-12-31 23:59:59")])
    }

    func testDiscovery() throws {
        let db = try SQLiteConnection(path: path)
        defer { db.close() }
        try db.execute("""
            CREATE TABLE orders (region TEXT NOT NULL, id BIGINT, amount DECIMAL_TEXT(15,2), note VARCHAR(20),
              placed TIMESTAMPTZ NOT NULL, raw, PRIMARY KEY (id, region));
            CREATE TABLE seq (n INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);
            CREATE TABLE plain (a INT, b REAL);
            CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 100;
            INSERT INTO seq (v) VALUES ('x');
            """)
        XCTAssertEqual(try db.listTables(schema: nil).map(\.name), ["big_orders", "orders", "plain", "seq"])   // no sqlite_sequence
        XCTAssertEqual(try db.listTables(schema: "main").map(\.name), ["big_orders", "orders", "plain", "seq"])
        XCTAssertEqual(try db.listTables(schema: "public").map(\.name), ["big_orders", "orders", "plain", "seq"])   // not a database: ignored

        let orders = try XCTUnwrap(db.describeTable(TableRef(name: "orders")))
        XCTAssertEqual(orders.columns, [
            ColumnInfo(name: "region", nativeType: "TEXT", type: .text(maxLength: nil), nullable: false),
            ColumnInfo(name: "id", nativeType: "BIGINT", type: .int64, nullable: false),
            ColumnInfo(name: "amount", nativeType: "DECIMAL_TEXT(15,2)", type: .decimal(precision: 15, scale: 2), nullable: true),
            ColumnInfo(name: "note", nativeType: "VARCHAR(20)", type: .text(maxLength: 20), nullable: true),
            ColumnInfo(name: "placed", nativeType: "TIMESTAMPTZ", type: .timestamptz, nullable: false),
            ColumnInfo(name: "raw", nativeType: "", type: .other(""), nullable: true),
        ])
        XCTAssertEqual(orders.primaryKey, ["id", "region"])   // key order, not column order
        XCTAssertEqual(try db.describeTable(TableRef(name: "seq"))?.primaryKey, ["n"])
        XCTAssertEqual(try db.describeTable(TableRef(name: "plain"))?.primaryKey, [])   // rowid only
        XCTAssertEqual(try db.describeTable(TableRef(name: "big_orders"))?.columns.count, 6)
        XCTAssertNil(try db.describeTable(TableRef(name: "missing")))

        // An attached database is a schema.
        let other = directory.appendingPathComponent("other.db").path
        try db.execute("ATTACH DATABASE $1 AS other", [.text(other)])
        try db.execute("CREATE TABLE other.extra (k TEXT PRIMARY KEY)")
        XCTAssertEqual(try db.listTables(schema: "other"), [TableRef(schema: "other", name: "extra")])
        XCTAssertEqual(try db.describeTable(TableRef(schema: "other", name: "extra"))?.primaryKey, ["k"])
        XCTAssertNil(try db.describeTable(TableRef(schema: "other", name: "orders")))
        XCTAssertTrue(try db.serverVersion().hasPrefix("SQLite 3."))
    }

    func testErrorsMapToSQLStates() throws {
        let db = try SQLiteConnection(path: path)
        defer { db.close() }
        try db.execute("""
            CREATE TABLE parent (id INTEGER PRIMARY KEY);
            CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT UNIQUE, n INT NOT NULL CHECK (n >= 0), p INT REFERENCES parent(id));
            INSERT INTO parent VALUES (1);
            INSERT INTO t VALUES (1, 'a', 1, 1);
            """)
        func failure(_ sql: String, _ params: [SQLValue] = []) -> DriverError? {
            do { try db.execute(sql, params); return nil } catch { return error as? DriverError }
        }
        let unique = failure("INSERT INTO t VALUES (2, $1, 1, NULL)", [.text("a")])
        XCTAssertEqual(unique?.sqlState, "23505")
        XCTAssertEqual(unique?.kind, .badData)
        XCTAssertEqual(unique?.driver, "SQLite")
        XCTAssertEqual(unique?.message, "UNIQUE constraint failed: t.code (SQLITE_CONSTRAINT_UNIQUE, code 2067)")
        XCTAssertEqual(failure("INSERT INTO t VALUES (1, 'b', 1, NULL)")?.sqlState, "23505")   // primary key
        XCTAssertEqual(failure("INSERT INTO t VALUES (3, 'c', NULL, NULL)")?.sqlState, "23502")
        XCTAssertEqual(failure("INSERT INTO t VALUES (3, 'c', -1, NULL)")?.sqlState, "23514")
        XCTAssertEqual(failure("INSERT INTO t VALUES (3, 'c', 1, 99)")?.sqlState, "23503")    // foreign_keys=ON
        let mismatch = failure("INSERT INTO t VALUES ('not an int', 'd', 1, NULL)")
        XCTAssertEqual(mismatch?.sqlState, "22000")
        XCTAssertEqual(mismatch?.kind, .badData)
        let syntax = failure("INSERT INTO nowhere VALUES (1)")
        XCTAssertEqual(syntax?.sqlState, "HY000")
        XCTAssertEqual(syntax?.kind, .permanent)
        XCTAssertEqual(syntax?.message, "no such table: nowhere (SQLITE_ERROR, code 1)")
        // The statement cache must not keep a failed statement in a bad state.
        try db.execute("INSERT INTO t VALUES (2, $1, 1, NULL)", [.text("b")])
        XCTAssertEqual(try db.query("SELECT count(*) FROM t").rows, [[.int(2)]])

        // BUSY: another connection holds the write lock.
        let holder = try SQLiteConnection(path: path)
        defer { holder.close() }
        try holder.begin()
        let waiter = try SQLiteConnection(path: path)
        defer { waiter.close() }
        try waiter.execute("PRAGMA busy_timeout=100")
        let started = Date()
        XCTAssertThrowsError(try waiter.begin()) { error in
            let e = error as? DriverError
            XCTAssertEqual(e?.sqlState, "40001")
            XCTAssertEqual(e?.kind, .transient)
            XCTAssertEqual(e?.message, "database is locked (SQLITE_BUSY, code 5)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        // SCHEMA (17): another connection changed the schema under a statement — transient like BUSY (seen with
        // four executors creating tables in one SQLite target): the step retries from its checkpoint.
        let schemaChanged = SQLiteError.make(code: 17, message: "database schema has changed")
        XCTAssertEqual(schemaChanged.kind, .transient)
        XCTAssertEqual(schemaChanged.message, "database schema has changed (SQLITE_SCHEMA, code 17)")
        try waiter.rollback()   // no transaction: a no-op
        try holder.rollback()
        try waiter.begin()
        try waiter.commit()

        XCTAssertThrowsError(try SQLiteConnection(path: directory.appendingPathComponent("no/such/dir/x.db").path)) { error in
            XCTAssertEqual((error as? DriverError)?.sqlState, "58030")
            XCTAssertEqual((error as? DriverError)?.kind, .permanent)
        }
    }

    func testDollarPlaceholders() throws {
        let numbered = try PlaceholderSQL("SELECT $2, $1, $2, '$1', 'it''s $3', \"col$1\", a$1 -- $4\n/* $5 /* $6 */ */ $$ $7 $$, $tag$ $8 $tag$, E'\\' $9', $10",
                                          style: .numbered)
        XCTAssertEqual(numbered.sql, "SELECT ?2, ?1, ?2, '$1', 'it''s $3', \"col$1\", a$1 -- $4\n/* $5 /* $6 */ */ $$ $7 $$, $tag$ $8 $tag$, E'\\' $9', ?10")
        XCTAssertEqual(numbered.occurrences, [1, 0, 1, 9])
        XCTAssertEqual(numbered.parameterCount, 10)
        let positional = try PlaceholderSQL("UPDATE t SET a = $2 WHERE b = $1 OR c = $2 AND d <> '$2'", style: .positional)
        XCTAssertEqual(positional.sql, "UPDATE t SET a = ? WHERE b = ? OR c = ? AND d <> '$2'")
        XCTAssertEqual(positional.occurrences, [1, 0, 1])
        XCTAssertThrowsError(try PlaceholderSQL("SELECT $0", style: .numbered))
        XCTAssertEqual(try PlaceholderSQL("SELECT 'unterminated $1", style: .numbered).sql, "SELECT 'unterminated $1")

        let db = try SQLiteConnection(path: path)
        defer { db.close() }
        let r = try db.query("SELECT $2 AS a, $1 AS b, $2 || '$1' AS c, $2 || \"$1\" AS d FROM (SELECT 'q' AS \"$1\")", [.int(7), .text("x")])
        XCTAssertEqual(r.columns, ["a", "b", "c", "d"])
        XCTAssertEqual(r.rows, [[.text("x"), .int(7), .text("x$1"), .text("xq")]])
        XCTAssertThrowsError(try db.query("SELECT $1, $2", [.int(1)])) { error in
            XCTAssertEqual((error as? DriverError)?.message, "the statement uses $1…$2 but 1 value was given")
        }
        XCTAssertThrowsError(try db.query("SELECT 1", [.int(1)]))
        // A prepared statement and a cursor translate the same way.
        try db.execute("CREATE TABLE p (a INTEGER, b TEXT)")
        let ins = try db.prepare("INSERT INTO p (b, a) VALUES ($2 || '$', $1)")
        try ins.execute([.int(1), .text("one")])
        try ins.execute([.int(2), .text("two")])
        let rows = try DriverTestSupport.drain(try db.openCursor("SELECT a, b FROM p WHERE a >= $1 AND b <> '$1' ORDER BY a", [.int(1)]))
        XCTAssertEqual(rows, [[.int(1), .text("one$")], [.int(2), .text("two$")]])
    }

    func testScriptsTransactionsCacheAndCursorEdges() throws {
        let db = try SQLiteConnection(path: path)
        defer { db.close() }
        // A script runs statement by statement: later statements see what earlier ones created.
        XCTAssertEqual(try db.execute("CREATE TABLE s (a INTEGER); INSERT INTO s VALUES (1); INSERT INTO s VALUES (2), (3);"), 3)
        XCTAssertEqual(try db.execute("UPDATE s SET a = a + 10 WHERE a > $1", [.int(1)]), 2)
        XCTAssertEqual(try db.execute("CREATE INDEX s_a ON s (a)"), 0)   // not the stale count of the UPDATE

        try db.begin()
        try db.execute("INSERT INTO s VALUES (99)")
        try db.rollback()
        XCTAssertEqual(try db.query("SELECT count(*) FROM s").rows, [[.int(3)]])
        XCTAssertThrowsError(try db.transaction { try db.execute("INSERT INTO s VALUES ('x', 'too many')") })
        XCTAssertEqual(try db.query("SELECT count(*) FROM s").rows, [[.int(3)]])

        // More distinct statements than the cache holds: eviction finalizes, nothing breaks.
        let before = db.cachedStatementCount
        for _ in 0..<50 { try db.execute("INSERT INTO s VALUES ($1)", [.int(7)]) }
        XCTAssertEqual(db.cachedStatementCount, before + 1)   // one compiled statement, reused
        try db.execute("DELETE FROM s WHERE a = 7")
        for i in 0..<200 { XCTAssertEqual(try db.query("SELECT \(i) + $1 AS v", [.int(1)]).rows, [[.int(Int64(i + 1))]]) }
        XCTAssertEqual(db.cachedStatementCount, 64)

        // Expression columns take the first row's storage class; an empty result has none.
        let c = try db.openCursor("SELECT a, a * 1.5 AS f, 'x' AS t, NULL AS n FROM s ORDER BY a", [])
        XCTAssertEqual(c.columns.map(\.type), [.int32, .float64, .text(maxLength: nil), .other("")])
        var batch = RowBatch(columnCount: 4)
        XCTAssertEqual(try c.next(into: &batch, maxRows: 2), 2)
        XCTAssertEqual(try c.next(into: &batch, maxRows: 2), 1)
        XCTAssertEqual(try c.next(into: &batch, maxRows: 2), 0)
        XCTAssertEqual(batch.row(2), [.int(13), .double(19.5), .text("x"), .null])
        c.close()
        let empty = try db.openCursor("SELECT a FROM s WHERE a < 0", [])
        var b2 = RowBatch(columnCount: 1)
        XCTAssertEqual(try empty.next(into: &b2, maxRows: 10), 0)
        XCTAssertThrowsError(try db.openCursor("SELECT 1; SELECT 2", []))

        // The driver behind Database.connect.
        let viaSpec = try Database.connect(.sqlite(path: path))
        XCTAssertTrue(viaSpec is SQLiteConnection)
        XCTAssertEqual(try viaSpec.query("PRAGMA journal_mode").rows, [[.text("wal")]])
        XCTAssertEqual(try viaSpec.query("PRAGMA foreign_keys").rows, [[.int(1)]])
        viaSpec.close()
        XCTAssertThrowsError(try viaSpec.query("SELECT 1"))
    }
}
