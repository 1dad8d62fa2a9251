import FerrySQL
import Foundation

/// A table holding every SPEC type, each value with the canonical text an independent reader must give back
/// (`Readers/read_export.py` prints values in the same forms). Expected texts are written out by hand.
enum ExportFixture {
    struct Column { var info: ColumnInfo; var kind: String }

    static let columns: [Column] = [
        col("ID", .int64, "int"), col("B", .bool, "bool"), col("I16", .int16, "int"), col("I32", .int32, "int"),
        col("F32", .float32, "f32"), col("F64", .float64, "f64"),
        col("DEC5", .decimal(precision: 5, scale: 0), "decimal"), col("DEC12", .decimal(precision: 12, scale: 2), "decimal"),
        col("DEC30", .decimal(precision: 30, scale: 10), "decimal"), col("NUM", .decimal(precision: nil, scale: nil), "decimal"),
        col("TXT", .text(maxLength: nil), "text"), col("CH", .char(length: 5), "text"), col("BYT", .bytes, "bytes"),
        col("D", .date, "date"), col("T", .time, "time"), col("TS", .timestamp, "timestamp"), col("TSZ", .timestamptz, "timestamptz"),
        col("U", .uuid, "uuid"), col("J", .json, "json"),
    ]

    static func col(_ name: String, _ type: SQLType, _ kind: String) -> Column {
        Column(info: ColumnInfo(name: name, nativeType: type.name, type: type, nullable: true), kind: kind)
    }

    static let tricky = "line1\nline2 \"quoted\" back\\slash, comma;\ttab\r\nCRLF 😀 𝄞 ünï"

    /// (value, expected canonical text) per column, per row.
    static let rows: [[(SQLValue, String?)]] = [
        [(.int(1), "1"), (.bool(true), "true"), (.int(-32768), "-32768"), (.int(2_147_483_647), "2147483647"),
         (.double(Double(Float(0.1))), "0.10000000149011612"), (.double(0.1), "0.1"),
         (.decimal("-99999"), "-99999"), (.decimal("12345.67"), "12345.67"),
         (.decimal("-12345678901234567890.1234567890"), "-12345678901234567890.1234567890"),
         (.decimal("3.14159265358979323846264338327950288419716939937510"), "3.14159265358979323846264338327950288419716939937510"),
         (.text(tricky), tricky), (.text("ab   "), "ab   "), (.bytes([0, 1, 2, 0xFE, 0xFF]), "AAEC/v8="),
         (.date(19782), "2024-02-29"), (.time(86_399_999_999), "23:59:59.999999"),
         (.timestamp(1_709_210_096_123_456), "2024-02-29T12:34:56.123456"),
         (.timestamptz(946_684_799_000_001), "1999-12-31T23:59:59.000001+00:00"),
         (.uuid(UUID(uuidString: "0f8fad5b-d9cb-469f-a165-70867728950e")!), "0f8fad5b-d9cb-469f-a165-70867728950e"),
         (.json("{ \"a\": [1, 2.5, \"x\\ny\"],\n  \"b\": null, \"c\": \"😀\" }"), "{\"a\":[1,2.5,\"x\\ny\"],\"b\":null,\"c\":\"😀\"}")],
        [(.int(2), "2")] + Array(repeating: (SQLValue.null, String?.none), count: 18),
        [(.int(3), "3"), (.bool(false), "false"), (.int(32767), "32767"), (.int(-2_147_483_648), "-2147483648"),
         (.double(-0.0), "-0.0"), (.double(1e300), "1e+300"),
         (.decimal("0"), "0"), (.decimal("-0.01"), "-0.01"),
         (.decimal("99999999999999999999.9999999999"), "99999999999999999999.9999999999"), (.decimal("-0.5"), "-0.5"),
         (.text(""), ""), (.text("x"), "x"), (.bytes([]), ""),
         (.date(-25567), "1900-01-01"), (.time(0), "00:00:00.000000"),
         (.timestamp(-1), "1969-12-31T23:59:59.999999"), (.timestamptz(-62_135_596_800_000_000), "0001-01-01T00:00:00.000000+00:00"),
         (.uuid(UUID(uuidString: "00000000-0000-0000-0000-000000000000")!), "00000000-0000-0000-0000-000000000000"),
         (.json("[]"), "[]")],
        [(.int(4), "4"), (.bool(true), "true"), (.int(0), "0"), (.int(0), "0"),
         (.double(Double(Float(3.4e38))), "3.3999999521443642e+38"), (.double(.nan), "NaN"),
         (.decimal("1"), "1"), (.decimal("0.10"), "0.10"), (.decimal("0.0000000001"), "0.0000000001"), (.decimal("100000"), "100000"),
         (.text("𝄞"), "𝄞"), (.text(""), ""), (.bytes(Array("ünï".utf8)), "w7xuw68="),
         (.date(0), "1970-01-01"), (.time(43_200_000_001), "12:00:00.000001"),
         (.timestamp(0), "1970-01-01T00:00:00.000000"), (.timestamptz(1), "1970-01-01T00:00:00.000001+00:00"),
         (.uuid(UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")!), "ffffffff-ffff-ffff-ffff-ffffffffffff"),
         (.json("\"just a string\""), "\"just a string\"")],
    ]

    static var columnInfos: [ColumnInfo] { columns.map(\.info) }
    static var kinds: [String] { columns.map(\.kind) }
    static var expected: [[String?]] { rows.map { $0.map(\.1) } }

    static func batch(_ rows: [[(SQLValue, String?)]] = rows) -> RowBatch {
        var b = RowBatch(columnCount: columns.count)
        for r in rows { b.append(row: r.map(\.0)) }
        return b
    }

    /// `n` rows of a narrow table (ID, TXT) for the splitting tests.
    static func numbered(_ range: Range<Int>) -> RowBatch {
        var b = RowBatch(columnCount: 2)
        for i in range { b.append(row: [.int(Int64(i)), .text("row \(i) " + String(repeating: "x", count: i % 50))]) }
        return b
    }
    static let numberedColumns = [col("ID", .int64, "int").info, col("TXT", .text(maxLength: nil), "text").info]
}
