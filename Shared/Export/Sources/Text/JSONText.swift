/// JSON text helpers for the JSON Lines writer and the manifest: string escaping, and the compaction that
/// lets a JSON column be embedded in one line.
enum JSONText {
    private static let hex = Array("0123456789abcdef".utf8)

    /// `s` as a JSON string literal: `"` `\` and control characters escaped, everything else (astral
    /// characters included) as its UTF-8 bytes.
    static func appendString(_ s: String, _ out: inout [UInt8]) {
        var s = s
        out.append(UInt8(ascii: "\""))
        s.withUTF8 { bytes in
            var runStart = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                runStart = i + 1
                out.append(UInt8(ascii: "\\"))
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(b)
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                default:
                    out.append(contentsOf: Array("u00".utf8)); out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 0xF)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The JSON document `text` without insignificant whitespace (so it fits on one line), its tokens otherwise
    /// byte for byte (numbers keep every digit, keys keep their order); nil when `text` is not one valid JSON
    /// value — the caller then writes it as a string rather than breaking the line.
    static func compact(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { bytes -> [UInt8]? in
            var parser = CompactingParser(bytes: bytes)
            guard parser.value(depth: 0), parser.skipSpace(), parser.at == bytes.count else { return nil }
            return parser.out
        }
    }

    /// A recursive-descent JSON (RFC 8259) validator that copies every token it accepts.
    private struct CompactingParser {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0
        var out: [UInt8] = []
        static let maxDepth = 512

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes; out.reserveCapacity(bytes.count) }

        var current: UInt8? { at < bytes.count ? bytes[at] : nil }

        @discardableResult
        mutating func skipSpace() -> Bool {
            while let c = current, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { at += 1 }
            return true
        }

        mutating func take(_ c: UInt8) -> Bool {
            guard current == c else { return false }
            out.append(c); at += 1
            return true
        }

        mutating func value(depth: Int) -> Bool {
            guard depth < CompactingParser.maxDepth else { return false }
            skipSpace()
            guard let c = current else { return false }
            switch c {
            case UInt8(ascii: "{"): return container(close: UInt8(ascii: "}"), keyed: true, depth: depth)
            case UInt8(ascii: "["): return container(close: UInt8(ascii: "]"), keyed: false, depth: depth)
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return number()
            }
        }

        mutating func container(close: UInt8, keyed: Bool, depth: Int) -> Bool {
            out.append(bytes[at]); at += 1
            skipSpace()
            if take(close) { return true }
            while true {
                if keyed {
                    skipSpace()
                    guard string() else { return false }
                    skipSpace()
                    guard take(UInt8(ascii: ":")) else { return false }
                }
                guard value(depth: depth + 1) else { return false }
                skipSpace()
                if take(close) { return true }
                guard take(UInt8(ascii: ",")) else { return false }
            }
        }

        mutating func string() -> Bool {
            guard take(UInt8(ascii: "\"")) else { return false }
            while let c = current {
                if c == UInt8(ascii: "\"") { out.append(c); at += 1; return true }
                if c < 0x20 { return false }
                out.append(c); at += 1
                if c == UInt8(ascii: "\\") {
                    guard let e = current else { return false }
                    out.append(e); at += 1
                    if e == UInt8(ascii: "u") {
                        for _ in 0..<4 {
                            guard let h = current, isHex(h) else { return false }
                            out.append(h); at += 1
                        }
                    } else if !"\"\\/bfnrt".utf8.contains(e) { return false }
                }
            }
            return false
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            guard at + w.count <= bytes.count, Array(bytes[at..<(at + w.count)]) == Array(w) else { return false }
            out.append(contentsOf: w); at += w.count
            return true
        }

        mutating func number() -> Bool {
            _ = take(UInt8(ascii: "-"))
            if !take(UInt8(ascii: "0")) { guard digits() else { return false } }
            if take(UInt8(ascii: ".")) { guard digits() else { return false } }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                out.append(bytes[at]); at += 1
                if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
                guard digits() else { return false }
            }
            return true
        }

        mutating func digits() -> Bool {
            let start = at
            while let c = current, c >= 48 && c <= 57 { out.append(c); at += 1 }
            return at > start
        }

        func isHex(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c | 0x20 >= 97 && c | 0x20 <= 102) }
    }
}
