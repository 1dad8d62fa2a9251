import FerryTime
/// PostgreSQL's ISO text forms of date/time values (DateStyle = ISO, which every Ferry session sets):
/// "2024-01-02", "0044-03-15 BC", "12:34:56.123456", "2024-01-02 03:04:05.5+00", "infinity".
/// Parsing also takes ISO-8601 spellings ("T", "Z", "+05:30") so text from other databases converts.
enum PGTemporalText {
    struct Parsed {
        var days: Int            // since 1970-01-01, of the date as written
        var micros: Int64        // time of day
        var offsetMicros: Int64  // zone offset east of UTC, 0 when none was given
    }

    enum Infinity { case plus, minus }

    static func infinity(_ b: UnsafeRawBufferPointer) -> Infinity? {
        if b.pgEqualsASCII("infinity") || b.pgEqualsASCII("+infinity") { return .plus }
        if b.pgEqualsASCII("-infinity") { return .minus }
        return nil
    }

    /// "[-]YYYY-MM-DD[( |T)HH:MM[:SS[.f…]]][ ][Z|±HH[:MM[:SS]]|±HHMM][ BC]" (a leading '-' is an astronomical year).
    static func parse(_ b: UnsafeRawBufferPointer) -> Parsed? {
        var s = Scanner(b: b)
        let negativeYear = s.eat(45)
        guard var year = s.number(min: 1, max: 7), s.eat(45),
              let month = s.number(min: 1, max: 2), s.eat(45),
              let day = s.number(min: 1, max: 2) else { return nil }
        if negativeYear { year = -year }
        var micros: Int64 = 0, offset: Int64 = 0
        if let c = s.peek, c == 32 || c == 84 || c == 116, s.peek(at: 1).map(isDigit) == true {   // ' ', 'T', 't'
            s.i += 1
            guard let t = timeOfDay(&s) else { return nil }
            micros = t
            if s.peek == 32, let n = s.peek(at: 1), n == 43 || n == 45 { s.i += 1 }   // "… +05"
            if s.eat(90) || s.eat(122) {                                                 // Z
            } else if let c = s.peek, c == 43 || c == 45 {
                s.i += 1
                guard let z = zone(&s) else { return nil }
                offset = Int64(z.0 * 3600 + z.1 * 60 + z.2) * 1_000_000 * (c == 45 ? -1 : 1)
            }
        }
        if s.peek == 32, s.b.count - s.i == 3, s.peek(at: 1) == 66, s.peek(at: 2) == 67 {   // " BC"
            guard !negativeYear else { return nil }
            s.i += 3
            year = 1 - year
        }
        guard s.atEnd, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return Parsed(days: TemporalFormat.days(year: year, month: month, day: day), micros: micros, offsetMicros: offset)
    }

    /// "HH:MM[:SS[.f…]]" at the scanner; 24:00:00 is allowed as PostgreSQL does.
    static func timeOfDay(_ s: inout Scanner) -> Int64? {
        guard let h = s.number(min: 1, max: 2), s.eat(58), let m = s.number(min: 2, max: 2) else { return nil }
        var sec = 0
        var frac: Int64 = 0
        if s.eat(58) {
            guard let x = s.number(min: 2, max: 2) else { return nil }
            sec = x
            if s.eat(46) {
                var digits = 0, roundUp = false
                while let c = s.peek, isDigit(c) {
                    if digits < 6 { frac = frac * 10 + Int64(c - 48) } else if digits == 6 { roundUp = c >= 53 }
                    digits += 1; s.i += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits..<max(digits, 6) { frac *= 10 }
                if roundUp { frac += 1 }
            }
        }
        guard h <= 24, m <= 59, sec <= 60 else { return nil }
        let total = Int64(h * 3600 + m * 60 + sec) * 1_000_000 + frac
        guard total <= TemporalFormat.microsPerDay else { return nil }
        return total
    }

    static func zone(_ s: inout Scanner) -> (Int, Int, Int)? {
        guard let first = s.number(min: 1, max: 4) else { return nil }
        var h = first, m = 0, sec = 0
        if first >= 100 { h = first / 100; m = first % 100 }            // ±HHMM
        else if s.eat(58) {
            guard let x = s.number(min: 2, max: 2) else { return nil }
            m = x
            if s.eat(58) { guard let y = s.number(min: 2, max: 2) else { return nil }; sec = y }
        }
        guard h <= 15, m <= 59, sec <= 59 else { return nil }
        return (h, m, sec)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    struct Scanner {
        let b: UnsafeRawBufferPointer
        var i = 0
        var atEnd: Bool { i >= b.count }
        var peek: UInt8? { i < b.count ? b[i] : nil }
        func peek(at k: Int) -> UInt8? { i + k < b.count ? b[i + k] : nil }
        mutating func eat(_ c: UInt8) -> Bool {
            guard peek == c else { return false }
            i += 1
            return true
        }
        mutating func number(min: Int, max: Int) -> Int? {
            var v = 0, n = 0
            while n < max, let c = peek, PGTemporalText.isDigit(c) { v = v * 10 + Int(c - 48); i += 1; n += 1 }
            return n >= min ? v : nil
        }
    }

    // MARK: formatting (parameters: PostgreSQL's input wants "BC", not negative years)

    static func formatDate(days: Int32) -> String {
        if days == Int32.max { return "infinity" }
        if days == Int32.min { return "-infinity" }
        let c = TemporalFormat.civil(days: Int(days))
        let bc = c.year <= 0
        return TemporalFormat.pad(bc ? 1 - c.year : c.year, 4) + "-" + TemporalFormat.pad(c.month, 2) + "-"
            + TemporalFormat.pad(c.day, 2) + (bc ? " BC" : "")
    }

    static func formatTimestamp(micros: Int64, withZone: Bool) -> String {
        if micros == Int64.max { return "infinity" }
        if micros == Int64.min { return "-infinity" }
        var day = micros / TemporalFormat.microsPerDay
        var rest = micros % TemporalFormat.microsPerDay
        if rest < 0 { rest += TemporalFormat.microsPerDay; day -= 1 }
        let c = TemporalFormat.civil(days: Int(day))
        let bc = c.year <= 0
        return TemporalFormat.pad(bc ? 1 - c.year : c.year, 4) + "-" + TemporalFormat.pad(c.month, 2) + "-"
            + TemporalFormat.pad(c.day, 2) + " " + TemporalFormat.time(micros: rest) + (withZone ? "+00" : "")
            + (bc ? " BC" : "")
    }
}
