import Foundation

/// An instant, to the microsecond: what Ferry's stores, HTTP API and reports mean by a time. Compared and
/// subtracted as a number, never as text. Written as ``iso`` (`2024-12-06T10:30:00.268Z`: UTC, milliseconds —
/// the form the stores keep and the API answers) and read from any ISO-8601 form ``TemporalFormat`` parses.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public let micros: Int64

    public init(micros: Int64) { self.micros = micros }
    public init(millis: Int64) { micros = millis * 1000 }
    public init(epochSeconds: Int64) { micros = epochSeconds * 1_000_000 }
    /// Rounded to the nearest microsecond (a Date's double is not exact at that scale; flooring would lose one).
    public init(_ date: Date) { micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }

    public static var now: Timestamp { Timestamp(Date()) }

    /// Whole milliseconds since 1970 (rounded down, also before 1970).
    public var millis: Int64 { Self.floorDiv(micros, 1000) }
    /// Whole seconds since 1970 (rounded down).
    public var epochSeconds: Int64 { Self.floorDiv(micros, 1_000_000) }
    public var date: Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }

    // MARK: Arithmetic

    public func adding(seconds: Int64) -> Timestamp { Timestamp(micros: micros + seconds * 1_000_000) }
    public func adding(millis: Int64) -> Timestamp { Timestamp(micros: micros + millis * 1000) }
    public func adding(micros delta: Int64) -> Timestamp { Timestamp(micros: micros + delta) }

    /// Milliseconds from `earlier` to this instant, both in whole milliseconds (negative when `earlier` is later),
    /// so a span shown beside its two ``iso`` ends adds up exactly.
    public func millis(since earlier: Timestamp) -> Int64 { millis - earlier.millis }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.micros < b.micros }

    // MARK: ISO-8601

    /// Any ISO-8601 timestamp (`2024-12-06T10:30:00Z`, with a fraction, with an offset such as `-03:00`, or a date
    /// `2024-12-06`, taken as midnight UTC). nil for anything else, ±infinity included (not an instant).
    public init?(iso text: String) {
        guard let m = TemporalFormat.parseTimestamp(Substring(text)), m != .max, m != .min else { return nil }
        micros = m
    }

    /// ``init(iso:)`` for text that may be absent: nil for nil and empty text too.
    public static func parse(_ text: String?) -> Timestamp? {
        guard let text, !text.isEmpty else { return nil }
        return Timestamp(iso: text)
    }

    /// `2024-12-06T10:30:00.268Z`: UTC, always three fraction digits (milliseconds, rounded down), so the text of
    /// two instants of one era also sorts in time order.
    public var iso: String {
        let seconds = Self.floorDiv(millis, 1000)
        let whole = TemporalFormat.timestamp(micros: seconds * 1_000_000, zulu: false)
        return whole + "." + TemporalFormat.pad(Int(millis - seconds * 1000), 3) + "Z"
    }

    /// The stored form ``iso`` of `text`, or `text` as given when it is not a timestamp; nil stays nil.
    public static func normalizedISO(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return Timestamp(iso: text)?.iso ?? text
    }

    public var description: String { iso }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}

/// On the wire a timestamp is its ``Timestamp/iso`` text; any ISO-8601 form is read.
extension Timestamp: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let t = Timestamp(iso: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(text) is not an ISO-8601 timestamp")
        }
        self = t
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}
