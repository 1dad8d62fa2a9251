import FerryTestKit
import Foundation
import XCTest
@testable import FerrySQL

/// A declared NUMERIC(12,2) survives the SQLite ODBC driver, which reports it as SQL_DOUBLE: discovery
/// keeps decimal(12,2) (from the type name), the cursor reads the values as exact decimals, and the
/// PostgreSQL column Ferry would create is numeric(12,2), holding every value exactly.
final class ODBCDeclaredDecimalTests: PostgresTestBase {
    func testSQLiteNumericThroughODBCIntoPostgres() throws {
        guard ODBCDriverList.installed().contains("SQLite3") else { throw TestRequirement.unmet("the SQLite3 ODBC driver is not installed") }
        let dir = try DriverTestSupport.temporaryDirectory("ferry-odbc-decimal")
        defer { try? FileManager.default.removeItem(at: dir) }
        let lite = try ODBCConnection(connectionString: "Driver=SQLite3;Database=\(dir.path)/money.db;")
        defer { lite.close() }
        let amounts = ["1234.50", "0.01", "-9999999999.99", "9999999999.99", "0.00", "42.10", "-0.05"]
        try lite.execute("CREATE TABLE money (id INTEGER PRIMARY KEY, amount NUMERIC(12,2) NOT NULL, rate DECIMAL(5,1), price MONEY)")
        for (i, a) in amounts.enumerated() {
            try lite.execute("INSERT INTO money (id, amount) VALUES ($1, $2)", [.int(Int64(i + 1)), .decimal(a)])
        }

        let source = try XCTUnwrap(lite.describeTable(TableRef(name: "money")))
        XCTAssertEqual(source.columns.map(\.nativeType), ["INTEGER", "NUMERIC(12,2)", "DECIMAL(5,1)", "MONEY"])
        XCTAssertEqual(source.columns.map(\.type)[1...2], [.decimal(precision: 12, scale: 2), .decimal(precision: 5, scale: 1)])
        let ddl = LoadPlanner.createTableSQL(source: source, target: TableRef(schema: schema, name: "money"), dialect: .postgresql, renames: [])
        XCTAssertTrue(ddl.contains("\"amount\" numeric(12,2) NOT NULL"), ddl)
        try conn.execute(ddl)
        XCTAssertEqual(try conn.describeTable(TableRef(name: "money"))?.columns[1].nativeType, "numeric(12,2)")

        let cursor = try lite.openCursor("SELECT id, amount FROM money ORDER BY id", [])
        guard case .decimal = cursor.columns[1].type else { return XCTFail("read as \(cursor.columns[1].type), not as a decimal") }
        let rows = try DriverTestSupport.drain(cursor)
        let insert = try conn.prepare("INSERT INTO money (id, amount) VALUES ($1, $2)")
        for r in rows { try insert.execute(r) }
        insert.close()
        let stored = try conn.query("SELECT amount::text FROM money ORDER BY id").rows.map { $0[0].textValue }
        XCTAssertEqual(stored, amounts)
    }
}
