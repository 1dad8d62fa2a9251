import Foundation
import FerryTime

/// How numbers, rates and durations read on a terminal.
enum Format {
    /// 1234567 → "1,234,567".
    static func count(_ n: Int64) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// Rows per second: "–" when unknown, else a whole number with separators.
    static func rate(_ r: Double?) -> String {
        guard let r, r.isFinite else { return "–" }
        return count(Int64(r.rounded()))
    }

    /// 0.4 s, 12.3 s, 4m05s, 1h02m.
    static func duration(millis: Int64) -> String {
        if millis < 60_000 { return String(format: "%.1f s", Double(millis) / 1000) }
        let s = millis / 1000
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, s / 60 % 60)
    }

    /// ETA: "3s", "4m05s", "1h02m"; "–" when unknown.
    static func eta(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return "–" }
        let s = Int64(seconds.rounded(.up))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, s / 60 % 60)
    }

    static func percent(_ p: Double?) -> String {
        guard let p else { return "–" }
        return String(format: "%.0f%%", p.rounded(.down))
    }

    /// An ISO-8601 UTC instant shown in the local zone, to the second: "2024-12-06 10:40:02".
    static func time(_ iso: String?) -> String {
        guard let iso, !iso.isEmpty else { return "–" }
        return Timestamp(iso: iso)?.localDateTime(in: .current) ?? iso
    }

    /// Epoch seconds in the local zone, as ``time(_:)``; "–" for nil.
    static func time(epochSeconds: Int64?) -> String {
        guard let epochSeconds else { return "–" }
        return Timestamp(epochSeconds: epochSeconds).localDateTime(in: .current)
    }
}
