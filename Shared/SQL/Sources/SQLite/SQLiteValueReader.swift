import CSQLite
import Foundation
import FerryTime

/// Decodes one SQLite value by the column's declared type combined with the value's storage class
/// (SQLite lets any column hold any class). When the declared type does not explain the stored
/// value — text in an INTEGER column, a date that does not parse — the storage class decides, so
/// nothing is ever dropped: INTEGER → .int, REAL → .double, TEXT → .text, BLOB → .bytes.
/// The same rules read a result column and a SQL function's argument (reconciliation's digest functions), so
/// a value hashes inside SQLite exactly as Ferry reads it: both are a ``SQLiteCell``.
enum SQLiteValueReader {
    static func read(_ stmt: OpaquePointer, _ col: Int32, _ type: SQLType?) -> SQLValue {
        read(SQLiteColumnCell(stmt: stmt, col: col), type)
    }

    @inline(__always)
    static func read<Cell: SQLiteCell>(_ cell: Cell, _ type: SQLType?) -> SQLValue {
        let storage = cell.storage
        if storage == SQLITE_NULL { return .null }
        if let type, let v = decode(cell, storage, type) { return v }
        switch storage {
        case SQLITE_INTEGER: return .int(cell.int64)
        case SQLITE_FLOAT: return .double(cell.double)
        case SQLITE_BLOB: return .bytes(cell.blob)
        default: return .text(cell.text)
        }
    }

    private static func decode<Cell: SQLiteCell>(_ cell: Cell, _ storage: Int32, _ type: SQLType) -> SQLValue? {
        switch type {
        case .bool:
            if storage == SQLITE_INTEGER { return .bool(cell.int64 != 0) }
            if storage == SQLITE_TEXT {
                switch cell.text.lowercased() {
                case "true", "t": return .bool(true)
                case "false", "f": return .bool(false)
                default: return nil
                }
            }
        case .int16, .int32, .int64:
            if storage == SQLITE_INTEGER { return .int(cell.int64) }
        case .float32, .float64:
            if storage == SQLITE_FLOAT || storage == SQLITE_INTEGER { return .double(cell.double) }
            if storage == SQLITE_TEXT {   // how the driver stores NaN (and how others may store infinities)
                switch cell.text {
                case "NaN": return .double(.nan)
                case "Infinity", "Inf": return .double(.infinity)
                case "-Infinity", "-Inf": return .double(-.infinity)
                default: return nil
                }
            }
        case .decimal:
            switch storage {
            case SQLITE_INTEGER: return .decimal(String(cell.int64))
            case SQLITE_FLOAT: return .decimal(DecimalText.plain(cell.double))
            case SQLITE_TEXT: return DecimalText.canonical(cell.text).map(SQLValue.decimal)
            default: return nil
            }
        case .text, .char:
            if storage == SQLITE_TEXT { return .text(cell.text) }
        case .json:
            // JSON has numeric affinity: a scalar like 1.50 comes back as a number, still valid JSON.
            switch storage {
            case SQLITE_TEXT: return .json(cell.text)
            case SQLITE_INTEGER: return .json(String(cell.int64))
            case SQLITE_FLOAT: return .json(SQLValue.format(double: cell.double))
            default: return nil
            }
        case .bytes:
            if storage == SQLITE_BLOB { return .bytes(cell.blob) }
        case .date:
            if storage == SQLITE_TEXT { return TemporalFormat.parseDate(cell.text[...]).map(SQLValue.date) }
        case .time:
            if storage == SQLITE_TEXT { return TemporalFormat.parseTime(cell.text[...]).map(SQLValue.time) }
        case .timestamp:
            if storage == SQLITE_TEXT { return TemporalFormat.parseTimestamp(cell.text[...]).map(SQLValue.timestamp) }
        case .timestamptz:
            // Text without a zone is taken as UTC (what the driver writes always carries "Z").
            if storage == SQLITE_TEXT { return TemporalFormat.parseTimestamp(cell.text[...]).map(SQLValue.timestamptz) }
        case .uuid:
            if storage == SQLITE_TEXT { return UUID(uuidString: cell.text).map(SQLValue.uuid) }
            if storage == SQLITE_BLOB {   // 16 raw bytes, as some applications store UUIDs
                let b = cell.blob
                guard b.count == 16 else { return nil }
                return .uuid(UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])))
            }
        case .other:
            return nil
        }
        return nil
    }
}
