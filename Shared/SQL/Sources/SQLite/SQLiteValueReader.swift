import CSQLite
import Foundation
import FerryTime

/// Decodes one SQLite value by the column's declared type combined with the value's storage class
/// (SQLite lets any column hold any class). When the declared type does not explain the stored
/// value — text in an INTEGER column, a date that does not parse — the storage class decides, so
/// nothing is ever dropped: INTEGER → .int, REAL → .double, TEXT → .text, BLOB → .bytes.
enum SQLiteValueReader {
    static func read(_ stmt: OpaquePointer, _ col: Int32, _ type: SQLType?) -> SQLValue {
        let storage = sqlite3_column_type(stmt, col)
        if storage == SQLITE_NULL { return .null }
        if let type, let v = decode(stmt, col, storage, type) { return v }
        switch storage {
        case SQLITE_INTEGER: return .int(sqlite3_column_int64(stmt, col))
        case SQLITE_FLOAT: return .double(sqlite3_column_double(stmt, col))
        case SQLITE_BLOB: return .bytes(blob(stmt, col))
        default: return .text(text(stmt, col))
        }
    }

    private static func decode(_ stmt: OpaquePointer, _ col: Int32, _ storage: Int32, _ type: SQLType) -> SQLValue? {
        switch type {
        case .bool:
            if storage == SQLITE_INTEGER { return .bool(sqlite3_column_int64(stmt, col) != 0) }
            if storage == SQLITE_TEXT {
                switch text(stmt, col).lowercased() {
                case "true", "t": return .bool(true)
                case "false", "f": return .bool(false)
                default: return nil
                }
            }
        case .int16, .int32, .int64:
            if storage == SQLITE_INTEGER { return .int(sqlite3_column_int64(stmt, col)) }
        case .float32, .float64:
            if storage == SQLITE_FLOAT || storage == SQLITE_INTEGER { return .double(sqlite3_column_double(stmt, col)) }
            if storage == SQLITE_TEXT {   // how the driver stores NaN (and how others may store infinities)
                switch text(stmt, col) {
                case "NaN": return .double(.nan)
                case "Infinity", "Inf": return .double(.infinity)
                case "-Infinity", "-Inf": return .double(-.infinity)
                default: return nil
                }
            }
        case .decimal:
            switch storage {
            case SQLITE_INTEGER: return .decimal(String(sqlite3_column_int64(stmt, col)))
            case SQLITE_FLOAT: return .decimal(DecimalText.plain(sqlite3_column_double(stmt, col)))
            case SQLITE_TEXT: return DecimalText.canonical(text(stmt, col)).map(SQLValue.decimal)
            default: return nil
            }
        case .text, .char:
            if storage == SQLITE_TEXT { return .text(text(stmt, col)) }
        case .json:
            // JSON has numeric affinity: a scalar like 1.50 comes back as a number, still valid JSON.
            switch storage {
            case SQLITE_TEXT: return .json(text(stmt, col))
            case SQLITE_INTEGER: return .json(String(sqlite3_column_int64(stmt, col)))
            case SQLITE_FLOAT: return .json(SQLValue.format(double: sqlite3_column_double(stmt, col)))
            default: return nil
            }
        case .bytes:
            if storage == SQLITE_BLOB { return .bytes(blob(stmt, col)) }
        case .date:
            if storage == SQLITE_TEXT { return TemporalFormat.parseDate(text(stmt, col)[...]).map(SQLValue.date) }
        case .time:
            if storage == SQLITE_TEXT { return TemporalFormat.parseTime(text(stmt, col)[...]).map(SQLValue.time) }
        case .timestamp:
            if storage == SQLITE_TEXT { return TemporalFormat.parseTimestamp(text(stmt, col)[...]).map(SQLValue.timestamp) }
        case .timestamptz:
            // Text without a zone is taken as UTC (what the driver writes always carries "Z").
            if storage == SQLITE_TEXT { return TemporalFormat.parseTimestamp(text(stmt, col)[...]).map(SQLValue.timestamptz) }
        case .uuid:
            if storage == SQLITE_TEXT { return UUID(uuidString: text(stmt, col)).map(SQLValue.uuid) }
            if storage == SQLITE_BLOB {   // 16 raw bytes, as some applications store UUIDs
                let b = blob(stmt, col)
                guard b.count == 16 else { return nil }
                return .uuid(UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])))
            }
        case .other:
            return nil
        }
        return nil
    }

    static func text(_ stmt: OpaquePointer, _ col: Int32) -> String {
        // column_text before column_bytes: the byte count is of the UTF-8 form text() produced.
        guard let p = sqlite3_column_text(stmt, col) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(stmt, col))), as: UTF8.self)
    }

    static func blob(_ stmt: OpaquePointer, _ col: Int32) -> [UInt8] {
        guard let p = sqlite3_column_blob(stmt, col) else { return [] }   // nil for a zero-length blob
        return Array(UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(stmt, col))))
    }
}
