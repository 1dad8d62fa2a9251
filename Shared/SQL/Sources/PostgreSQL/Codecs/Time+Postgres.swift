import FerryTime
/// time (without time zone): Int64 microseconds since midnight in binary.
enum PGTime {
    static func decodeBinary(_ b: UnsafeRawBufferPointer) throws -> SQLValue {
        guard b.count == 8 else { throw PGValueError.badBinary(oid: PostgresOID.time, length: b.count) }
        return .time(b.pgReadBE(Int64.self, at: 0))
    }

    static func decodeText(_ b: UnsafeRawBufferPointer) -> SQLValue? {
        var s = PGTemporalText.Scanner(b: b)
        guard let t = PGTemporalText.timeOfDay(&s), s.atEnd else { return nil }
        return .time(t)
    }

    /// Microseconds since midnight for a value a time column can take (a timestamp gives its time of day).
    static func micros(from v: SQLValue) throws -> Int64 {
        switch v {
        case .time(let t): return t
        case .timestamp(let t) where t != Int64.max && t != Int64.min,
             .timestamptz(let t) where t != Int64.max && t != Int64.min:
            let r = t % TemporalFormat.microsPerDay
            return r < 0 ? r + TemporalFormat.microsPerDay : r
        case .text(let s):
            return try s.pgWithUTF8 { b in
                if case .time(let t)? = decodeText(b) { return t }
                if let p = PGTemporalText.parse(b) { return p.micros }
                throw PGValueError.invalid("invalid input syntax for type time")
            }
        default: throw PGValueError.cannotConvert(v, to: PostgresOID.time)
        }
    }

    static func encodeBinary(_ v: SQLValue, into buf: inout [UInt8]) throws {
        let t = try micros(from: v)
        guard t >= 0, t <= TemporalFormat.microsPerDay else { throw PGValueError.datetimeOverflow("time out of range") }
        buf.pgAppendBE(t)
    }
}
