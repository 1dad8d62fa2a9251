import FerrySQL
import FerryTime

/// The text forms the SPEC fixes for exported values (JSON Lines and CSV share them), appended straight to a
/// byte buffer: no intermediate `String` for numbers, dates or bytes in the row loop.
enum ValueText {
    /// How a column's values are written; from the column's logical type, so a decimal column stays a string
    /// even when a driver hands over an integer, and a float32 prints its shortest `Float` form.
    enum Kind: Sendable {
        case plain, float32, decimal, json

        init(_ type: SQLType) {
            switch type {
            case .float32: self = .float32
            case .decimal: self = .decimal
            case .json: self = .json
            default: self = .plain
            }
        }
    }

    @inline(__always)
    static func append(_ s: String, _ out: inout [UInt8]) {
        var s = s
        s.withUTF8 { out.append(contentsOf: $0) }
    }

    static func append(int v: Int64, _ out: inout [UInt8]) { append(String(v), &out) }

    /// Shortest round-trip text; `nil` for NaN and ±Infinity, which have no JSON number.
    static func finiteText(_ d: Double, float32: Bool) -> String? {
        guard d.isFinite else { return nil }
        return float32 ? "\(Float(d))" : "\(d)"
    }

    /// "NaN", "Infinity", "-Infinity" (PostgreSQL's spelling), for the non-finite floats.
    static func nonFiniteText(_ d: Double) -> String { d.isNaN ? "NaN" : (d < 0 ? "-Infinity" : "Infinity") }

    /// The exact decimal text of a value in a decimal column, whatever case the driver used.
    static func decimalText(_ v: SQLValue) -> String {
        switch v {
        case .decimal(let s), .text(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? "\(d)" : nonFiniteText(d)
        default: return v.textValue ?? ""
        }
    }

    // MARK: Temporal: ISO-8601, six fractional digits always (microseconds kept), "+00:00" for zoned values.

    static func appendDate(days: Int32, _ out: inout [UInt8]) {
        if days == Int32.max { append("infinity", &out); return }
        if days == Int32.min { append("-infinity", &out); return }
        let c = TemporalFormat.civil(days: Int(days))
        if c.year < 0 { out.append(UInt8(ascii: "-")) }
        appendDigits(abs(c.year), width: 4, &out)
        out.append(UInt8(ascii: "-")); appendDigits(c.month, width: 2, &out)
        out.append(UInt8(ascii: "-")); appendDigits(c.day, width: 2, &out)
    }

    static func appendTime(micros: Int64, _ out: inout [UInt8]) {
        let s = Int(micros / 1_000_000), us = Int(micros % 1_000_000)
        appendDigits(s / 3600, width: 2, &out); out.append(UInt8(ascii: ":"))
        appendDigits(s / 60 % 60, width: 2, &out); out.append(UInt8(ascii: ":"))
        appendDigits(s % 60, width: 2, &out); out.append(UInt8(ascii: "."))
        appendDigits(us, width: 6, &out)
    }

    static func appendTimestamp(micros: Int64, zoned: Bool, _ out: inout [UInt8]) {
        if micros == Int64.max { append("infinity", &out); return }
        if micros == Int64.min { append("-infinity", &out); return }
        var day = micros / TemporalFormat.microsPerDay
        var rest = micros % TemporalFormat.microsPerDay
        if rest < 0 { rest += TemporalFormat.microsPerDay; day -= 1 }
        appendDate(days: Int32(truncatingIfNeeded: day), &out)
        out.append(UInt8(ascii: "T"))
        appendTime(micros: rest, &out)
        if zoned { append("+00:00", &out) }
    }

    /// Non-negative `v` in decimal, zero-padded to `width`.
    @inline(__always)
    static func appendDigits(_ v: Int, width: Int, _ out: inout [UInt8]) {
        var count = 1, p = 10
        while p <= v && count < 18 { count += 1; p *= 10 }
        if width > count { out.append(contentsOf: repeatElement(48, count: width - count)) }
        let start = out.count
        out.append(contentsOf: repeatElement(48, count: count))
        var x = v, i = out.count - 1
        while i >= start { out[i] = UInt8(48 + x % 10); x /= 10; i -= 1 }
    }

    // MARK: Bytes and UUIDs

    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Standard base64 (RFC 4648, padded).
    static func appendBase64(_ bytes: [UInt8], _ out: inout [UInt8]) {
        let a = base64Alphabet
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(a[Int(n >> 18)]); out.append(a[Int(n >> 12 & 63)])
            out.append(a[Int(n >> 6 & 63)]); out.append(a[Int(n & 63)])
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out.append(a[Int(n >> 18)]); out.append(a[Int(n >> 12 & 63)]); out.append(61); out.append(61)
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out.append(a[Int(n >> 18)]); out.append(a[Int(n >> 12 & 63)]); out.append(a[Int(n >> 6 & 63)]); out.append(61)
        }
    }

    static func uuidText(_ v: SQLValue) -> String { v.textValue ?? "" }
}
