import Foundation
import FerrySQL

/// Rows full of edge cases every driver test round-trips: NULLs, 38-digit decimals, infinities,
/// bytes with zero bytes, text with tabs/newlines/backslashes/quotes/unicode, far dates.
/// Columns: id int8, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, num numeric(38,10), b bool,
/// t text, vc varchar(50), bin bytea, d date, ts timestamp, tstz timestamptz, u uuid, j json.
enum EdgeRows {
    static let columns = ["id", "i2", "i4", "i8", "f4", "f8", "num", "b", "t", "vc", "bin", "d", "ts", "tstz", "u", "j"]

    static let texts = ["", "plain", "tab\there", "new\nline", "cr\r\nlf", "back\\slash", "quote'\"", "unicode ☃ 日本語 🚀",
                        "\\N", "comma,semi;pipe|", String(repeating: "x", count: 300)]
    static let decimals = ["0", "-1.5", "12345678901234567890123456.7890123456", "-99999999999999999999999999.9999999999",
                           "0.0000000001", "1000000", "3.1400000000"]

    /// Deterministic row i (i ≥ 1). Every 7th row has NULLs in every nullable column.
    static func row(_ i: Int) -> [SQLValue] {
        if i % 7 == 0 {
            return [.int(Int64(i))] + Array(repeating: SQLValue.null, count: columns.count - 1)
        }
        let bytes: [UInt8] = [0, UInt8(i % 256), 0, 255, UInt8((i / 256) % 256), 0x5C, 0x0A]
        let day = Int32((i * 37) % 40_000) - 20_000            // ~1915…2024
        let micros = Int64(i) * 1_000_003_007 - 500_000_000_000_000
        return [
            .int(Int64(i)),
            .int(Int64(i % 2 == 0 ? Int16.max : Int16.min) / Int64(1 + i % 5)),
            .int(Int64(i % 3 == 0 ? Int32.min : Int32.max - Int32(i))),
            .int(i % 5 == 0 ? Int64.min + 1 : Int64.max - Int64(i)),
            .double(Double(Float(Double(i) / 3.0))),
            .double(i % 11 == 0 ? -0.1 : Double(i) * 1e-300 + 0.1),
            .decimal(decimals[i % decimals.count]),
            .bool(i % 2 == 0),
            .text(texts[i % texts.count] + String(i)),
            .text("v\(i)"),
            .bytes(bytes),
            .date(day),
            .timestamp(micros),
            .timestamptz(micros + 123_456),
            .uuid(UUID(uuidString: String(format: "%08x-0000-4000-8000-%012x", i, i * 7919))!),
            .json("{\"i\": \(i), \"s\": \"a\\\"b\"}"),
        ]
    }

    static let postgresDDL = """
        id int8 PRIMARY KEY, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, num numeric(38,10), b bool,
        t text, vc varchar(50), bin bytea, d date, ts timestamp, tstz timestamptz, u uuid, j json
        """
}
