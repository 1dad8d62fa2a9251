import Foundation
import FerryTime
@testable import FerrySQL

/// Rows of every SPEC type with their edge values, for the reconciliation tests, and their loaders: PostgreSQL
/// and SQLite tables with the types Ferry would create (SQLite's from the type mapping: DECIMAL_TEXT, TIMESTAMPTZ …).
enum ReconcileRows {
    static let pgDDL = """
        id int8 PRIMARY KEY, b bool, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, num numeric(38,10),
        n2 numeric(12,2), t text, c char(8), bin bytea, d date, tm time, ts timestamp, tstz timestamptz, u uuid, j jsonb
        """
    static let sqliteDDL = """
        id BIGINT PRIMARY KEY, b BOOLEAN, i2 SMALLINT, i4 INTEGER, i8 BIGINT, f4 REAL, f8 DOUBLE, num DECIMAL_TEXT(38,10),
        n2 DECIMAL_TEXT(12,2), t TEXT, c CHAR(8), bin BLOB, d DATE, tm TIME, ts TIMESTAMP, tstz TIMESTAMPTZ, u UUID, j JSON
        """
    static let columnCount = 18
    static let floats: [Double] = [-0.0, 0.1, 1e-300, 1e22, 123456.789, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude]

    /// Row i: every column type with its edge values; every 7th row NULL in each nullable column.
    static func row(_ i: Int) -> [SQLValue] {
        if i % 7 == 0 { return [.int(Int64(i))] + Array(repeating: .null, count: columnCount - 1) }
        let micros = Int64(i) * 1_000_003_007 - 500_000_000_000_000
        return [
            .int(Int64(i)),
            .bool(i % 2 == 0),
            .int(Int64(Int16.min) + Int64(i)),
            .int(Int64(Int32.max) - Int64(i)),
            .int(i % 5 == 0 ? Int64.min + 1 : Int64.max - Int64(i)),
            .double(Double(Float(Double(i) / 3.0))),
            .double(floats[i % floats.count]),
            .decimal(EdgeRows.decimals[i % EdgeRows.decimals.count]),
            .decimal(["1.50", "0.00", "-12.30", "9999999999.99"][i % 4]),
            .text(EdgeRows.texts[i % EdgeRows.texts.count]),
            .text(["a", "", "abc  ", "日本"][i % 4]),
            .bytes(i % 3 == 0 ? [] : [0, UInt8(i % 256), 0xFF, 0x5C]),
            .date(i % 9 == 0 ? Int32.max : Int32((i * 37) % 40_000) - 20_000),
            .time(Int64(i) * 3_600_000_123 % TemporalFormat.microsPerDay),
            .timestamp(i % 10 == 0 ? Int64.max : micros),
            .timestamptz(i % 11 == 0 ? Int64.min : micros + 123_456),
            .uuid(UUID(uuidString: String(format: "%08X-0000-4000-8000-%012x", i, i * 7919))!),
            .json(i % 2 == 0 ? "{\"a\": [1, 2.50, \"x\"], \"s\": \"\\\"q\\\"\"}" : "{\"i\": \(i)}"),
        ]
    }

    static let rows = 1...40

    static func loadPostgres(_ table: String, on c: any SQLConnection, _ rows: ClosedRange<Int> = rows) throws {
        try c.execute("CREATE TABLE \(SQLDialect.postgresql.quote(table)) (\(ReconcileRows.pgDDL))")
        let marks = (1...ReconcileRows.columnCount).map { "$\($0)" }.joined(separator: ", ")
        let insert = try c.prepare("INSERT INTO \(SQLDialect.postgresql.quote(table)) VALUES (\(marks))")
        for i in rows { try insert.execute(ReconcileRows.row(i)) }
        insert.close()
    }

    static func loadSQLite(_ table: String, on c: any SQLConnection, _ rows: ClosedRange<Int> = rows) throws {
        try c.execute("CREATE TABLE \(SQLDialect.postgresql.quote(table)) (\(ReconcileRows.sqliteDDL))")
        let marks = (1...ReconcileRows.columnCount).map { "$\($0)" }.joined(separator: ", ")
        let insert = try c.prepare("INSERT INTO \(SQLDialect.postgresql.quote(table)) VALUES (\(marks))")
        try c.transaction { for i in rows { try insert.execute(ReconcileRows.row(i)) } }
        insert.close()
    }
}
