import CSQLite

/// One SQLite value as ``SQLiteValueReader`` reads it: a result column of a stepped statement, or an argument of
/// a SQL function Ferry registers (``SQLiteDigestFunctions``). Text is read before its byte count, so the count is
/// that of the UTF-8 form SQLite produced.
protocol SQLiteCell {
    var storage: Int32 { get }
    var int64: Int64 { get }
    var double: Double { get }
    var text: String { get }
    var blob: [UInt8] { get }
}

struct SQLiteColumnCell: SQLiteCell {
    let stmt: OpaquePointer
    let col: Int32

    var storage: Int32 { sqlite3_column_type(stmt, col) }
    var int64: Int64 { sqlite3_column_int64(stmt, col) }
    var double: Double { sqlite3_column_double(stmt, col) }
    var text: String {
        guard let p = sqlite3_column_text(stmt, col) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(stmt, col))), as: UTF8.self)
    }
    var blob: [UInt8] {
        guard let p = sqlite3_column_blob(stmt, col) else { return [] }   // nil for a zero-length blob
        return Array(UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(stmt, col))))
    }
}

struct SQLiteArgumentCell: SQLiteCell {
    let value: OpaquePointer

    var storage: Int32 { sqlite3_value_type(value) }
    var int64: Int64 { sqlite3_value_int64(value) }
    var double: Double { sqlite3_value_double(value) }
    var text: String {
        guard let p = sqlite3_value_text(value) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_value_bytes(value))), as: UTF8.self)
    }
    var blob: [UInt8] {
        guard let p = sqlite3_value_blob(value) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: Int(sqlite3_value_bytes(value))))
    }
}
