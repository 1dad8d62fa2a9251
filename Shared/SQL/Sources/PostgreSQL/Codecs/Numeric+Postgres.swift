/// numeric: exact decimal text ↔ PostgreSQL's binary numeric (base-10000 digits), never via Double.
/// Binary layout: ndigits i16, weight i16 (base-10000 exponent of the first digit), sign u16,
/// dscale u16 (decimal digits after the point), then ndigits × i16 digits.
enum PGNumeric {
    static let positive: UInt16 = 0x0000, negative: UInt16 = 0x4000
    static let nan: UInt16 = 0xC000, plusInfinity: UInt16 = 0xD000, minusInfinity: UInt16 = 0xF000
    static let maxDscale = 0x3FFF

    /// A parsed decimal: value = 0.d₁d₂… × 10^pointPosition, `digits` without leading/trailing zeros.
    struct Parts {
        enum Special { case nan, plusInfinity, minusInfinity }
        var special: Special?
        var negative = false
        var digits: [UInt8] = []
        var pointPosition = 0
        /// Decimal places as written (kept so 1.50 stays 1.50 in an unconstrained numeric column).
        var scale = 0
    }

    /// Parses "-12.340", "1e-300", "+.5", "NaN", "Infinity", "-inf" (what `SQLValue.decimal`,
    /// `SQLValue.format(double:)` and PostgreSQL produce). nil when not a number.
    static func parse(_ b: UnsafeRawBufferPointer) -> Parts? {
        var lo = 0, hi = b.count
        while lo < hi, b[lo] == 32 { lo += 1 }
        while hi > lo, b[hi - 1] == 32 { hi -= 1 }
        let t = UnsafeRawBufferPointer(rebasing: b[lo..<hi])
        if t.pgEqualsASCII("nan") { return Parts(special: .nan) }
        if t.pgEqualsASCII("infinity") || t.pgEqualsASCII("+infinity") || t.pgEqualsASCII("inf") || t.pgEqualsASCII("+inf") {
            return Parts(special: .plusInfinity)
        }
        if t.pgEqualsASCII("-infinity") || t.pgEqualsASCII("-inf") { return Parts(special: .minusInfinity) }

        var p = Parts()
        var i = 0
        if i < t.count, t[i] == 45 || t[i] == 43 { p.negative = t[i] == 45; i += 1 }
        var all: [UInt8] = []
        all.reserveCapacity(t.count)
        var intDigits = 0, fracDigits = 0, sawPoint = false
        while i < t.count {
            let c = t[i]
            if c >= 48 && c <= 57 {
                all.append(c - 48)
                if sawPoint { fracDigits += 1 } else { intDigits += 1 }
            } else if c == 46 && !sawPoint {
                sawPoint = true
            } else { break }
            i += 1
        }
        guard !all.isEmpty else { return nil }
        var exponent = 0
        if i < t.count, t[i] == 101 || t[i] == 69 {               // e / E
            i += 1
            var expNegative = false
            if i < t.count, t[i] == 45 || t[i] == 43 { expNegative = t[i] == 45; i += 1 }
            let start = i
            while i < t.count, t[i] >= 48 && t[i] <= 57, exponent < 1_000_000 {
                exponent = exponent * 10 + Int(t[i] - 48); i += 1
            }
            guard i > start else { return nil }
            if expNegative { exponent = -exponent }
        }
        guard i == t.count else { return nil }
        p.scale = max(0, fracDigits - exponent)
        p.pointPosition = intDigits + exponent
        // Strip leading zeros (each moves the point left) and trailing zeros (value unchanged).
        var first = 0
        while first < all.count, all[first] == 0 { first += 1; p.pointPosition -= 1 }
        var last = all.count
        while last > first, all[last - 1] == 0 { last -= 1 }
        if first == last { p.negative = false; p.pointPosition = 0; return p }   // zero
        p.digits = Array(all[first..<last])
        return p
    }

    static func parse(_ s: String) -> Parts? { s.pgWithUTF8 { parse($0) } }

    // MARK: binary

    static func encode(_ p: Parts, into buf: inout [UInt8]) throws {
        if let special = p.special {
            buf.pgAppendBE(Int16(0)); buf.pgAppendBE(Int16(0))
            switch special {
            case .nan: buf.pgAppendBE(nan)
            case .plusInfinity: buf.pgAppendBE(plusInfinity)
            case .minusInfinity: buf.pgAppendBE(minusInfinity)
            }
            buf.pgAppendBE(UInt16(0))
            return
        }
        guard p.scale <= maxDscale else { throw PGValueError.outOfRange("numeric has more than \(maxDscale) decimal places") }
        if p.digits.isEmpty {
            buf.pgAppendBE(Int16(0)); buf.pgAppendBE(Int16(0)); buf.pgAppendBE(positive); buf.pgAppendBE(UInt16(p.scale))
            return
        }
        // Digit k has decimal exponent e = pointPosition - 1 - k; its base-10000 group is floor(e / 4).
        let weight = floorDiv(p.pointPosition - 1, 4)
        let lastGroup = floorDiv(p.pointPosition - p.digits.count, 4)
        guard weight <= Int(Int16.max), lastGroup >= Int(Int16.min) else {
            throw PGValueError.outOfRange("value overflows numeric format")
        }
        let ndigits = weight - lastGroup + 1
        buf.pgAppendBE(Int16(ndigits)); buf.pgAppendBE(Int16(weight))
        buf.pgAppendBE(p.negative ? negative : positive); buf.pgAppendBE(UInt16(p.scale))
        for group in stride(from: weight, through: lastGroup, by: -1) {
            var value = 0
            for position in stride(from: 3, through: 0, by: -1) {       // decimal exponent 4·group + position
                let e = 4 * group + position
                let idx = p.pointPosition - 1 - e
                value = value * 10 + (idx >= 0 && idx < p.digits.count ? Int(p.digits[idx]) : 0)
            }
            buf.pgAppendBE(Int16(value))
        }
    }

    /// PostgreSQL's own text rendering of a binary numeric (get_str_from_var): exactly `dscale` decimals.
    static func decode(_ b: UnsafeRawBufferPointer) throws -> String {
        guard b.count >= 8 else { throw PGValueError.badBinary(oid: PostgresOID.numeric, length: b.count) }
        let ndigits = Int(b.pgReadBE(Int16.self, at: 0))
        let weight = Int(b.pgReadBE(Int16.self, at: 2))
        let sign = b.pgReadBE(UInt16.self, at: 4)
        let dscale = Int(b.pgReadBE(UInt16.self, at: 6))
        switch sign {
        case nan: return "NaN"
        case plusInfinity: return "Infinity"
        case minusInfinity: return "-Infinity"
        case positive, negative: break
        default: throw PGValueError.badBinary(oid: PostgresOID.numeric, length: b.count)
        }
        guard ndigits >= 0, b.count == 8 + 2 * ndigits else {
            throw PGValueError.badBinary(oid: PostgresOID.numeric, length: b.count)
        }
        @inline(__always) func digit(_ i: Int) -> Int {
            i >= 0 && i < ndigits ? Int(b.pgReadBE(Int16.self, at: 8 + 2 * i)) : 0
        }
        var out: [UInt8] = []
        out.reserveCapacity(2 + 4 * (max(weight, 0) + 1) + dscale)
        if sign == negative { out.append(45) }
        if weight < 0 {
            out.append(48)
        } else {
            for i in 0...weight {
                let d = digit(i)
                // The first group is printed without leading zeros, the others as 4 digits.
                if i > 0 || d >= 1000 { out.append(UInt8(48 + d / 1000)) }
                if i > 0 || d >= 100 { out.append(UInt8(48 + d / 100 % 10)) }
                if i > 0 || d >= 10 { out.append(UInt8(48 + d / 10 % 10)) }
                out.append(UInt8(48 + d % 10))
            }
        }
        if dscale > 0 {
            out.append(46)
            var written = 0
            var i = weight + 1
            while written < dscale {
                var d = digit(i)
                for _ in 0..<4 where written < dscale {
                    out.append(UInt8(48 + d / 1000)); d = d % 1000 * 10; written += 1
                }
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: conversions

    /// Decimal text for any value a numeric column can take.
    static func parts(from v: SQLValue) throws -> Parts {
        switch v {
        case .decimal(let s), .text(let s), .json(let s):
            guard let p = parse(s) else { throw PGValueError.invalid("invalid input syntax for type numeric") }
            return p
        case .int(let i):
            return parse(String(i))!
        case .double(let d):
            return parse(SQLValue.format(double: d))!
        case .bool(let b):
            return parse(b ? "1" : "0")!
        default:
            throw PGValueError.cannotConvert(v, to: PostgresOID.numeric)
        }
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
