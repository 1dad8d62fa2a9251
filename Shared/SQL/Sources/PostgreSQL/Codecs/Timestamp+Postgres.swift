import FerryTime
/// timestamp / timestamptz: Int64 microseconds since 2000-01-01 (UTC for timestamptz) in binary;
/// Int64.max/min are ±infinity on both sides.
enum PGTimestamp {
    /// 2000-01-01T00:00:00 in microseconds since 1970-01-01.
    static let epochOffsetMicros: Int64 = 946_684_800_000_000

    static func decodeBinary(_ b: UnsafeRawBufferPointer, oid: UInt32) throws -> SQLValue {
        guard b.count == 8 else { throw PGValueError.badBinary(oid: oid, length: b.count) }
        let raw = b.pgReadBE(Int64.self, at: 0)
        var t = raw
        if raw != Int64.max && raw != Int64.min {
            let (v, o) = raw.addingReportingOverflow(epochOffsetMicros)
            guard !o else { throw PGValueError.datetimeOverflow("timestamp out of range") }
            t = v
        }
        return oid == PostgresOID.timestamptz ? .timestamptz(t) : .timestamp(t)
    }

    static func decodeText(_ b: UnsafeRawBufferPointer, oid: UInt32) -> SQLValue? {
        guard let t = parse(b) else { return nil }
        return oid == PostgresOID.timestamptz ? .timestamptz(t) : .timestamp(t)
    }

    /// Microseconds since 1970 (UTC when the text carries a zone).
    static func parse(_ b: UnsafeRawBufferPointer) -> Int64? {
        if let inf = PGTemporalText.infinity(b) { return inf == .plus ? Int64.max : Int64.min }
        guard let p = PGTemporalText.parse(b) else { return nil }
        let (dayMicros, o) = Int64(p.days).multipliedReportingOverflow(by: TemporalFormat.microsPerDay)
        guard !o else { return nil }
        return dayMicros + p.micros - p.offsetMicros
    }

    /// A timestamp is taken as UTC when written into timestamptz and vice versa; a date is its midnight.
    static func micros(from v: SQLValue, oid: UInt32) throws -> Int64 {
        switch v {
        case .timestamp(let t), .timestamptz(let t): return t
        case .date(let d):
            if d == Int32.max { return Int64.max }
            if d == Int32.min { return Int64.min }
            return Int64(d) * TemporalFormat.microsPerDay
        case .text(let s):
            guard let t = s.pgWithUTF8({ parse($0) }) else {
                throw PGValueError.invalid("invalid input syntax for type \(PostgresTypes.name(oid: oid))")
            }
            return t
        default: throw PGValueError.cannotConvert(v, to: oid)
        }
    }

    static func encodeBinary(_ v: SQLValue, oid: UInt32, into buf: inout [UInt8]) throws {
        let t = try micros(from: v, oid: oid)
        if t == Int64.max || t == Int64.min { buf.pgAppendBE(t); return }
        let (x, o) = t.subtractingReportingOverflow(epochOffsetMicros)
        guard !o else { throw PGValueError.datetimeOverflow("timestamp out of range") }
        buf.pgAppendBE(x)
    }
}
