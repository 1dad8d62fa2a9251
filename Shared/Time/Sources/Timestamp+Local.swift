import Foundation

/// A timestamp's wall-clock fields in a time zone (its offset at that instant, so daylight saving time is
/// honoured), and the local forms the reports and the CLI show.
public struct CivilTime: Equatable, Sendable {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int
}

extension Timestamp {
    public func civil(in zone: TimeZone) -> CivilTime {
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(epochSeconds))))
        let local = millis + offset * 1000
        let days = Self.floorDiv(local, 86_400_000)
        let inDay = Int(local - days * 86_400_000)
        let c = TemporalFormat.civil(days: Int(days))
        return CivilTime(year: c.year, month: c.month, day: c.day, hour: inDay / 3_600_000, minute: inDay / 60_000 % 60,
                         second: inDay / 1000 % 60, millisecond: inDay % 1000)
    }

    /// `dd/MM/yyyy HH:mm` in `zone` (the reports' local time, RF06).
    public func dayMonthYearMinutes(in zone: TimeZone) -> String {
        let c = civil(in: zone)
        return "\(pad(c.day, 2))/\(pad(c.month, 2))/\(pad(c.year, 4)) \(pad(c.hour, 2)):\(pad(c.minute, 2))"
    }

    /// `yyyy-MM-dd HH:mm:ss` in `zone` (the CLI's local time).
    public func localDateTime(in zone: TimeZone) -> String {
        let c = civil(in: zone)
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2)) \(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))"
    }

    private func pad(_ v: Int, _ width: Int) -> String { TemporalFormat.pad(v, width) }
}

/// Spans of milliseconds as the reports show them; hours may exceed 24 and a negative span counts as zero.
public enum ElapsedText {
    /// `HH:mm:ss:SSS` (RF06's elapsed times).
    public static func withMillis(_ ms: Int64) -> String {
        let ms = max(0, ms)
        return clock(ms) + ":" + TemporalFormat.pad(Int(ms % 1000), 3)
    }

    /// `HH:mm:ss`, whole seconds rounded down (seed 002's duration).
    public static func wholeSeconds(_ ms: Int64) -> String { clock(max(0, ms)) }

    private static func clock(_ ms: Int64) -> String {
        TemporalFormat.pad(Int(ms / 3_600_000), 2) + ":" + TemporalFormat.pad(Int(ms / 60_000 % 60), 2) + ":"
            + TemporalFormat.pad(Int(ms / 1000 % 60), 2)
    }
}
