/// Decimal text → the unscaled integer Parquet's DECIMAL stores (value × 10^scale), exactly: digits are
/// accumulated in 128-bit two's complement, never through a floating-point value.
enum ParquetDecimal {
    enum Failure: Error, Equatable {
        case notANumber
        case tooManyFractionDigits
        case tooManyDigits
    }

    /// The unscaled value as (high, low) 64-bit words of a 128-bit two's complement integer.
    static func unscaled(_ text: String, precision: Int, scale: Int) throws -> (high: UInt64, low: UInt64) {
        var text = text
        return try text.withUTF8 { b throws -> (UInt64, UInt64) in
            var i = 0
            var negative = false
            if i < b.count && (b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+")) { negative = b[i] == UInt8(ascii: "-"); i += 1 }
            var intDigits: [UInt8] = [], fracDigits: [UInt8] = []
            var seenPoint = false
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: ".") && !seenPoint { seenPoint = true }
                else if c >= 48 && c <= 57 { if seenPoint { fracDigits.append(c - 48) } else { intDigits.append(c - 48) } }
                else { throw Failure.notANumber }
                i += 1
            }
            guard !intDigits.isEmpty || !fracDigits.isEmpty else { throw Failure.notANumber }
            // Extra fraction digits are allowed only when they are zeros (e.g. "1.500" into scale 2).
            while fracDigits.count > scale {
                guard fracDigits.last == 0 else { throw Failure.tooManyFractionDigits }
                fracDigits.removeLast()
            }
            fracDigits += repeatElement(0, count: scale - fracDigits.count)
            let digits = (intDigits + fracDigits).drop { $0 == 0 }
            guard digits.count <= precision else { throw Failure.tooManyDigits }
            var high: UInt64 = 0, low: UInt64 = 0
            for d in digits {   // (high, low) = (high, low) * 10 + d; precision ≤ 38 fits in 127 bits
                let l = low.multipliedFullWidth(by: 10)
                let (sum, carry) = l.low.addingReportingOverflow(UInt64(d))
                high = high &* 10 &+ l.high &+ (carry ? 1 : 0)
                low = sum
            }
            if negative && (high != 0 || low != 0) {   // two's complement: invert and add one
                high = ~high; low = ~low
                let (l, c) = low.addingReportingOverflow(1)
                low = l; high = high &+ (c ? 1 : 0)
            }
            return (high, low)
        }
    }

    /// The smallest byte width whose signed range holds every value of `precision` digits.
    static func byteWidth(precision: Int) -> Int {
        var n = 1
        while Double(8 * n - 1) <= Double(precision) * 3.321928094887362 { n += 1 }   // log2(10)
        return n
    }

    /// The low `width` bytes of the 128-bit value, big-endian (FIXED_LEN_BYTE_ARRAY).
    static func appendBigEndian(_ v: (high: UInt64, low: UInt64), width: Int, _ out: inout [UInt8]) {
        for i in stride(from: width - 1, through: 0, by: -1) {
            let word = i >= 8 ? v.high : v.low
            out.append(UInt8(truncatingIfNeeded: word >> (UInt64(i % 8) * 8)))
        }
    }
}
