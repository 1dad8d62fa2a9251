/// json (text in both formats) and jsonb (binary: version byte 1, then the text).
enum PGJSON {
    static let jsonbVersion: UInt8 = 1

    static func decodeBinary(_ b: UnsafeRawBufferPointer, oid: UInt32) throws -> SQLValue {
        guard oid == PostgresOID.jsonb else { return .json(String(decoding: b, as: UTF8.self)) }
        guard b.count >= 1, b[0] == jsonbVersion else { throw PGValueError.badBinary(oid: oid, length: b.count) }
        return .json(String(decoding: UnsafeRawBufferPointer(rebasing: b[1...]), as: UTF8.self))
    }

    static func decodeText(_ b: UnsafeRawBufferPointer) -> SQLValue { .json(String(decoding: b, as: UTF8.self)) }

    /// JSON text for a value: json/text as written (the server validates it), numbers and booleans
    /// as JSON literals, everything else as a JSON string of its text form.
    static func text(for v: SQLValue) -> String {
        switch v {
        case .json(let s), .text(let s): return s
        case .int, .bool, .decimal: return v.textValue ?? "null"
        case .double(let d) where d.isFinite: return SQLValue.format(double: d)
        default: return quoted(v.textValue ?? "")
        }
    }

    static func encodeBinary(_ v: SQLValue, oid: UInt32, into buf: inout [UInt8]) throws {
        if oid == PostgresOID.jsonb { buf.append(jsonbVersion) }
        try PGText.appendUTF8(text(for: v), into: &buf)
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
