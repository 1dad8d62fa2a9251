/// Splits a table's key space into ranges of about equal row counts (ENGINE: partitioned steps,
/// reconciliation). Integer single-column keys are split by min/max arithmetic (one index probe); every
/// other orderable key (composite, text, uuid, timestamp …) by boundaries taken from the ordered keys:
/// a row or block sample on large PostgreSQL tables, exact quantiles (`ROW_NUMBER` stepping over the key) elsewhere.
/// The ranges cover the key space exactly once whatever the data: the first and last are unbounded and each
/// boundary is both one range's inclusive upper and the next one's exclusive lower bound.
public enum KeyRangeSplitter {
    /// How the boundaries were found, for the plan and the docs.
    public enum Method: String, Sendable, Codable {
        /// Fewer than two ranges asked for, or too few keys: one range, the whole table.
        case whole
        /// min/max of an integer key divided evenly.
        case arithmetic
        /// Quantiles of a row or block sample (large PostgreSQL tables).
        case sampled
        /// Exact quantiles of the ordered keys.
        case quantiles
    }

    public struct Split: Sendable, Hashable {
        public var ranges: [KeyRange]
        public var method: Method
    }

    /// Tables estimated at least this large are sampled (PostgreSQL) instead of stepped through in full.
    public static let sampleFloor: Int64 = 100_000

    /// - Parameters:
    ///   - key: the key columns in key order (the primary key); must not be empty.
    ///   - count: the number of ranges wanted; fewer come back when the table has fewer distinct keys.
    ///   - sampleFloor: estimated rows from which a PostgreSQL table is sampled rather than read in full.
    ///   - blockFloorPages: pages beyond which the sample is taken by blocks rather than rows.
    public static func split(_ c: any SQLConnection, table: TableRef, key: [ColumnInfo], count: Int,
                             sampleFloor: Int64 = KeyRangeSplitter.sampleFloor,
                             blockFloorPages: Int64 = KeyRangeSplitter.blockSampleFloorPages) throws -> Split {
        precondition(!key.isEmpty, "only a table with a key can be split")
        guard count > 1 else { return Split(ranges: [.all], method: .whole) }
        let split: Split
        if key.count == 1, key[0].type.isInteger {
            split = try arithmetic(c, table: table, key: key[0].name, count: count)
        } else if let size = try TableSize.statistics(c, table: table), size.rows >= max(sampleFloor, 1),
                  let sampled = try sampled(c, table: table, key: key.map(\.name), count: count, size: size,
                                            blockFloorPages: blockFloorPages) {
            split = sampled
        } else {
            split = try quantiles(c, table: table, key: key.map(\.name), count: count)
        }
        return split.ranges.count > 1 ? split : Split(ranges: [.all], method: .whole)
    }

    static func arithmetic(_ c: any SQLConnection, table: TableRef, key: String, count: Int) throws -> Split {
        let d = c.dialect
        let k = d.quote(key)
        let r = try c.query("SELECT MIN(\(k)), MAX(\(k)) FROM \(d.qualified(table))")
        guard let row = r.rows.first, let lo = row[0].int64, let hi = row[1].int64, lo < hi else {
            return Split(ranges: [.all], method: .whole)
        }
        // Range i ends at lo + ⌊i·(span+1)/count⌋ − 1, in 128-bit arithmetic so Int64.min…Int64.max cannot overflow.
        let span = UInt64(bitPattern: hi &- lo)
        var boundaries: [[SQLValue]] = []
        var last: UInt64? = nil
        for i in 1..<UInt64(count) {
            var (high, low) = i.multipliedFullWidth(by: span)
            let (sum, carry) = low.addingReportingOverflow(i)
            low = sum
            if carry { high += 1 }
            let q = UInt64(count).dividingFullWidth((high: high, low: low)).quotient
            guard q > 0, q != last else { continue }
            last = q
            let offset = q - 1
            guard offset < span else { break }
            boundaries.append([.int(lo &+ Int64(bitPattern: offset))])
        }
        return Split(ranges: KeyRange.between(boundaries), method: .arithmetic)
    }

    /// Tables of up to this many pages (160 MB) are sampled row by row; bigger ones by blocks.
    public static let blockSampleFloorPages: Int64 = 20_000

    /// Boundaries from a row sample of about 2,500 rows per range (10,000 to 50,000), sorted by the server: each
    /// boundary then lands within about ±0.5 % of the table of its place (1,000 rows left 1M-row lineitem's four
    /// ranges 240k–270k apart, and the largest range sets the copy's time). Up to
    /// `blockFloorPages` pages a Bernoulli sample: it reads every page, and its rows come from all of them, so the
    /// ranges come out even (within a few percent at 1M rows). Bigger tables would be read whole at launch that way
    /// (a 100M-row table: minutes), so they take a block sample (`TABLESAMPLE SYSTEM`) of 2,000 pages or more
    /// thinned to about 10,000 rows: pages hold neighbouring keys, so the number of pages, not of rows, keeps the
    /// ranges even (about ±2 % per boundary at 2,000 pages); a few hundred pages left ranges ±25 % apart.
    static func sampled(_ c: any SQLConnection, table: TableRef, key: [String], count: Int, size: TableSize,
                        blockFloorPages: Int64 = KeyRangeSplitter.blockSampleFloorPages) throws -> Split? {
        guard c.dialect.family == .postgresql else { return nil }
        let d = c.dialect
        let cols = d.columnList(key)
        let wanted = Double(min(max(2_500 * count, 10_000), 50_000))
        let estimate = size.rows, pages = size.pages
        let sample: [[SQLValue]]
        if pages <= blockFloorPages {
            let percent = min(100, 100 * wanted / Double(max(estimate, 1)))
            sample = try c.query("SELECT \(cols) FROM \(d.qualified(table)) TABLESAMPLE BERNOULLI ($1) ORDER BY \(cols)",
                                 [.double(percent)]).rows
        } else {
            let blockPages = Double(min(pages, max(2_000, 250 * Int64(count))))
            let sampledRows = blockPages * Double(max(estimate, 1)) / Double(pages)
            let thin = min(1, wanted / max(sampledRows, 1))
            sample = try c.query("""
                SELECT \(cols) FROM \(d.qualified(table)) TABLESAMPLE SYSTEM ($1) WHERE random() < $2 ORDER BY \(cols)
                """, [.double(100 * blockPages / Double(pages)), .double(thin)]).rows
        }
        guard sample.count >= count else { return nil }
        var boundaries: [[SQLValue]] = []
        for i in 1..<count {
            let b = sample[i * sample.count / count]
            if boundaries.last != b { boundaries.append(b) }
        }
        // The last boundary must leave rows above it; the sample's maximum says nothing of that.
        if boundaries.last == sample.last { boundaries.removeLast() }
        return Split(ranges: KeyRange.between(boundaries), method: .sampled)
    }

    /// Exact quantiles: every `step`-th key in key order, one pass over the key.
    static func quantiles(_ c: any SQLConnection, table: TableRef, key: [String], count: Int) throws -> Split {
        let d = c.dialect
        let rows = try c.query("SELECT COUNT(*) FROM \(d.qualified(table))").rows.first?.first?.int64 ?? 0
        guard rows > 1 else { return Split(ranges: [.all], method: .whole) }
        let step = (rows + Int64(count) - 1) / Int64(count)
        let cols = d.columnList(key)
        let everyStep = d.family == .oracle || d.family == .db2 ? "MOD(ferry_rn, $1) = 0" : "ferry_rn % $1 = 0"
        let sql = "SELECT \(cols) FROM (SELECT \(cols), ROW_NUMBER() OVER (ORDER BY \(cols)) AS ferry_rn FROM \(d.qualified(table))) ferry_keys"
            + " WHERE \(everyStep) AND ferry_rn < $2 ORDER BY \(cols)"
        var boundaries = try c.query(sql, [.int(step), .int(rows)]).rows
        if boundaries.count > count - 1 { boundaries.removeLast(boundaries.count - (count - 1)) }
        return Split(ranges: KeyRange.between(boundaries), method: .quantiles)
    }
}
