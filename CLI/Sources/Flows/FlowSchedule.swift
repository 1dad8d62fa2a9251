import FerryModels
import FerryTime
import Foundation

/// What a user types for a flow's schedule — `--every 15m|2h|1d|1w`, `--once`, `--start now|EPOCH|ISO-8601` — as
/// seed 001's `scheduleParams`, and back as words.
enum FlowSchedule {
    static let everyForms = "a count and a unit: 15m (at least 15 minutes), 2h, 1d, 1w"

    /// `--every` → frequency and interval.
    static func every(_ text: String) throws -> (frequency: ScheduleFrequency, interval: Int) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = t.prefix { $0.isNumber }
        let unit = t.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        let units: [String: ScheduleFrequency] = [
            "m": .minute, "min": .minute, "minute": .minute, "minutes": .minute, "h": .hour, "hour": .hour, "hours": .hour,
            "d": .day, "day": .day, "days": .day, "w": .week, "week": .week, "weeks": .week,
        ]
        guard let n = Int(digits), n > 0, n <= 100_000, let frequency = units[unit] else {
            throw CLIError("bad --every '\(text)': expected \(everyForms)")
        }
        if frequency == .minute && n < FlowLimits.minuteIntervalMinimum {
            throw CLIError("bad --every '\(text)': a flow runs at most every \(FlowLimits.minuteIntervalMinimum) minutes")
        }
        return (frequency, n)
    }

    /// `now`, epoch seconds, or an ISO-8601 time (2026-12-01T06:00:00Z; a date alone is midnight UTC) → epoch seconds.
    static func instant(_ text: String, option: String, now: Date = Date()) throws -> Int64 {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.lowercased() == "now" { return Int64(now.timeIntervalSince1970) }
        if let epoch = Int64(t), epoch >= 0 { return epoch }
        if let instant = Timestamp(iso: t), instant.epochSeconds >= 0 { return instant.epochSeconds }
        throw CLIError("bad \(option) '\(text)': expected now, epoch seconds, or an ISO-8601 time such as 2026-12-01T06:00:00Z")
    }

    /// "every 15 minutes from 2026-12-01 12:00:00 (backfill)", "once at …".
    static func describe(_ s: ScheduleParams) -> String {
        let start = Format.time(epochSeconds: s.startTime)
        guard s.frequency != .once else { return "once at \(start)" }
        let n = s.interval ?? 1
        return "every \(n == 1 ? "" : "\(n) ")\(s.frequency.rawValue)\(n == 1 ? "" : "s") from \(start)"
            + (s.backfill == true ? " (backfill)" : "")
    }
}
