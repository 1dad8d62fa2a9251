import Foundation
import XCTest
@testable import FerrySQL

/// Statements, parameters, errors, transactions, prepared statements and cursors.
final class PostgresConnectionTests: PostgresTestBase {
    func testParametersAreBoundNotSpliced() throws {
        try conn.execute("CREATE TABLE p (id int4, t text, b bytea, d date, ts timestamptz, u uuid, n numeric, j jsonb)")
        let nasty = "x'); DROP TABLE p; -- \"quoted\" \\ back ; semi $1"
        let u = UUID()
        let row: [SQLValue] = [.int(1), .text(nasty), .bytes([0, 39, 92, 255]), .date(19_000),
                               .timestamptz(1_700_000_000_000_001), .uuid(u), .decimal("-0.000100"), .json("{\"k\": \"v'\"}")]
        XCTAssertEqual(try conn.execute("INSERT INTO p VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", row), 1)
        XCTAssertEqual(try conn.execute("INSERT INTO p (id, t) VALUES ($1, $2)", [.int(2), .null]), 1)
        let r = try conn.query("SELECT * FROM p WHERE t = $1 OR id = $2 ORDER BY id", [.text(nasty), .int(2)])
        XCTAssertEqual(r.rows.count, 2)
        XCTAssertEqual(r.rows[0], row)
        XCTAssertEqual(r.rows[1][1], .null)
        XCTAssertEqual(r.columns, ["id", "t", "b", "d", "ts", "u", "n", "j"])
        XCTAssertEqual(r[0, "t"], .text(nasty))
        XCTAssertThrowsError(try conn.execute("INSERT INTO p (t) VALUES ($1)", [.text("nul\u{0}byte")])) {
            XCTAssertEqual(($0 as? DriverError)?.kind, .badData)
        }
        XCTAssertEqual(try conn.execute("UPDATE p SET n = n WHERE id > $1", [.int(0)]), 2)
    }

    func testSQLStatesAndKinds() throws {
        try conn.execute("CREATE TABLE u (id int PRIMARY KEY)")
        try conn.execute("INSERT INTO u VALUES (1)")
        XCTAssertThrowsError(try conn.execute("INSERT INTO u VALUES ($1)", [.int(1)])) { e in
            let d = e as? DriverError
            XCTAssertEqual(d?.sqlState, "23505")
            XCTAssertEqual(d?.kind, .badData)
            XCTAssertEqual(d?.driver, "PostgreSQL")
            XCTAssertTrue(d?.message.contains("duplicate key") == true, d?.message ?? "")
            XCTAssertTrue(d?.message.contains("(id)=(1)") == true, "detail included: \(d?.message ?? "")")
        }
        XCTAssertThrowsError(try conn.query("SELECT * FROM missing_table")) { e in
            XCTAssertEqual((e as? DriverError)?.sqlState, "42P01")
            XCTAssertEqual((e as? DriverError)?.kind, .permanent)
        }
        XCTAssertThrowsError(try conn.query("SELEC 1")) { XCTAssertEqual(($0 as? DriverError)?.sqlState, "42601") }
        XCTAssertThrowsError(try conn.query("SELECT $1::int", [.text("x")])) { XCTAssertEqual(($0 as? DriverError)?.sqlState, "22P02") }
        XCTAssertEqual(try conn.query("SELECT 1").rows[0][0], .int(1), "usable after errors")
    }

    func testConnectionFailureIsTransientAndHidesPassword() throws {
        let start = Date()
        XCTAssertThrowsError(try PostgresConnection(conninfo: "host=127.0.0.1 port=1 user=nobody password=s3cr3t-pw connect_timeout=5")) { e in
            let d = e as? DriverError
            XCTAssertEqual(d?.sqlState, "08001")
            XCTAssertEqual(d?.kind, .transient)
            XCTAssertFalse(d?.message.contains("s3cr3t-pw") ?? true)
            XCTAssertFalse(d?.message.isEmpty ?? true)
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        // A missing database is not worth retrying.
        XCTAssertThrowsError(try PostgresConnection(conninfo: url + (url.contains("?") ? "&" : "?") + "dbname=ferry_no_such_db_xyz")) { e in
            XCTAssertEqual((e as? DriverError)?.kind, .permanent)
        }
    }

    func testDroppedConnectionIsTransient() throws {
        let victim = try PostgresConnection(conninfo: url)
        let pid = try victim.query("SELECT pg_backend_pid()").rows[0][0]
        XCTAssertEqual(try conn.query("SELECT pg_terminate_backend($1::int)", [pid]).rows[0][0], .bool(true))
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertThrowsError(try victim.query("SELECT 1")) { e in
            XCTAssertEqual((e as? DriverError)?.sqlState, "08006")
            XCTAssertEqual((e as? DriverError)?.kind, .transient)
        }
    }

    func testTransactions() throws {
        try conn.execute("CREATE TABLE tx (v int)")
        try conn.begin()
        XCTAssertTrue(conn.inTransaction)
        try conn.execute("INSERT INTO tx VALUES (1), (2)")
        try conn.rollback()
        XCTAssertFalse(conn.inTransaction)
        XCTAssertEqual(try conn.query("SELECT count(*) FROM tx").rows[0][0], .int(0))
        _ = try conn.transaction { try conn.execute("INSERT INTO tx VALUES (3)") }
        XCTAssertThrowsError(try conn.transaction { () throws -> Void in
            try conn.execute("INSERT INTO tx VALUES (4)")
            try conn.execute("INSERT INTO tx VALUES ('not a number')")
        })
        XCTAssertEqual(try conn.query("SELECT array_agg(v)::text FROM tx").rows[0][0], .text("{3}"))
    }

    func testPreparedStatementReuse() throws {
        try conn.execute("CREATE TABLE ps (id int8 PRIMARY KEY, name text, amount numeric(15,2))")
        let ins = try conn.prepare("INSERT INTO ps VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name")
        for i in 1...200 { XCTAssertEqual(try ins.execute([.int(Int64(i)), .text("n\(i)"), .decimal("\(i).5")]), 1) }
        XCTAssertEqual(try ins.execute([.int(7), .text("again"), .null]), 1)
        let other = try conn.prepareStatement("SELECT name, amount FROM ps WHERE id = $1")
        XCTAssertEqual(try other.query([.int(7)]).rows[0], [.text("again"), .decimal("7.50")])
        XCTAssertEqual(try other.query([.int(8)]).rows[0], [.text("n8"), .decimal("8.50")])
        XCTAssertNotEqual((ins as? PostgresPreparedStatement)?.name, other.name)
        ins.close()
        XCTAssertEqual(try conn.query("SELECT count(*) FROM pg_prepared_statements").rows[0][0], .int(1))
        XCTAssertThrowsError(try ins.execute([.int(1), .null, .null]))
        other.close()
        XCTAssertEqual(try conn.query("SELECT count(*) FROM ps").rows[0][0], .int(200))
    }

    func testServerVersionEscapeAndDescribe() throws {
        let v = try conn.serverVersion()
        XCTAssertTrue(v.hasPrefix("PostgreSQL 1"), v)
        XCTAssertFalse(v.contains("("), v)
        for s in ["it's", "back\\slash", "", "多 'a' \\\\ b"] {
            let lit = try conn.escapeLiteral(s)
            XCTAssertEqual(try conn.query("SELECT \(lit)::text").rows[0][0], .text(s))
        }
        XCTAssertEqual(try conn.escapeLiteral("it's"), "'it''s'")
        let d = try conn.describeQuery("SELECT 1::int2 AS a, 'x'::text AS b, now() AS c, 1.5::numeric AS \"odd name\"")
        XCTAssertEqual(d.map(\.name), ["a", "b", "c", "odd name"])
        XCTAssertEqual(d.map(\.oid), [21, 25, 1184, 1700])
    }

    func testEveryTypeIsReadable() throws {
        let r = try conn.query("""
            SELECT interval '1 day 2 hours', inet '10.0.0.1', ARRAY[1,2], 'a'::"char", 'nm'::name, time '12:00:01.5',
                   'NaN'::float8, B'101', point(1,2), '{"a":1}'::jsonb, 'ab'::char(3), NULL::int
            """)
        var row = r.rows[0]
        row[6] = .null                                        // NaN ≠ NaN; checked below
        XCTAssertEqual(row, [.text("1 day 02:00:00"), .text("10.0.0.1"), .text("{1,2}"), .text("a"), .text("nm"),
                             .time(43_201_500_000), .null, .text("101"), .text("(1,2)"), .json("{\"a\": 1}"),
                             .text("ab "), .null])
        guard case .double(let nan) = r.rows[0][6] else { return XCTFail("float8 NaN") }
        XCTAssertTrue(nan.isNaN)
    }

    func testCursorStreamsAndClosesEarly() throws {
        let cursor = try conn.openCursor("SELECT g, md5(g::text) FROM generate_series(1, $1::int) g", [.int(5_000_000)])
        XCTAssertEqual(cursor.columns.map(\.name), ["g", "md5"])
        XCTAssertEqual(cursor.columns.map(\.type), [.int32, .text(maxLength: nil)])
        var batch = RowBatch(columnCount: 2)
        XCTAssertEqual(try cursor.next(into: &batch, maxRows: 10), 10)
        XCTAssertEqual(batch[9, 0], .int(10))
        XCTAssertThrowsError(try conn.query("SELECT 1"), "busy while the cursor streams")
        let start = Date()
        cursor.close()
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertEqual(try cursor.next(into: &batch, maxRows: 10), 0)
        XCTAssertEqual(try conn.query("SELECT 2").rows[0][0], .int(2))

        // Empty results still describe their columns; errors mid-stream surface and free the connection.
        let empty = try conn.openCursor("SELECT 1::int8 AS x WHERE false", [])
        XCTAssertEqual(empty.columns.map(\.name), ["x"])
        XCTAssertEqual(try empty.next(into: &batch, maxRows: 10), 0)
        let failing = try conn.openCursor("SELECT 10 / (5 - g) FROM generate_series(1, 10) g", [])
        var rows = RowBatch(columnCount: 1)
        XCTAssertThrowsError(try { while try failing.next(into: &rows, maxRows: 1) > 0 {} }()) {
            XCTAssertEqual(($0 as? DriverError)?.sqlState, "22012")
        }
        XCTAssertEqual(rows.rowCount, 4)
        XCTAssertEqual(try conn.query("SELECT 3").rows[0][0], .int(3))
    }

    /// 500k rows × ~200 bytes through a cursor: resident memory must not grow by the result size.
    func testCursorMemoryIsBounded() throws {
        func residentMB() -> Double {
            guard let s = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
                  let pages = Double(s.split(separator: " ")[1]) else { return 0 }
            return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
        }
        let before = residentMB()
        var peak = before
        let cursor = try conn.openCursor("SELECT g, repeat(md5(g::text), 6) FROM generate_series(1, 500000) g", [])
        var batch = RowBatch(columnCount: 2, reservingRows: 1000)
        var total = 0
        while case let n = try cursor.next(into: &batch, maxRows: 1000), n > 0 {
            total += n
            batch.removeAll()
            if total % 50_000 == 0 { peak = max(peak, residentMB()) }
        }
        XCTAssertEqual(total, 500_000)
        XCTAssertLessThan(peak - before, 40, "the ~100 MB result must not be materialised")
    }
}
