/// float4 / float8. float4 values are parsed as Float so that their Double is the exact float value.
enum PGFloat {
    static func decodeBinary(_ b: UnsafeRawBufferPointer, oid: UInt32) throws -> SQLValue {
        switch b.count {
        case 4: return .double(Double(Float(bitPattern: b.pgReadBE(UInt32.self, at: 0))))
        case 8: return .double(Double(bitPattern: b.pgReadBE(UInt64.self, at: 0)))
        default: throw PGValueError.badBinary(oid: oid, length: b.count)
        }
    }

    /// PostgreSQL prints "NaN", "Infinity", "-Infinity", which Swift's parsers accept.
    static func decodeText(_ b: UnsafeRawBufferPointer, oid: UInt32) -> SQLValue? {
        let s = String(decoding: b, as: UTF8.self)
        if oid == PostgresOID.float4 { return Float(s).map { .double(Double($0)) } }
        return Double(s).map { .double($0) }
    }

    static func encodeBinary(_ v: SQLValue, oid: UInt32, into buf: inout [UInt8]) throws {
        if oid == PostgresOID.float4 {
            let f: Float
            switch v {
            case .double(let d): f = Float(d)
                guard f.isFinite || !d.isFinite else { throw PGValueError.outOfRange("value out of range for type real") }
            case .int(let i): f = Float(i)
            case .bool(let b): f = b ? 1 : 0
            case .decimal(let s), .text(let s):
                guard let x = Float(s.pgTrimmed) else { throw PGValueError.invalid("invalid input syntax for type real") }
                f = x
            default: throw PGValueError.cannotConvert(v, to: oid)
            }
            buf.pgAppendBE(f.bitPattern)
        } else {
            let d: Double
            switch v {
            case .double(let x): d = x
            case .int(let i): d = Double(i)
            case .bool(let b): d = b ? 1 : 0
            case .decimal(let s), .text(let s):
                guard let x = Double(s.pgTrimmed) else { throw PGValueError.invalid("invalid input syntax for type double precision") }
                d = x
            default: throw PGValueError.cannotConvert(v, to: oid)
            }
            buf.pgAppendBE(d.bitPattern)
        }
    }
}

extension String {
    var pgTrimmed: Substring {
        var s = self[...]
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
