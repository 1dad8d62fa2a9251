/// Bundle option `partitions`: how many key ranges each big table is split into (each range its own step
/// execution and work item). `auto` splits tables of at least `autoFloor` rows into one range per
/// `autoRowsPerPartition` rows (at most `autoMax`); a count splits every table that can be split into that many.
public enum PartitionsOption: Sendable, Hashable, Codable, CustomStringConvertible {
    case auto
    case count(Int)

    public static let maxCount = 64
    /// Smaller tables gain nothing from splitting: one range's fixed cost (claim, setup, checkpoint) outweighs it.
    public static let autoFloor: Int64 = 500_000
    public static let autoRowsPerPartition: Int64 = 250_000
    public static let autoMax = 8

    /// The number of ranges for a table of `rows` rows (estimated).
    public func ranges(forRows rows: Int64) -> Int {
        switch self {
        case .count(let n): return n
        case .auto:
            guard rows >= Self.autoFloor else { return 1 }
            return Int(min(Int64(Self.autoMax), (rows + Self.autoRowsPerPartition - 1) / Self.autoRowsPerPartition))
        }
    }

    /// "auto" or the number, as stored and shown.
    public var description: String {
        switch self { case .auto: return "auto"; case .count(let n): return String(n) }
    }

    public init?(stored: String) {
        if stored == "auto" { self = .auto } else if let n = Int(stored), (1...Self.maxCount).contains(n) { self = .count(n) } else { return nil }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Int.self) { self = .count(n); return }
        let s = try c.decode(String.self)
        guard let v = PartitionsOption(stored: s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "partitions must be a number or \"auto\"")
        }
        self = v
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self { case .auto: try c.encode("auto"); case .count(let n): try c.encode(n) }
    }
}

/// `partitions` as posted: any JSON scalar, so that a wrong type is a 400 naming the field (the validator's
/// answer), not a body that fails to decode.
public enum PartitionsInput: Sendable, Hashable, Codable {
    case number(Double)
    case text(String)
    case other

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .text(s) }
        else { self = .other }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let d): try c.encode(d)
        case .text(let s): try c.encode(s)
        case .other: try c.encodeNil()
        }
    }
}

/// One value of a range bound as it travels: a `[tag, text]` pair (FerrySQL's SQLValue reads it back typed).
public struct TaggedValue: Sendable, Hashable, Codable {
    public var tag: String
    public var text: String?
    public init(tag: String, text: String?) { self.tag = tag; self.text = text }

    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        tag = try c.decode(String.self)
        text = try c.decodeIfPresent(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(tag)
        if let text { try c.encode(text) } else { try c.encodeNil() }
    }
}

/// One key-range partition of a table as specs, work items and the partitions route carry it: the rows whose
/// key is above `lower` (exclusive) and at most `upper` (inclusive); nil = unbounded.
public struct PartitionRange: Sendable, Hashable, Codable {
    public var lower: [TaggedValue]?
    public var upper: [TaggedValue]?
    public init(lower: [TaggedValue]?, upper: [TaggedValue]?) { self.lower = lower; self.upper = upper }
}
