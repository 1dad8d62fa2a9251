import FerryModels

/// A slice of a table's key space: the rows whose key `k` has `lower < k <= upper` (row-value order over the
/// key columns). A nil bound is unbounded, so the first and last ranges of a split also cover keys inserted
/// after it was planned: a split's ranges cover the key space exactly once.
public struct KeyRange: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Exclusive lower bound, one value per key column; nil = from the first key.
    public var lower: [SQLValue]?
    /// Inclusive upper bound, one value per key column; nil = to the last key.
    public var upper: [SQLValue]?

    public init(lower: [SQLValue]?, upper: [SQLValue]?) { self.lower = lower; self.upper = upper }

    /// The whole key space (an unsplit table).
    public static let all = KeyRange(lower: nil, upper: nil)

    public var isAll: Bool { lower == nil && upper == nil }

    /// Ranges between consecutive boundaries: (nil, b1], (b1, b2], …, (bk, nil). Boundaries must ascend strictly.
    public static func between(_ boundaries: [[SQLValue]]) -> [KeyRange] {
        guard !boundaries.isEmpty else { return [.all] }
        var out: [KeyRange] = []
        var lower: [SQLValue]? = nil
        for b in boundaries {
            out.append(KeyRange(lower: lower, upper: b))
            lower = b
        }
        out.append(KeyRange(lower: lower, upper: nil))
        return out
    }

    public var description: String {
        func show(_ b: [SQLValue]?) -> String {
            guard let b else { return "∞" }
            return "(" + b.map { $0.textValue ?? "NULL" }.joined(separator: ", ") + ")"
        }
        return "(\(lower == nil ? "-∞" : show(lower)), \(show(upper))]"
    }
}

extension KeyRange {
    /// The range as it travels in work items; nil when a bound holds a value this version cannot read.
    public init?(_ p: PartitionRange) {
        func typed(_ b: [TaggedValue]?) -> [SQLValue]?? {
            guard let b else { return .some(nil) }
            let values = b.compactMap(SQLValue.init)
            return values.count == b.count ? .some(values) : nil
        }
        guard let lower = typed(p.lower), let upper = typed(p.upper) else { return nil }
        self.init(lower: lower, upper: upper)
    }

    public var partitionRange: PartitionRange {
        PartitionRange(lower: lower?.map(\.tagged), upper: upper?.map(\.tagged))
    }
}

/// The SQL condition that selects one range, with its parameters (bound, never spliced).
public struct KeyRangeCondition: Sendable, Hashable {
    /// nil for the whole key space (no condition).
    public var sql: String?
    public var parameters: [SQLValue]
}
