import FerrySQL
import Foundation
import XCTest

/// The splitter's ranges cover a table's keys exactly once (no gap, no overlap) on real SQLite and PostgreSQL,
/// for integer, composite and text keys, including an empty table, one row, more ranges than rows and skew.
enum KeyRangeCoverage {
    /// Every key read back through its range's condition: each key of the table exactly once.
    static func assertExactCover(_ c: any SQLConnection, _ table: String, key: [String], _ split: KeyRangeSplitter.Split,
                                 file: StaticString = #filePath, line: UInt = #line) throws {
        let d = c.dialect
        let cols = d.columnList(key)
        let all = try c.query("SELECT \(cols) FROM \(d.quote(table)) ORDER BY \(cols)").rows
        var seen: [[SQLValue]] = []
        for r in split.ranges {
            let cond = d.keyRangeCondition(r, key: key)
            let sql = "SELECT \(cols) FROM \(d.quote(table))" + (cond.sql.map { " WHERE \($0)" } ?? "") + " ORDER BY \(cols)"
            seen += try c.query(sql, cond.parameters).rows
        }
        XCTAssertEqual(seen, all, "ranges \(split.ranges) read every key once, in order", file: file, line: line)
        XCTAssertNil(split.ranges.first?.lower, file: file, line: line)
        XCTAssertNil(split.ranges.last?.upper, file: file, line: line)
        for (a, b) in zip(split.ranges, split.ranges.dropFirst()) {
            XCTAssertEqual(a.upper, b.lower, "consecutive ranges share their boundary", file: file, line: line)
        }
    }

    static let int = [ColumnInfo(name: "id", nativeType: "bigint", type: .int64, nullable: false)]
    static let text = [ColumnInfo(name: "code", nativeType: "text", type: .text(maxLength: nil), nullable: false)]
    static let composite = [ColumnInfo(name: "region", nativeType: "text", type: .text(maxLength: nil), nullable: false),
                            ColumnInfo(name: "n", nativeType: "integer", type: .int32, nullable: false)]

    /// Runs every case against `c`; `create` makes an empty table with the given DDL body.
    static func runCases(_ c: any SQLConnection, file: StaticString = #filePath, line: UInt = #line) throws {
        func table(_ name: String, _ ddl: String, _ rows: [[SQLValue]]) throws {
            try c.execute("CREATE TABLE \(c.dialect.quote(name)) (\(ddl))")
            guard let width = rows.first?.count else { return }
            let marks = (1...width).map { "$\($0)" }.joined(separator: ", ")
            try c.transaction {
                for r in rows { try c.execute("INSERT INTO \(c.dialect.quote(name)) VALUES (\(marks))", r) }
            }
        }
        let intDDL = "id BIGINT PRIMARY KEY, v TEXT"
        let textDDL = "code TEXT PRIMARY KEY, v TEXT"
        let compositeDDL = "region TEXT NOT NULL, n INTEGER NOT NULL, v TEXT, PRIMARY KEY (region, n)"
        let ints: [Int64] = Array(1...500)
        let skewed: [Int64] = Array(1...300) + [1_000_000_000_000, Int64.max, Int64.min]
        try table("i_empty", intDDL, [])
        try table("i_one", intDDL, [[.int(42), .text("x")]])
        try table("i_two", intDDL, [[.int(7), .null], [.int(8), .null]])
        try table("i_many", intDDL, ints.map { [.int($0), .text("r\($0)")] })
        try table("i_skew", intDDL, skewed.map { [.int($0), .null] })
        try table("t_empty", textDDL, [])
        try table("t_one", textDDL, [[.text("only"), .null]])
        try table("t_many", textDDL, (0..<400).map { [.text(String(format: "k%05d", $0 * 7919 % 400)), .null] })
        try table("t_skew", textDDL, (0..<200).map { [.text("aaaa\($0)"), .null] } + [[.text("zzz"), .null], [.text(""), .null]])
        try table("c_many", compositeDDL, (0..<450).map { [.text(["east", "north", "west"][$0 % 3]), .int(Int64($0 / 3)), .null] })
        try table("c_one_region", compositeDDL, (0..<60).map { [.text("solo"), .int(Int64($0)), .null] })

        let cases: [(String, [ColumnInfo])] = [
            ("i_empty", int), ("i_one", int), ("i_two", int), ("i_many", int), ("i_skew", int),
            ("t_empty", text), ("t_one", text), ("t_many", text), ("t_skew", text),
            ("c_many", composite), ("c_one_region", composite),
        ]
        for (name, key) in cases {
            for n in [1, 2, 3, 7, 16, 1000] {
                let split = try KeyRangeSplitter.split(c, table: TableRef(name: name), key: key, count: n)
                XCTAssertLessThanOrEqual(split.ranges.count, n, "\(name) in \(n)", file: file, line: line)
                try assertExactCover(c, name, key: key.map(\.name), split, file: file, line: line)
            }
        }
        // Even splits where the keys allow them: 500 integers in 4 → 125 each; 450 composite keys in 3 → 150 each.
        let even = try KeyRangeSplitter.split(c, table: TableRef(name: "i_many"), key: int, count: 4)
        XCTAssertEqual(even.method, .arithmetic)
        XCTAssertEqual(try counts(c, "i_many", key: ["id"], even.ranges), [125, 125, 125, 125], file: file, line: line)
        let quant = try KeyRangeSplitter.split(c, table: TableRef(name: "c_many"), key: composite, count: 3)
        XCTAssertEqual(quant.method, .quantiles)
        XCTAssertEqual(try counts(c, "c_many", key: ["region", "n"], quant.ranges), [150, 150, 150], file: file, line: line)
        // Fewer keys than ranges: one row → the whole table; two rows in 1000 → two ranges.
        XCTAssertEqual(try KeyRangeSplitter.split(c, table: TableRef(name: "t_one"), key: text, count: 8).method, .whole)
        XCTAssertEqual(try KeyRangeSplitter.split(c, table: TableRef(name: "i_two"), key: int, count: 1000).ranges.count, 2)
    }

    static func counts(_ c: any SQLConnection, _ table: String, key: [String], _ ranges: [KeyRange]) throws -> [Int64] {
        try ranges.map { r in
            let cond = c.dialect.keyRangeCondition(r, key: key)
            let sql = "SELECT COUNT(*) FROM \(c.dialect.quote(table))" + (cond.sql.map { " WHERE \($0)" } ?? "")
            return try c.query(sql, cond.parameters).rows[0][0].int64 ?? -1
        }
    }
}

final class KeyRangeSplitterSQLiteTests: XCTestCase {
    func testRangesCoverEveryKeyOnce() throws {
        let dir = try DriverTestSupport.temporaryDirectory("ferry-split")
        defer { try? FileManager.default.removeItem(at: dir) }
        let c = try SQLiteConnection(path: dir.appendingPathComponent("split.db").path)
        defer { c.close() }
        try KeyRangeCoverage.runCases(c)
    }
}

final class KeyRangeSplitterPostgresTests: PostgresTestBase {
    func testRangesCoverEveryKeyOnce() throws {
        try KeyRangeCoverage.runCases(conn)
    }

    /// A table the statistics call large is split from a sample — rows (Bernoulli), and blocks when the table has
    /// more pages than the floor (here the floor is lowered to 500 of its ~1,100 pages, so all of them are read,
    /// thinned): still an exact cover, roughly even.
    func testSampledSplitOfAnalysedTable() throws {
        try conn.execute("CREATE TABLE big (region text, n int, PRIMARY KEY (region, n))")
        try conn.execute("INSERT INTO big SELECT 'r' || (g % 5), g FROM generate_series(1, 200000) g")
        try conn.execute("ANALYZE big")
        for floor in [KeyRangeSplitter.blockSampleFloorPages, 500] {
            let split = try KeyRangeSplitter.split(conn, table: TableRef(name: "big"), key: KeyRangeCoverage.composite,
                                                   count: 4, sampleFloor: 1_000, blockFloorPages: floor)
            XCTAssertEqual(split.method, .sampled)
            XCTAssertEqual(split.ranges.count, 4)
            try KeyRangeCoverage.assertExactCover(conn, "big", key: ["region", "n"], split)
            for n in try KeyRangeCoverage.counts(conn, "big", key: ["region", "n"], split.ranges) {
                XCTAssertGreaterThan(n, 40_000, "each quarter near 50,000 rows (block floor \(floor) pages)")
            }
        }
    }

    /// The expanded OR-form (dialects without row values) selects the same rows as PostgreSQL's row values.
    func testOrFormMatchesRowValues() throws {
        try conn.execute("CREATE TABLE k3 (a int, b text, c int, PRIMARY KEY (a, b, c))")
        try conn.execute("INSERT INTO k3 SELECT g % 4, chr(97 + g % 3), g FROM generate_series(1, 300) g")
        let range = KeyRange(lower: [.int(1), .text("b"), .int(100)], upper: [.int(3), .text("a"), .int(200)])
        let key = ["a", "b", "c"]
        func keys(_ d: SQLDialect) throws -> [[SQLValue]] {
            let cond = d.keyRangeCondition(range, key: key, firstParameter: 2)
            XCTAssertEqual(cond.parameters.count, 6)
            return try conn.query("SELECT a, b, c FROM k3 WHERE $1 AND \(cond.sql!) ORDER BY a, b, c",
                                  [.bool(true)] + cond.parameters).rows
        }
        let rowValues = try keys(.postgresql)
        XCTAssertFalse(rowValues.isEmpty)
        XCTAssertEqual(try keys(SQLDialect(.generic)), rowValues)
    }
}

/// Ranges travel as JSON in specs and work items; values keep their exact type.
final class KeyRangeCodingTests: XCTestCase {
    func testRangeRoundTripsThroughJSON() throws {
        let r = KeyRange(lower: [.text("east"), .int(-3), .decimal("1.50"), .uuid(UUID())], upper: nil)
        let data = try JSONEncoder().encode([r, .all])
        XCTAssertEqual(try JSONDecoder().decode([KeyRange].self, from: data), [r, .all])
        XCTAssertThrowsError(try JSONDecoder().decode(KeyRange.self, from: Data(#"{"lower": [["nosuch", "1"]]}"#.utf8)))
    }
}
