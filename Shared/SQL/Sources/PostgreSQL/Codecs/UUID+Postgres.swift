import Foundation

/// uuid: 16 bytes in binary, canonical lowercase text otherwise.
enum PGUUID {
    static func decodeBinary(_ b: UnsafeRawBufferPointer) throws -> SQLValue {
        guard b.count == 16 else { throw PGValueError.badBinary(oid: PostgresOID.uuid, length: b.count) }
        return .uuid(UUID(uuid: b.loadUnaligned(as: uuid_t.self)))
    }

    static func decodeText(_ b: UnsafeRawBufferPointer) -> SQLValue? {
        UUID(uuidString: String(decoding: b, as: UTF8.self)).map { .uuid($0) }
    }

    static func encodeBinary(_ v: SQLValue, into buf: inout [UInt8]) throws {
        let u: UUID
        switch v {
        case .uuid(let x): u = x
        case .text(let s):
            guard let x = parse(s) else { throw PGValueError.invalid("invalid input syntax for type uuid") }
            u = x
        case .bytes(let b) where b.count == 16:
            buf.append(contentsOf: b); return
        default: throw PGValueError.cannotConvert(v, to: PostgresOID.uuid)
        }
        Swift.withUnsafeBytes(of: u.uuid) { buf.append(contentsOf: $0) }
    }

    /// Accepts the hyphenated form, optionally braced, and the 32-hex-digit form PostgreSQL also takes.
    static func parse(_ s: String) -> UUID? {
        var t = s.pgTrimmed
        if t.first == "{", t.last == "}" { t = t.dropFirst().dropLast() }
        if let u = UUID(uuidString: String(t)) { return u }
        guard t.count == 32, t.allSatisfy(\.isHexDigit) else { return nil }
        let h = Array(t)
        let dashed = String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-"
            + String(h[16..<20]) + "-" + String(h[20..<32])
        return UUID(uuidString: dashed)
    }
}
