/// How each dialect spells "key in range": row-value comparison where the engine has it, the expanded
/// OR-form elsewhere. Parameters are numbered from `firstParameter`, so the condition joins a statement
/// that binds its own values first (a resume key, a delta window).
extension SQLDialect {
    /// Whether `(a, b) > ($1, $2)` compares lexicographically here.
    public var hasRowValueComparison: Bool {
        switch family {
        case .postgresql, .sqlite, .mysql, .db2: return true
        default: return false
        }
    }

    public func keyRangeCondition(_ range: KeyRange, key: [String], firstParameter: Int = 1) -> KeyRangeCondition {
        var terms: [String] = []
        var params: [SQLValue] = []
        var next = firstParameter
        if let lower = range.lower {
            precondition(lower.count == key.count, "a range bound has one value per key column")
            terms.append(keyComparison(key, strict: ">", last: ">", from: next))
            params += lower; next += lower.count
        }
        if let upper = range.upper {
            precondition(upper.count == key.count, "a range bound has one value per key column")
            terms.append(keyComparison(key, strict: "<", last: "<=", from: next))
            params += upper
        }
        return KeyRangeCondition(sql: terms.isEmpty ? nil : terms.joined(separator: " AND "), parameters: params)
    }

    /// `key op bound` in lexicographic order: every column but the last compares with `strict`, the last one
    /// with `last` (`>` for an exclusive lower bound, `<=` for an inclusive upper one).
    func keyComparison(_ key: [String], strict: String, last: String, from first: Int) -> String {
        let marks = key.indices.map { SQLDialect.placeholder(first + $0) }
        if key.count == 1 { return "\(quote(key[0])) \(last) \(marks[0])" }
        if hasRowValueComparison {
            return "(\(columnList(key))) \(last) (\(marks.joined(separator: ", ")))"
        }
        // (a < $1) OR (a = $1 AND b < $2) OR … OR (a = $1 AND … AND z <= $k)
        var alternatives: [String] = []
        for i in key.indices {
            var parts = (0..<i).map { "\(quote(key[$0])) = \(marks[$0])" }
            parts.append("\(quote(key[i])) \(i == key.count - 1 ? last : strict) \(marks[i])")
            alternatives.append("(" + parts.joined(separator: " AND ") + ")")
        }
        return "(" + alternatives.joined(separator: " OR ") + ")"
    }
}
