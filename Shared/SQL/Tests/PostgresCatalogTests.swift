import XCTest
@testable import FerrySQL

final class PostgresCatalogTests: PostgresTestBase {
    func testDescribeTable() throws {
        try conn.execute("""
            CREATE TABLE orders (
                region char(10) NOT NULL, note text, amount numeric(15,2), qty int2 NOT NULL DEFAULT 1,
                order_no int8 NOT NULL, label varchar(50), at timestamptz, flag boolean,
                PRIMARY KEY (order_no, region));
            ALTER TABLE orders DROP COLUMN flag;
            """)
        let info = try XCTUnwrap(try conn.describeTable(TableRef(name: "orders")))
        XCTAssertEqual(info.columns.map(\.name), ["region", "note", "amount", "qty", "order_no", "label", "at"])
        XCTAssertEqual(info.columns.map(\.nativeType), ["character(10)", "text", "numeric(15,2)", "smallint", "bigint",
                                                        "character varying(50)", "timestamp with time zone"])
        XCTAssertEqual(info.columns.map(\.type), [.char(length: 10), .text(maxLength: nil), .decimal(precision: 15, scale: 2),
                                                  .int16, .int64, .text(maxLength: 50), .timestamptz])
        XCTAssertEqual(info.columns.map(\.nullable), [false, true, true, false, false, true, true])
        XCTAssertEqual(info.primaryKey, ["order_no", "region"], "key order, not column order")
        XCTAssertEqual(try conn.columnTypeOIDs(of: TableRef(schema: schema, name: "orders")), [1042, 25, 1700, 21, 20, 1043, 1184])

        let qualified = try XCTUnwrap(try conn.describeTable(TableRef(schema: schema, name: "orders")))
        XCTAssertEqual(qualified.columns, info.columns)
        XCTAssertNil(try conn.describeTable(TableRef(name: "absent")))
        XCTAssertNil(try conn.describeTable(TableRef(schema: "no_such_schema", name: "orders")))
        XCTAssertThrowsError(try conn.columnTypeOIDs(of: TableRef(name: "absent"))) {
            XCTAssertEqual(($0 as? DriverError)?.sqlState, "42P01")
        }
    }

    func testOddNamesAreBound() throws {
        let odd = "we\"ird'; name"
        try conn.execute("CREATE TABLE \(q(odd)) (\(q("col'1")) int PRIMARY KEY)")
        let info = try XCTUnwrap(try conn.describeTable(TableRef(name: odd)))
        XCTAssertEqual(info.columns.map(\.name), ["col'1"])
        XCTAssertEqual(info.primaryKey, ["col'1"])
        XCTAssertNil(try conn.describeTable(TableRef(name: "x'); DROP TABLE t; --")))
    }

    func testListTables() throws {
        try conn.execute("""
            CREATE TABLE t_b (id int);
            CREATE TABLE t_a (id int);
            CREATE VIEW v_c AS SELECT 1 AS x;
            CREATE TABLE p_d (id int, k int) PARTITION BY RANGE (k);
            CREATE TABLE p_d_1 PARTITION OF p_d FOR VALUES FROM (0) TO (10);
            CREATE SEQUENCE s_e;
            CREATE INDEX i_f ON t_a (id);
            """)
        let want = ["p_d", "t_a", "t_b", "v_c"].map { TableRef(schema: schema, name: $0) }
        XCTAssertEqual(try conn.listTables(schema: nil), want)
        XCTAssertEqual(try conn.listTables(schema: schema), want)
        XCTAssertEqual(try conn.listTables(schema: "pg_catalog"), [])
        XCTAssertEqual(try conn.listTables(schema: "no_such_schema"), [])
    }
}
