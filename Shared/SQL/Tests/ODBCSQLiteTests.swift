import FerryTestKit
import Foundation
import XCTest
@testable import FerrySQL

/// ODBCConnection through the SQLite ODBC driver (libsqliteodbc, "SQLite3"), cross-checked with
/// the native SQLite driver on the same file.
final class ODBCSQLiteTests: XCTestCase {
    private var directory: URL!
    private var path: String { directory.appendingPathComponent("odbc.db").path }
    private var connectionString: String { "Driver=SQLite3;Database=\(path);" }

    override func setUpWithError() throws {
        guard ODBCDriverList.installed().contains("SQLite3") else { throw TestRequirement.unmet("the SQLite3 ODBC driver is not installed") }
        directory = try DriverTestSupport.temporaryDirectory("ferry-odbc-sqlite")
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    func testEdgeRowsRoundTripAndNativeCrossCheck() throws {
        let db = try ODBCConnection(connectionString: connectionString)
        defer { db.close() }
        XCTAssertEqual(db.dialect, .sqlite)
        XCTAssertTrue(try db.serverVersion().hasPrefix("SQLite 3."))
        XCTAssertTrue(try db.serverVersion().contains(" via sqlite3odbc.so "))
        try db.execute(SQLiteDriverTests.edgeDDL)
        let cols = EdgeRows.columns
        let insert = try db.prepare("INSERT INTO edge (\(db.dialect.columnList(cols))) VALUES (\((1...cols.count).map { "$\($0)" }.joined(separator: ", ")))")
        let total = 300
        try db.transaction {
            for i in 1...total { XCTAssertEqual(try insert.execute(EdgeRows.row(i)), 1) }
        }
        insert.close()

        let cursor = try db.openCursor("SELECT \(db.dialect.columnList(cols)) FROM edge ORDER BY id", [])
        // The driver describes REAL as SQL_DOUBLE and gives no precision for DECIMAL_TEXT in results.
        XCTAssertEqual(cursor.columns.map(\.type), [.int32, .int16, .int32, .int64, .float64, .float64, .decimal(precision: nil, scale: nil),
                                                    .bool, .text(maxLength: nil), .text(maxLength: 50), .bytes, .date, .timestamp,
                                                    .timestamptz, .uuid, .json])
        let rows = try DriverTestSupport.drain(cursor, batchSize: 64)
        DriverTestSupport.assertRowsEqual(rows, (1...total).map(EdgeRows.row), columns: cols, allow: Self.sqliteODBCAllows)

        // What the ODBC driver stored, the native driver reads as the same values.
        let native = try SQLiteConnection(path: path)
        defer { native.close() }
        let nativeRows = try DriverTestSupport.drain(try native.openCursor("SELECT \(native.dialect.columnList(cols)) FROM edge ORDER BY id", []))
        DriverTestSupport.assertRowsEqual(nativeRows, (1...total).map(EdgeRows.row), columns: cols)
    }

    /// The documented limit of libsqliteodbc 0.9998: it reads REAL values through SQLite's text
    /// form, 15 significant digits ("%.15g"), even for SQL_C_DOUBLE. What it writes is exact (the
    /// native cross-check reads every double back unchanged).
    static func sqliteODBCAllows(_ column: String, _ expected: SQLValue, _ actual: SQLValue) -> Bool {
        guard case .double(let e) = expected, case .double(let a) = actual else { return false }
        return Double(String(format: "%.15g", e)) == a
    }

    func testDiscovery() throws {
        let db = try ODBCConnection(connectionString: connectionString)
        defer { db.close() }
        try db.execute("CREATE TABLE orders (region TEXT NOT NULL, id BIGINT, amount DECIMAL_TEXT(15,2), note VARCHAR(20), placed TIMESTAMPTZ NOT NULL, PRIMARY KEY (id, region))")
        try db.execute("CREATE TABLE seq (n INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)")
        try db.execute("INSERT INTO seq (v) VALUES ($1)", [.text("x")])
        try db.execute("CREATE VIEW v_orders AS SELECT id FROM orders")
        XCTAssertEqual(try db.listTables(schema: nil).map(\.name).sorted(), ["orders", "seq", "v_orders"])
        let orders = try XCTUnwrap(db.describeTable(TableRef(name: "orders")))
        XCTAssertEqual(orders.columns.map(\.nativeType), ["TEXT", "BIGINT", "DECIMAL_TEXT(15,2)", "VARCHAR(20)", "TIMESTAMPTZ"])
        XCTAssertEqual(orders.columns.map(\.name), ["region", "id", "amount", "note", "placed"])
        XCTAssertEqual(orders.columns.map(\.type), [.text(maxLength: nil), .int64, .decimal(precision: 15, scale: 2), .text(maxLength: 20), .timestamptz])
        XCTAssertEqual(orders.primaryKey, ["id", "region"])   // key order (the driver's KEY_SEQ says column order)
        XCTAssertEqual(orders.columns.map(\.nullable), [false, false, true, true, false])
        XCTAssertEqual(try db.describeTable(TableRef(name: "seq"))?.primaryKey, ["n"])
        XCTAssertNil(try db.describeTable(TableRef(name: "missing")))

        // libsqliteodbc says HY000 for every error; the SQLite code it passes as native error is mapped.
        XCTAssertThrowsError(try db.execute("INSERT INTO seq (n, v) VALUES ($2, $1)", [.text("dup"), .int(1)])) { error in
            let e = error as? DriverError
            XCTAssertEqual(e?.sqlState, "23505")
            XCTAssertEqual(e?.kind, .badData)
            XCTAssertEqual(e?.message, "executing: [SQLite]UNIQUE constraint failed: seq.n (19)")
        }
        XCTAssertThrowsError(try db.execute("INSERT INTO orders (id, region) VALUES (1, 'x')")) { XCTAssertEqual(($0 as? DriverError)?.sqlState, "23502") }
        XCTAssertThrowsError(try db.execute("SELEC 1")) { XCTAssertEqual(($0 as? DriverError)?.kind, .permanent) }
    }
}
