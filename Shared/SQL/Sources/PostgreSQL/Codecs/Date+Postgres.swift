import FerryTime
/// date: Int32 days since 2000-01-01 in binary (Int32.max/min = ±infinity, kept as the same sentinels).
enum PGDate {
    /// 2000-01-01 in days since 1970-01-01.
    static let epochOffsetDays: Int32 = 10_957

    static func decodeBinary(_ b: UnsafeRawBufferPointer) throws -> SQLValue {
        guard b.count == 4 else { throw PGValueError.badBinary(oid: PostgresOID.date, length: b.count) }
        let d = b.pgReadBE(Int32.self, at: 0)
        if d == Int32.max || d == Int32.min { return .date(d) }
        let (v, o) = d.addingReportingOverflow(epochOffsetDays)
        guard !o else { throw PGValueError.datetimeOverflow("date out of range") }
        return .date(v)
    }

    static func decodeText(_ b: UnsafeRawBufferPointer) -> SQLValue? {
        if let inf = PGTemporalText.infinity(b) { return .date(inf == .plus ? Int32.max : Int32.min) }
        return PGTemporalText.parse(b).flatMap { Int32(exactly: $0.days) }.map { .date($0) }
    }

    /// Days since 1970 for a value a date column can take (timestamps are cut to their UTC date).
    static func days(from v: SQLValue) throws -> Int32 {
        switch v {
        case .date(let d): return d
        case .timestamp(let t), .timestamptz(let t):
            if t == Int64.max { return Int32.max }
            if t == Int64.min { return Int32.min }
            let d = PGNumeric.floorDiv64(t, TemporalFormat.microsPerDay)
            guard let x = Int32(exactly: d) else { throw PGValueError.datetimeOverflow("date out of range") }
            return x
        case .text(let s):
            return try s.pgWithUTF8 { b in
                if let inf = PGTemporalText.infinity(b) { return inf == .plus ? Int32.max : Int32.min }
                guard let p = PGTemporalText.parse(b), let x = Int32(exactly: p.days) else {
                    throw PGValueError.invalid("invalid input syntax for type date")
                }
                return x
            }
        default: throw PGValueError.cannotConvert(v, to: PostgresOID.date)
        }
    }

    static func encodeBinary(_ v: SQLValue, into buf: inout [UInt8]) throws {
        let d = try days(from: v)
        if d == Int32.max || d == Int32.min { buf.pgAppendBE(d); return }
        let (x, o) = d.subtractingReportingOverflow(epochOffsetDays)
        guard !o else { throw PGValueError.datetimeOverflow("date out of range") }
        buf.pgAppendBE(x)
    }
}

extension PGNumeric {
    static func floorDiv64(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
