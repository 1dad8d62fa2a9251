/// The checks of a split table's partitions, each over its own key range, as one step's: counts and ranges summed,
/// the differing keys of all ranges (still bounded), equal only when every range is.
extension Reconciliation {
    /// Keys listed per step once partitions are merged: the same bound one range reports.
    public static let maxListedKeys = 100

    public static func merged(_ parts: [Reconciliation]) -> Reconciliation? {
        guard var merged = parts.first else { return nil }
        for p in parts.dropFirst() {
            merged.equal = merged.equal && p.equal
            merged.rangesCompared += p.rangesCompared
            merged.sourceRows += p.sourceRows
            merged.targetRows += p.targetRows
            merged.differingKeys += p.differingKeys
            merged.truncated = merged.truncated || p.truncated
            merged.message = merged.message ?? p.message
        }
        if merged.differingKeys.count > maxListedKeys {
            merged.differingKeys = Array(merged.differingKeys.prefix(maxListedKeys))
            merged.truncated = true
        }
        return merged
    }

    /// A pair that could not be compared, and why (custom SQL, no key, a missing table, a driver error).
    public static func notCompared(_ method: ReconcileMethod, _ why: String) -> Reconciliation {
        Reconciliation(method: method, equal: false, rangesCompared: 0, sourceRows: 0, targetRows: 0, differingKeys: [],
                       truncated: false, message: why)
    }

    /// A real difference between source and target: not equal, and compared (not skipped with a `message`).
    public var isMismatch: Bool { !equal && message == nil }

    /// The step's `exitMessage` for a mismatch: the table and the first differing keys (`id=17 different`).
    public func failureMessage(table: String, showing limit: Int = 5) -> String {
        let keys = differingKeys.prefix(limit).map { d in
            d.key.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + " \(d.kind.rawValue)"
        }
        let more = differingKeys.count > limit || truncated ? ", …" : ""
        let listed = keys.isEmpty ? "" : "; first differing keys: " + keys.joined(separator: "; ") + more
        return "reconciliation (\(method.rawValue)) of \(table) found a mismatch: source \(sourceRows) rows, target \(targetRows) rows\(listed)"
    }
}

extension Reconciliation {
    /// Whether the check shows source rows missing or changed in the target beyond the `skipped` rows the step
    /// left out on purpose (bad rows under `skipLimit`) — what fails a step. Rows only the target holds (an
    /// `insert` into a table with rows of its own) do not: nothing of the source was lost.
    public func losesRows(skipped: Int64) -> Bool {
        guard isMismatch else { return false }
        let short = sourceRows - targetRows
        if method == .count { return short > skipped }
        let lost = Int64(differingKeys.filter { $0.kind != .extraInTarget }.count)
        if lost > skipped { return true }
        // The digests differ but no key was found (a range too large to list): unexplained unless rows were skipped.
        if differingKeys.isEmpty { return skipped == 0 || short > skipped }
        return truncated && short > skipped
    }

    /// Whether the `skipped` rows account for the difference: without them the check would show rows lost, with
    /// them it does not (30 source rows, 27 in the target, 3 skipped). Readers say "(3 rows skipped)" beside it.
    public func differsOnlyBySkips(_ skipped: Int64) -> Bool {
        skipped > 0 && losesRows(skipped: 0) && !losesRows(skipped: skipped)
    }
}
