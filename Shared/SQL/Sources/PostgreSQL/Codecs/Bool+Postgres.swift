/// bool: one byte in binary, "t"/"f" in text.
enum PGBool {
    static func decodeBinary(_ b: UnsafeRawBufferPointer) throws -> SQLValue {
        guard b.count == 1 else { throw PGValueError.badBinary(oid: PostgresOID.bool, length: b.count) }
        return .bool(b[0] != 0)
    }

    static func decodeText(_ b: UnsafeRawBufferPointer) -> SQLValue? {
        guard b.count == 1 else { return nil }
        return b[0] == 116 ? .bool(true) : b[0] == 102 ? .bool(false) : nil
    }

    /// The spellings PostgreSQL's boolin accepts.
    static func parse(_ s: String) -> Bool? {
        switch s.pgTrimmed.lowercased() {
        case "t", "true", "y", "yes", "on", "1": return true
        case "f", "false", "n", "no", "off", "0": return false
        default: return nil
        }
    }

    static func encodeBinary(_ v: SQLValue, into buf: inout [UInt8]) throws {
        let b: Bool
        switch v {
        case .bool(let x): b = x
        case .int(let i): b = i != 0
        case .text(let s), .decimal(let s):
            guard let x = parse(s) else { throw PGValueError.invalid("invalid input syntax for type boolean") }
            b = x
        default: throw PGValueError.cannotConvert(v, to: PostgresOID.bool)
        }
        buf.append(b ? 1 : 0)
    }
}
