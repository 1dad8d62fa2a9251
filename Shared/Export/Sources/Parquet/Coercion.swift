import FerrySQL
import Foundation
import FerryTime

/// Values into a typed Parquet column. Drivers hand over the value case of the column's type, but SQLite's
/// dynamic typing can put text in an INTEGER column: what converts exactly is accepted, anything else is a
/// clear error naming the column (the step fails rather than write a wrong value).
enum Coercion {
    struct Failure: Error { var reason: String }

    static func bool(_ v: SQLValue) throws -> Bool {
        switch v {
        case .bool(let b): return b
        case .int(let i) where i == 0 || i == 1: return i == 1
        case .text(let s) where s == "true" || s == "false": return s == "true"
        default: throw Failure(reason: "not a boolean")
        }
    }

    static func int(_ v: SQLValue) throws -> Int64 {
        guard let i = v.int64 else { throw Failure(reason: "not an integer") }
        return i
    }

    static func double(_ v: SQLValue) throws -> Double {
        switch v {
        case .double(let d): return d
        case .int(let i): return Double(i)
        case .decimal(let s), .text(let s):
            if let d = Double(s) { return d }
            throw Failure(reason: "not a number")
        default: throw Failure(reason: "not a number")
        }
    }

    static func date(_ v: SQLValue) throws -> Int32 {
        switch v {
        case .date(let d): return d
        case .text(let s): if let d = TemporalFormat.parseDate(s[...]) { return d }
        default: break
        }
        throw Failure(reason: "not a date")
    }

    static func time(_ v: SQLValue) throws -> Int64 {
        switch v {
        case .time(let t): return t
        case .text(let s): if let t = TemporalFormat.parseTime(s[...]) { return t }
        default: break
        }
        throw Failure(reason: "not a time")
    }

    static func timestamp(_ v: SQLValue) throws -> Int64 {
        switch v {
        case .timestamp(let t), .timestamptz(let t): return t
        case .text(let s): if let t = TemporalFormat.parseTimestamp(s[...]) { return t }
        default: break
        }
        throw Failure(reason: "not a timestamp")
    }

    static func uuid(_ v: SQLValue) throws -> UUID {
        switch v {
        case .uuid(let u): return u
        case .text(let s): if let u = UUID(uuidString: s) { return u }
        case .bytes(let b) where b.count == 16:
            return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
        default: break
        }
        throw Failure(reason: "not a UUID")
    }

    /// The bytes of a BYTE_ARRAY value: a bytes column takes binary values as they are, a text column the
    /// UTF-8 of the value's text form.
    static func bytes(_ v: SQLValue, binary: Bool) -> [UInt8] {
        if binary, case .bytes(let b) = v { return b }
        if case .bytes(let b) = v { return Array(("\\x" + b.hexString).utf8) }
        return Array((v.textValue ?? "").utf8)
    }
}
