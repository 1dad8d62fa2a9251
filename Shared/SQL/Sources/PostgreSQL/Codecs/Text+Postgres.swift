/// text / varchar / bpchar / name / "char" (and any type read as text): UTF-8 bytes in both formats.
enum PGText {
    static func decode(_ b: UnsafeRawBufferPointer) -> SQLValue {
        .text(String(decoding: b, as: UTF8.self))
    }

    /// Any value as text: its `textValue` (ISO-8601 for temporal values, \x-hex for bytes).
    static func encodeBinary(_ v: SQLValue, oid: UInt32, into buf: inout [UInt8]) throws {
        let s: String
        switch v {
        case .text(let x), .decimal(let x), .json(let x): s = x
        default: s = v.textValue ?? ""
        }
        try appendUTF8(s, into: &buf)
    }

    /// PostgreSQL text cannot hold NUL; rejecting it here names the problem instead of failing the COPY.
    static func appendUTF8(_ s: String, into buf: inout [UInt8]) throws {
        try s.pgWithUTF8 { bytes in
            if bytes.contains(0) {
                throw DriverError(driver: "PostgreSQL", sqlState: .characterNotInRepertoire,
                                  message: "invalid byte sequence for encoding \"UTF8\": 0x00", kind: .badData)
            }
            buf.append(contentsOf: bytes)
        }
    }
}
