import FerrySQL

/// Isolates the rows a target rejects (ENGINE.md §5): the chunk is written under a savepoint; when
/// the write fails with a bad-data error, it is rolled back and retried in halves, recursively.
/// One bad row in 10,000 costs ~14 small retries, not 10,000 single-row inserts.
/// The step first writes each chunk without `isolate` (no savepoint: a PostgreSQL COPY inside a
/// subtransaction is measurably slower), and only a chunk that failed on bad data is written again
/// with it, in a fresh transaction.
enum Bisect {
    struct Result { var skipped: [SkippedRowInfo] = []; var rollbacks = 0 }
    static let savepoint = "ferry_sp"

    /// Calls `write(range)` for the whole `0..<count` and, on bad data, for halves of it.
    /// Transient and permanent errors propagate (the caller rolls the chunk back).
    static func run(count: Int, _ c: any SQLConnection, _ d: SQLDialect, isolate: Bool,
                    write: (Range<Int>) throws -> Void) throws -> Result {
        var result = Result()
        guard count > 0 else { return result }
        guard isolate else {
            try write(0..<count)
            return result
        }
        try attempt(0..<count, c, d, &result, write)
        return result
    }

    private static func attempt(_ r: Range<Int>, _ c: any SQLConnection, _ d: SQLDialect, _ result: inout Result,
                                _ write: (Range<Int>) throws -> Void) throws {
        try c.execute(d.savepoint(savepoint))
        do {
            try write(r)
            if let release = d.releaseSavepoint(savepoint) { try c.execute(release) }
        } catch let e as DriverError where e.kind == .badData {
            try c.execute(d.rollbackToSavepoint(savepoint))
            if let release = d.releaseSavepoint(savepoint) { try c.execute(release) }
            result.rollbacks += 1
            if r.count == 1 {
                result.skipped.append(SkippedRowInfo(index: r.lowerBound, error: e))
                return
            }
            let mid = r.lowerBound + r.count / 2
            try attempt(r.lowerBound..<mid, c, d, &result, write)
            try attempt(mid..<r.upperBound, c, d, &result, write)
        }
    }
}
