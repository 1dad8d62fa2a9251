import Foundation
import FerrySQL

/// Time arithmetic and the seeds' formats, on integer milliseconds since 1970-01-01 UTC (exact: no floating
/// point round trip between the orchestrator's ISO strings and what is rendered).
enum ReportTime {
    static let millisPerDay: Int64 = 86_400_000

    /// An ISO-8601 timestamp (`2024-12-06T10:30:00.000Z`, any offset, or a date `2024-12-06`) → milliseconds.
    /// nil for nil, empty, unparsable or ±infinity.
    static func parse(_ text: String?) -> Int64? {
        guard let text, !text.isEmpty,
              let micros = TemporalFormat.parseTimestamp(Substring(text)),
              micros != Int64.max, micros != Int64.min
        else { return nil }
        return floorDiv(micros, 1000)
    }

    /// The wall clock, in milliseconds.
    static func nowMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// `2024-12-06T10:30:00.000Z`.
    static func iso(_ ms: Int64) -> String {
        let fields = civil(ms)
        return "\(pad(fields.year, 4))-\(pad(fields.month, 2))-\(pad(fields.day, 2))T\(pad(fields.hour, 2)):"
            + "\(pad(fields.minute, 2)):\(pad(fields.second, 2)).\(pad(fields.millisecond, 3))Z"
    }

    /// The orchestrator's timestamp re-rendered as ``iso(_:)`` (kept as given when it does not parse); nil stays nil.
    static func normalizedISO(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return parse(text).map(iso) ?? text
    }

    /// RF06's `dd/MM/yyyy HH:mm`, in `zone` (its offset at that instant, so daylight saving time is honoured).
    static func local(_ ms: Int64, zone: TimeZone) -> String {
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(floorDiv(ms, 1000)))))
        let fields = civil(ms + offset * 1000)
        return "\(pad(fields.day, 2))/\(pad(fields.month, 2))/\(pad(fields.year, 4)) \(pad(fields.hour, 2)):\(pad(fields.minute, 2))"
    }

    /// RF06's `HH:mm:ss:SSS` (hours may exceed 24; negative spans count as zero).
    static func elapsed(_ ms: Int64) -> String {
        let ms = max(0, ms)
        let hours = ms / 3_600_000, minutes = ms / 60_000 % 60, seconds = ms / 1000 % 60, millis = ms % 1000
        return "\(pad64(hours, 2)):\(pad64(minutes, 2)):\(pad64(seconds, 2)):\(pad64(millis, 3))"
    }

    /// Seed 002's `duration`, `HH:mm:ss` (whole seconds, rounded down; hours may exceed 24).
    static func duration(_ ms: Int64) -> String {
        let ms = max(0, ms)
        let hours = ms / 3_600_000, minutes = ms / 60_000 % 60, seconds = ms / 1000 % 60
        return "\(pad64(hours, 2)):\(pad64(minutes, 2)):\(pad64(seconds, 2))"
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, H. Hinnant's civil_from_days)

    struct Fields: Equatable {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int
    }

    static func civil(_ ms: Int64) -> Fields {
        let days = floorDiv(ms, millisPerDay)
        let inDay = ms - days * millisPerDay
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return Fields(year: Int(year), month: Int(month), day: Int(day),
                      hour: Int(inDay / 3_600_000), minute: Int(inDay / 60_000 % 60), second: Int(inDay / 1000 % 60),
                      millisecond: Int(inDay % 1000))
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func pad(_ value: Int, _ width: Int) -> String { pad64(Int64(value), width) }

    private static func pad64(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
