import Foundation
import FerryTime

/// One database value, NULL included. Covers the SPEC's types without loss:
/// decimals stay exact (canonical text, never through Double), temporal values are integers.
public enum SQLValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    /// Exact decimal as canonical text: optional '-', digits, optional '.' and digits; or "NaN", "Infinity", "-Infinity".
    case decimal(String)
    case text(String)
    case bytes([UInt8])
    /// Days since 1970-01-01.
    case date(Int32)
    /// Microseconds since midnight.
    case time(Int64)
    /// Microseconds since 1970-01-01T00:00:00, no time zone. Int64.max/min are +/-infinity.
    case timestamp(Int64)
    /// Microseconds since 1970-01-01T00:00:00Z. Int64.max/min are +/-infinity.
    case timestamptz(Int64)
    case uuid(UUID)
    case json(String)

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// The case's name, for error messages that must not echo the value itself (every driver uses this one).
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .double: return "double"
        case .decimal: return "decimal"
        case .text: return "text"
        case .bytes: return "bytes"
        case .date: return "date"
        case .time: return "time"
        case .timestamp: return "timestamp"
        case .timestamptz: return "timestamptz"
        case .uuid: return "uuid"
        case .json: return "json"
        }
    }
}

extension SQLValue {
    /// Text form used where a target stores text (SQLite, ODBC parameters, CSV): ISO-8601 for temporal values.
    public var textValue: String? {
        switch self {
        case .null: return nil
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return SQLValue.format(double: d)
        case .decimal(let s), .text(let s), .json(let s): return s
        case .bytes(let b): return "\\x" + b.map { String(format: "%02x", $0) }.joined()
        case .date(let d): return TemporalFormat.date(days: d)
        case .time(let t): return TemporalFormat.time(micros: t)
        case .timestamp(let t): return TemporalFormat.timestamp(micros: t, zulu: false)
        case .timestamptz(let t): return TemporalFormat.timestamp(micros: t, zulu: true)
        case .uuid(let u): return u.uuidString.lowercased()
        }
    }

    /// Shortest text that reads back to the same Double ("1e+300", "0.1", "NaN", "Infinity").
    public static func format(double d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return "\(d)"
    }

    /// Convenience accessors used by stores and tests.
    public var int64: Int64? {
        switch self {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .decimal(let s), .text(let s): return Int64(s)
        case .double(let d): return d.isFinite && d == d.rounded() ? Int64(exactly: d) : nil
        default: return nil
        }
    }
    public var string: String? { textValue }
}
