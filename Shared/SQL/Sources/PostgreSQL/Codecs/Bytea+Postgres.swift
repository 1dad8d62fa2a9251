/// bytea: raw bytes in binary; "\x…" hex in text (bytea_output = hex, the default), with the older
/// escape format understood too.
enum PGBytea {
    static func decodeBinary(_ b: UnsafeRawBufferPointer) -> SQLValue { .bytes(Array(b)) }

    static func decodeText(_ b: UnsafeRawBufferPointer) -> SQLValue? {
        if b.count >= 2, b[0] == 92, b[1] == 120 {                     // \x
            guard b.count % 2 == 0 else { return nil }
            var out = [UInt8](repeating: 0, count: (b.count - 2) / 2)
            var i = 2, o = 0
            while i < b.count {
                guard let hi = nibble(b[i]), let lo = nibble(b[i + 1]) else { return nil }
                out[o] = hi << 4 | lo; i += 2; o += 1
            }
            return .bytes(out)
        }
        // escape format: \\ and \ooo are escapes, everything else is literal
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            if b[i] == 92 {
                if i + 1 < b.count, b[i + 1] == 92 { out.append(92); i += 2; continue }
                guard i + 3 < b.count else { return nil }
                let d = (b[i + 1], b[i + 2], b[i + 3])
                guard (48...51).contains(d.0), (48...55).contains(d.1), (48...55).contains(d.2) else { return nil }
                out.append((d.0 - 48) << 6 | (d.1 - 48) << 3 | (d.2 - 48)); i += 4
            } else {
                out.append(b[i]); i += 1
            }
        }
        return .bytes(out)
    }

    @inline(__always) static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// "\x0aff…", the input form PostgreSQL accepts for bytea parameters.
    static func hexText(_ bytes: [UInt8]) -> String {
        var out = [UInt8](repeating: 0, count: 2 + 2 * bytes.count)
        out[0] = 92; out[1] = 120
        for (i, x) in bytes.enumerated() {
            out[2 + 2 * i] = hexDigits[Int(x >> 4)]; out[3 + 2 * i] = hexDigits[Int(x & 15)]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Bytes as they are; a UUID as its 16 bytes; anything else as the UTF-8 of its text form.
    static func encodeBinary(_ v: SQLValue, into buf: inout [UInt8]) throws {
        switch v {
        case .bytes(let b): buf.append(contentsOf: b)
        case .uuid(let u): Swift.withUnsafeBytes(of: u.uuid) { buf.append(contentsOf: $0) }
        case .text(let s), .decimal(let s), .json(let s): buf.append(contentsOf: s.utf8)
        default: buf.append(contentsOf: (v.textValue ?? "").utf8)
        }
    }
}
