/// Integer-only calendar arithmetic (proleptic Gregorian) and the ISO-8601 text of dates, times and timestamps,
/// so temporal values never go through Foundation's Date/Calendar in hot paths (drivers call these once per
/// value). Days are counted from 1970-01-01, times and timestamps in microseconds. `Timestamp` is the instant
/// built on it.
public enum TemporalFormat {
    public static let microsPerDay: Int64 = 86_400_000_000

    /// Howard Hinnant's days_from_civil.
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func civil(days z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public static func date(days: Int32) -> String {
        if days == Int32.max { return "infinity" }
        if days == Int32.min { return "-infinity" }
        let c = civil(days: Int(days))
        return yearString(c.year) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2)
    }

    public static func time(micros: Int64) -> String {
        let s = micros / 1_000_000, us = micros % 1_000_000
        var out = pad(Int(s / 3600), 2) + ":" + pad(Int(s / 60 % 60), 2) + ":" + pad(Int(s % 60), 2)
        if us != 0 { out += "." + pad(Int(us), 6) }
        return out
    }

    /// "2024-01-02T03:04:05.123456" (+ "Z" for timestamptz); "infinity"/"-infinity" for the sentinels.
    /// `separator` " " is the form SQLite's datetime() and ODBC timestamp literals use.
    public static func timestamp(micros: Int64, zulu: Bool, separator: String = "T") -> String {
        if micros == Int64.max { return "infinity" }
        if micros == Int64.min { return "-infinity" }
        var day = micros / microsPerDay
        var rest = micros % microsPerDay
        if rest < 0 { rest += microsPerDay; day -= 1 }
        return date(days: Int32(truncatingIfNeeded: day)) + separator + time(micros: rest) + (zulu ? "Z" : "")
    }

    /// Parses "YYYY-MM-DD".
    public static func parseDate(_ s: Substring) -> Int32? {
        if let fast = parseISODate(s) { return fast }
        if s == "infinity" { return Int32.max }
        if s == "-infinity" { return Int32.min }
        var t = s[...]
        var neg = false
        if t.first == "-" { neg = true; t = t.dropFirst() }
        let parts = t.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].count == 2, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        return Int32(days(year: neg ? -y : y, month: m, day: d))
    }

    /// The common exact form "YYYY-MM-DD" read straight from the UTF-8 bytes (a date column of a million rows
    /// is a million calls: no splitting, no allocation); nil for anything else, which the general parser handles.
    @inline(__always)
    public static func parseISODate(_ s: Substring) -> Int32? {
        var s = s
        return s.withUTF8 { b -> Int32? in
            guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
            @inline(__always) func digits(_ from: Int, _ to: Int) -> Int? {
                var v = 0
                for i in from..<to {
                    let d = Int(b[i]) &- 48
                    guard d >= 0 && d <= 9 else { return nil }
                    v = v &* 10 &+ d
                }
                return v
            }
            guard let y = digits(0, 4), let m = digits(5, 7), let d = digits(8, 10),
                  (1...12).contains(m), (1...31).contains(d) else { return nil }
            return Int32(days(year: y, month: m, day: d))
        }
    }

    /// Parses "HH:MM[:SS[.ffffff]]".
    public static func parseTime(_ s: Substring) -> Int64? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.count <= 3, let h = Int64(parts[0]), let m = Int64(parts[1]),
              (0...24).contains(h), (0...59).contains(m) else { return nil }
        var micros = (h * 3600 + m * 60) * 1_000_000
        if parts.count == 3 {
            let sec = parts[2].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            guard let whole = Int64(sec[0]), (0...60).contains(whole) else { return nil }
            micros += whole * 1_000_000
            if sec.count == 2 {
                let frac = sec[1].prefix(6)
                guard !frac.isEmpty, let f = Int64(frac), frac.allSatisfy(\.isNumber) else { return nil }
                var scaled = f
                for _ in frac.count..<6 { scaled *= 10 }
                micros += scaled
            }
        }
        return micros
    }

    /// Parses "YYYY-MM-DD[ T]HH:MM:SS[.ffffff][Z|±HH[:MM]]" into microseconds since the epoch.
    /// A zone offset, when present, is applied (the result is UTC).
    public static func parseTimestamp(_ s: Substring) -> Int64? {
        if s == "infinity" { return Int64.max }
        if s == "-infinity" { return Int64.min }
        guard s.count >= 10, let d = parseDate(s.prefix(10)) else { return nil }
        var micros = Int64(d) * microsPerDay
        var rest = s.dropFirst(10)
        if rest.isEmpty { return micros }
        guard rest.first == "T" || rest.first == " " else { return nil }
        rest = rest.dropFirst()
        var offset: Int64 = 0
        if rest.hasSuffix("Z") || rest.hasSuffix("z") { rest = rest.dropLast() }
        else if let signIdx = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = rest[rest.index(after: signIdx)...]
            let neg = rest[signIdx] == "-"
            let zparts = zone.split(separator: ":")
            let digits = zparts.count == 1 && zone.count == 4 ? [zone.prefix(2), zone.suffix(2)] : zparts
            guard let zh = Int64(digits.first ?? ""), zh <= 15 else { return nil }
            let zm = digits.count > 1 ? Int64(digits[1]) ?? 0 : 0
            offset = (zh * 3600 + zm * 60) * 1_000_000 * (neg ? -1 : 1)
            rest = rest[..<signIdx]
        }
        guard let t = parseTime(rest) else { return nil }
        micros += t - offset
        return micros
    }

    /// `v` in decimal, zero-padded on the left to `width` digits.
    public static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static func yearString(_ y: Int) -> String { y < 0 ? "-" + pad(-y, 4) : pad(y, 4) }
}
