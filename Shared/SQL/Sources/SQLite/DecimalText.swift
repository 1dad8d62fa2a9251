/// Exact decimals as text (`SQLValue.decimal`): parsing what a database hands back, and printing a
/// Double held in a DECIMAL column without exponent notation.
enum DecimalText {
    /// The canonical form of numeric text, or nil when it is not a number: "+2" → "2", ".5" → "0.5",
    /// "1.5e3" → "1500", "-0" → "0", "nan"/"inf" → "NaN"/"Infinity". Trailing fraction zeros are kept
    /// ("3.1400" stays): they carry the scale the value was written with.
    static func canonical<S: StringProtocol>(_ text: S) -> String? {
        let t = String(text)[...].trimmingSpaces
        switch t.lowercased() {
        case "nan": return "NaN"
        case "inf", "infinity", "+inf", "+infinity": return "Infinity"
        case "-inf", "-infinity": return "-Infinity"
        default: break
        }
        var bytes = Array(t.utf8)[...]
        var negative = false
        if let s = bytes.first, s == UInt8(ascii: "-") || s == UInt8(ascii: "+") { negative = s == UInt8(ascii: "-"); bytes = bytes.dropFirst() }
        var digits: [UInt8] = []
        var intCount = 0, fracCount = 0, sawPoint = false
        while let b = bytes.first, (b >= 0x30 && b <= 0x39) || (b == UInt8(ascii: ".") && !sawPoint) {
            if b == UInt8(ascii: ".") { sawPoint = true } else {
                digits.append(b)
                if sawPoint { fracCount += 1 } else { intCount += 1 }
            }
            bytes = bytes.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var exponent = 0
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            var expNegative = false
            if let s = bytes.first, s == UInt8(ascii: "-") || s == UInt8(ascii: "+") { expNegative = s == UInt8(ascii: "-"); bytes = bytes.dropFirst() }
            guard !bytes.isEmpty, bytes.count <= 6, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            exponent = Int(String(decoding: bytes, as: UTF8.self))! * (expNegative ? -1 : 1)
            bytes = []
        }
        guard bytes.isEmpty else { return nil }
        return render(negative: negative, digits: digits, pointAt: intCount + exponent, keepFraction: exponent == 0 ? fracCount : nil)
    }

    /// Exponent-free text of a Double that reads back to the same Double ("1e-10" → "0.0000000001").
    static func plain(_ d: Double) -> String {
        // Fast paths (a REAL column of a million rows): integral values ("17.0", as Swift prints them), and
        // Swift's shortest plain form, which is already canonical (no exponent, no trailing zeros).
        if d.isFinite, d == d.rounded(.towardZero), abs(d) < 1e15 { return String(Int64(d)) + ".0" }
        let text = SQLValue.format(double: d)
        if !text.utf8.contains(UInt8(ascii: "e")) { return text }
        return canonical(text) ?? text
    }

    /// Total significant digits and digits after the point of a canonical decimal (at least 1 and 0).
    static func precisionScale(_ s: String) -> (precision: Int, scale: Int) {
        let body = s.hasPrefix("-") ? s.dropFirst() : Substring(s)
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let intDigits = parts[0].drop(while: { $0 == "0" }).count
        let scale = parts.count == 2 ? parts[1].count : 0
        return (max(1, intDigits + scale), scale)
    }

    /// Digits with the decimal point after `pointAt` of them (may be ≤ 0 or past the end).
    private static func render(negative: Bool, digits: [UInt8], pointAt: Int, keepFraction: Int?) -> String {
        var digits = digits[...], point = pointAt
        while point > 1, digits.first == UInt8(ascii: "0") { digits = digits.dropFirst(); point -= 1 }
        if keepFraction == nil {   // from exponent notation: trailing fraction zeros are noise
            while digits.count > max(point, 1), digits.last == UInt8(ascii: "0") { digits = digits.dropLast() }
        }
        var out: [UInt8] = []
        if point <= 0 {
            out = [UInt8(ascii: "0"), UInt8(ascii: ".")] + Array(repeating: UInt8(ascii: "0"), count: -point) + digits
        } else if point >= digits.count {
            out = Array(digits) + Array(repeating: UInt8(ascii: "0"), count: point - digits.count)
        } else {
            out = Array(digits.prefix(point)) + [UInt8(ascii: ".")] + Array(digits.dropFirst(point))
        }
        let isZero = digits.allSatisfy { $0 == UInt8(ascii: "0") }
        return (negative && !isZero ? "-" : "") + String(decoding: out, as: UTF8.self)
    }
}

private extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" || c == "\n" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\n" { s = s.dropLast() }
        return s
    }
}
