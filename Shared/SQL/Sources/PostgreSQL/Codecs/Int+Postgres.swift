/// int2 / int4 / int8 / oid.
enum PGInteger {
    static func decodeBinary(_ b: UnsafeRawBufferPointer, oid: UInt32) throws -> SQLValue {
        switch b.count {
        case 2: return .int(Int64(b.pgReadBE(Int16.self, at: 0)))
        case 4: return .int(oid == PostgresOID.oid ? Int64(b.pgReadBE(UInt32.self, at: 0)) : Int64(b.pgReadBE(Int32.self, at: 0)))
        case 8: return .int(b.pgReadBE(Int64.self, at: 0))
        default: throw PGValueError.badBinary(oid: oid, length: b.count)
        }
    }

    /// Parses PostgreSQL's integer text output without building a String.
    static func decodeText(_ b: UnsafeRawBufferPointer) -> Int64? {
        guard !b.isEmpty else { return nil }
        var i = 0, negative = false
        if b[0] == 45 || b[0] == 43 { negative = b[0] == 45; i = 1 }
        guard i < b.count else { return nil }
        var magnitude: UInt64 = 0
        while i < b.count {
            let c = b[i]
            guard c >= 48 && c <= 57 else { return nil }
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(c - 48))
            guard !o1, !o2 else { return nil }
            magnitude = a; i += 1
        }
        if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// Any value an integer column can take, converted the way PostgreSQL casts it
    /// (numeric and float round half away from zero / to even; out of range → 22003).
    static func integer(from v: SQLValue, oid: UInt32) throws -> Int64 {
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .double(let d):
            guard d.isFinite, let i = Int64(exactly: d.rounded(.toNearestOrEven)) else {
                throw PGValueError.outOfRange("\(PostgresTypes.name(oid: oid)) out of range")
            }
            return i
        case .decimal(let s), .text(let s):
            if let i = s.pgWithUTF8({ decodeText($0) }) { return i }
            guard let p = PGNumeric.parse(s) else {
                throw PGValueError.invalid("invalid input syntax for type \(PostgresTypes.name(oid: oid))")
            }
            return try rounded(p, oid: oid)
        default:
            throw PGValueError.cannotConvert(v, to: oid)
        }
    }

    /// A decimal rounded half away from zero to an integer, as numeric → int casts do.
    static func rounded(_ p: PGNumeric.Parts, oid: UInt32) throws -> Int64 {
        let overflow = PGValueError.outOfRange("\(PostgresTypes.name(oid: oid)) out of range")
        guard p.special == nil else { throw overflow }
        guard p.pointPosition <= 19 else { throw overflow }
        var magnitude: UInt64 = 0
        for k in 0..<max(p.pointPosition, 0) {
            let d = k < p.digits.count ? UInt64(p.digits[k]) : 0
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(d)
            guard !o1, !o2 else { throw overflow }
            magnitude = a
        }
        let roundIndex = p.pointPosition
        if roundIndex >= 0, roundIndex < p.digits.count, p.digits[roundIndex] >= 5 {
            let (a, o) = magnitude.addingReportingOverflow(1)
            guard !o else { throw overflow }
            magnitude = a
        }
        if p.negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw overflow }
            return Int64(truncatingIfNeeded: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw overflow }
        return Int64(magnitude)
    }

    static func encodeBinary(_ v: SQLValue, oid: UInt32, into buf: inout [UInt8]) throws {
        let i = try integer(from: v, oid: oid)
        switch oid {
        case PostgresOID.int2:
            guard let x = Int16(exactly: i) else { throw PGValueError.outOfRange("smallint out of range") }
            buf.pgAppendBE(x)
        case PostgresOID.int4:
            guard let x = Int32(exactly: i) else { throw PGValueError.outOfRange("integer out of range") }
            buf.pgAppendBE(x)
        case PostgresOID.oid:
            guard let x = UInt32(exactly: i) else { throw PGValueError.outOfRange("OID out of range") }
            buf.pgAppendBE(x)
        default:
            buf.pgAppendBE(i)
        }
    }
}
