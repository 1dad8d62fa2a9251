import FerryModels

/// Compares one table pair, source against target, without copying: first the whole range at once (one query
/// per side, both sides at the same time — an equal copy costs one scan of each). A differing table is split
/// again with ``KeyRangeSplitter`` on the source's keys, into ranges of about `limits.leafRows` rows, and those
/// ranges are compared; each differing one is listed on both sides (keys and row hashes, in batches) and the
/// listings compared key by key. A differing range that was already a slice (a partition's) is listed at once.
/// Bounded: at most `limits.maxKeys` keys reported, `limits.maxRanges` ranges, the keys listed per
/// side and range (`limits.listRows`; beyond that `truncated` says the listing is partial).
public enum TableReconciler {
    public struct Limits: Sendable {
        public var maxKeys: Int
        /// The rows a differing table's ranges are cut to (about: the split follows the source's keys).
        public var leafRows: Int
        /// The keys listed per side and range; more leave the listing partial (`truncated`).
        public var listRows: Int
        public var maxRanges: Int
        public init(maxKeys: Int = 100, leafRows: Int = 20_000, listRows: Int = 200_000, maxRanges: Int = 256) {
            self.maxKeys = maxKeys; self.leafRows = leafRows; self.listRows = listRows; self.maxRanges = maxRanges
        }
    }

    public struct Side: Sendable {
        public var session: DatabaseSession
        public var table: ReconcileTable
        public init(session: DatabaseSession, table: ReconcileTable) { self.session = session; self.table = table }
    }

    /// - Parameter sourceCount: the source's rows in `range`, counted beforehand (`count` only) — the executor counts
    ///   them in the reader's snapshot while its writer commits the last chunks; nil = counted here.
    public static func reconcile(source: Side, target: Side, method: ReconcileMethod, range: KeyRange = .all,
                                 limits: Limits = Limits(), sourceCount: Int64? = nil) async throws -> Reconciliation {
        precondition(method != .off, "nothing to reconcile with method off")
        precondition(source.table.key.count == target.table.key.count && !source.table.key.isEmpty)
        // A count hashes nothing: no probe round trip (the default check after every step is a count).
        let (source, target) = method == .digest ? try await choosingHashing(source, target) : (source, target)
        var state = State(limits: limits)
        state.rangesCompared = 1
        let (s, t): (RangeDigest, RangeDigest)
        if method == .count, let rows = sourceCount {
            (s, t) = (RangeDigest(rows: rows), try await target.session.run { c in try digest(c, target.table, range, method) })
        } else {
            (s, t) = try await measure(source, target, range, method)
        }
        if s != t {
            let rows = max(s.rows, t.rows)
            let wanted = Int(min(Int64(limits.maxRanges), (rows + Int64(limits.leafRows) - 1) / Int64(limits.leafRows)))
            let parts = range.isAll && wanted > 1 ? try await split(source, wanted) : [range]
            if parts.count > 1 {
                for r in parts {
                    guard state.keys.count < limits.maxKeys else { state.truncated = true; break }
                    state.rangesCompared += 1
                    let (sr, tr) = try await measure(source, target, r, method)
                    if sr != tr { try await list(source, target, r, method, &state) }
                }
            } else {
                try await list(source, target, range, method, &state)
            }
        }
        let equal = s == t && state.keys.isEmpty
        return Reconciliation(method: method, equal: equal, rangesCompared: state.rangesCompared, sourceRows: s.rows,
                              targetRows: t.rows, differingKeys: state.keys, truncated: state.truncated)
    }

    struct State {
        var limits: Limits
        var rangesCompared = 0
        var keys: [DifferingKey] = []
        var truncated = false

        mutating func add(_ key: [String], names: [String], _ kind: KeyDifferenceKind) {
            guard keys.count < limits.maxKeys else { truncated = true; return }
            keys.append(DifferingKey(key: Dictionary(zip(names, key), uniquingKeysWith: { a, _ in a }), kind: kind))
        }
    }

    /// Both sides hashed by PostgreSQL's own type hashes when ``PostgresNativeHashSQL`` applies to the pair (asked
    /// of both servers), by canonical texts otherwise.
    static func choosingHashing(_ source: Side, _ target: Side) async throws -> (Side, Side) {
        @Sendable func server(_ c: any SQLConnection) throws -> [SQLValue] {
            guard c.dialect.family == .postgresql, !(c is SQLiteConnection) else { return [] }
            return try c.query(PostgresNativeHashSQL.probeSQL).rows.first ?? []
        }
        async let s = source.session.run(server)
        async let t = target.session.run(server)
        let (ss, ts) = try await (s, t)
        guard PostgresNativeHashSQL.applies(source: source.table, target: target.table, sourceServer: ss, targetServer: ts)
        else { return (source, target) }
        var (a, b) = (source, target)
        a.table.hashing = .postgresNative; b.table.hashing = .postgresNative
        return (a, b)
    }

    /// Both sides' digest (or count) of one range, at the same time.
    static func measure(_ source: Side, _ target: Side, _ r: KeyRange, _ method: ReconcileMethod) async throws
        -> (RangeDigest, RangeDigest) {
        async let s = source.session.run { c in try digest(c, source.table, r, method) }
        async let t = target.session.run { c in try digest(c, target.table, r, method) }
        return try await (s, t)
    }

    /// One side's rows in range `r` (what `reconcile`'s `sourceCount` takes).
    public static func count(_ c: any SQLConnection, _ t: ReconcileTable, _ r: KeyRange) throws -> Int64 {
        try digest(c, t, r, .count).rows
    }

    static func digest(_ c: any SQLConnection, _ t: ReconcileTable, _ r: KeyRange, _ method: ReconcileMethod) throws -> RangeDigest {
        let filter = RangeFilter(r, key: t.key, dialect: c.dialect)
        if method == .count { return RangeDigest(rows: try RangeDigester.count(c, t, filter)) }
        return try RangeDigester.digest(c, t, filter)
    }

    /// The table cut into `count` ranges by the source's keys.
    static func split(_ source: Side, _ count: Int) async throws -> [KeyRange] {
        let t = source.table
        let keyColumns = t.key.compactMap { k in t.columns.first { $0.name == k } }
        guard keyColumns.count == t.key.count else { return [.all] }
        return try await source.session.run { c in
            try KeyRangeSplitter.split(c, table: t.table, key: keyColumns, count: count).ranges
        }
    }

    /// Lists both sides' keys in the range and reports each one that is missing, extra or hashes differently.
    static func list(_ source: Side, _ target: Side, _ r: KeyRange, _ method: ReconcileMethod, _ state: inout State) async throws {
        let withHash = method == .digest
        let limit = state.limits.listRows
        async let s = source.session.run { c in
            try RangeDigester.keys(c, source.table, RangeFilter(r, key: source.table.key, dialect: c.dialect),
                                   withHash: withHash, limit: limit)
        }
        async let t = target.session.run { c in
            try RangeDigester.keys(c, target.table, RangeFilter(r, key: target.table.key, dialect: c.dialect),
                                   withHash: withHash, limit: limit)
        }
        let (src, dst) = try await (s, t)
        if !src.complete || !dst.complete { state.truncated = true }
        let names = source.table.key
        var targetHashes: [[String]: String] = [:]
        for row in dst.rows { targetHashes[row.key] = row.hash }
        var seen = Set<[String]>()
        for row in src.rows {
            seen.insert(row.key)
            guard let h = targetHashes[row.key] else {
                // Beyond the target's listing bound a key may exist unlisted: only a complete listing says missing.
                if dst.complete { state.add(row.key, names: names, .missingInTarget) }
                continue
            }
            if h != row.hash { state.add(row.key, names: names, .different) }
        }
        if src.complete {
            for row in dst.rows where !seen.contains(row.key) { state.add(row.key, names: names, .extraInTarget) }
        }
    }
}

extension RangeFilter {
    /// The rows of key range `r`: the key's bounds and, for a composite key, the same bounds on its leading column
    /// alone. Redundant, but a planner estimates a row comparison poorly and a plain bound well: PostgreSQL scanned the
    /// whole table to count one of its four partitions' ranges (1M lineitem rows: 180 ms), and reads the range's index
    /// and pages with the bound (85 ms).
    init(_ r: KeyRange, key: [String], dialect d: SQLDialect) {
        let c = d.keyRangeCondition(r, key: key)
        var terms = c.sql.map { [$0] } ?? [], parameters = c.parameters
        if key.count > 1 {
            for (bound, op) in [(r.lower, ">="), (r.upper, "<=")] {
                guard let first = bound?.first else { continue }
                parameters.append(first)
                terms.append("\(d.quote(key[0])) \(op) \(SQLDialect.placeholder(parameters.count))")
            }
        }
        self.init(sql: terms.isEmpty ? nil : terms.joined(separator: " AND "), parameters: parameters)
    }
}
