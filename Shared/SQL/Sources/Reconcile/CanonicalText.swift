import FerryTime

/// The canonical text of a value for reconciliation: one spelling per logical value, whichever database holds
/// it, so a source and a target that hold the same values produce the same digest. Values are compared, not
/// types: 1.50 in a numeric(12,2), 1.5 in a double and "1.5" in SQLite's DECIMAL_TEXT are all `1.5`, while a
/// target that rounded 1.57 to 1.6 differs. PostgreSQL computes the same text in SQL (``PostgresCanonicalSQL``);
/// the two are tested against each other type by type.
///
/// - numbers (integers, floating point, decimals): plain decimal digits, no exponent, no trailing fraction zeros,
///   no "-0"; `NaN`, `Infinity`, `-Infinity`. A float32 is read as the float64 it widens to.
/// - booleans `true`/`false`; bytes lowercase hex; UUIDs lowercase.
/// - dates `YYYY-MM-DD`; times `HH:MM:SS.ffffff`; timestamps `YYYY-MM-DDTHH:MM:SS.ffffff` (with a zone: in UTC,
///   without the zone suffix, so a timestamptz and its UTC wall time compare equal), always six fraction digits.
/// - text as stored; char(n) without its trailing blanks (PostgreSQL drops them on reading anyway).
/// - JSON: the text as the database answers it (PostgreSQL's jsonb answers its normalised form, json its
///   input): Ferry copies it verbatim, so equal copies compare equal; a target that re-spaced or reordered
///   the document compares different.
/// - NULL has no text (the row encoding marks it apart, so NULL and "" differ).
public enum CanonicalText {
    public static func of(_ value: SQLValue, as type: SQLType) -> String? {
        switch value {
        case .null: return nil
        case .bool(let b): return b ? "true" : "false"
        case .int(let i):
            if case .bool = type { return i != 0 ? "true" : "false" }
            return String(i)
        case .double(let d): return number(d)
        case .decimal(let s): return number(text: s) ?? s
        case .text(let s):
            switch type {
            case .char: return trimmingTrailingBlanks(s)
            case .int16, .int32, .int64, .float32, .float64, .decimal: return number(text: s) ?? s
            default: return s
            }
        case .json(let s): return s
        case .bytes(let b): return hex(b)
        case .date(let d): return TemporalFormat.date(days: d)
        case .time(let t): return fixedTime(t)
        case .timestamp(let t), .timestamptz(let t): return timestamp(t)
        case .uuid(let u): return u.uuidString.lowercased()
        }
    }

    /// A double's shortest round-trip digits, plain ("1e-05" → "0.00001", "100.0" → "100", "-0.0" → "0").
    public static func number(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == 0 { return "0" }
        return number(text: SQLValue.format(double: d)) ?? SQLValue.format(double: d)
    }

    /// Numeric text without exponent or trailing fraction zeros; nil when it is not a number.
    public static func number(text s: String) -> String? {
        guard let c = DecimalText.canonical(s) else { return nil }
        guard c.contains("."), c.first != "N", !c.hasSuffix("y") else { return c }
        var t = Substring(c)
        while t.hasSuffix("0") { t = t.dropLast() }
        if t.hasSuffix(".") { t = t.dropLast() }
        return t == "-0" ? "0" : String(t)
    }

    static func trimmingTrailingBlanks(_ s: String) -> String {
        var t = Substring(s)
        while t.hasSuffix(" ") { t = t.dropLast() }
        return String(t)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func fixedTime(_ micros: Int64) -> String {
        let s = micros / 1_000_000, us = micros % 1_000_000
        return TemporalFormat.pad(Int(s / 3600), 2) + ":" + TemporalFormat.pad(Int(s / 60 % 60), 2) + ":"
            + TemporalFormat.pad(Int(s % 60), 2) + "." + TemporalFormat.pad(Int(us), 6)
    }

    static func timestamp(_ micros: Int64) -> String {
        if micros == Int64.max { return "infinity" }
        if micros == Int64.min { return "-infinity" }
        var day = micros / TemporalFormat.microsPerDay
        var rest = micros % TemporalFormat.microsPerDay
        if rest < 0 { rest += TemporalFormat.microsPerDay; day -= 1 }
        return TemporalFormat.date(days: Int32(truncatingIfNeeded: day)) + "T" + fixedTime(rest)
    }
}
