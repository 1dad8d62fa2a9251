import FerrySQL

/// Any target through one prepared INSERT/UPSERT reused for every row (SQLite, ODBC; ENGINE.md §4),
/// with bad rows isolated by bisection.
final class StatementWriter: ChunkWriter {
    private let loadSQL: String
    private let updateSQL: String?
    private let dialect: SQLDialect
    /// For each `$n` of the load SQL, the index of the row value bound to it (custom `:name` SQL
    /// may use a subset, reorder or repeat); nil = the row as is.
    private let bindOrder: [Int]?
    private var insert: (any PreparedStatement)?
    private var update: (any PreparedStatement)?

    init(loadSQL: String, updateSQL: String?, dialect: SQLDialect, bindOrder: [Int]?) {
        self.loadSQL = loadSQL; self.updateSQL = updateSQL; self.dialect = dialect; self.bindOrder = bindOrder
    }

    func open(_ c: any SQLConnection) throws {
        insert = try c.prepare(loadSQL)
        if let u = updateSQL { update = try c.prepare(u) }
    }

    func write(_ chunk: Chunk, _ c: any SQLConnection, isolateBadRows: Bool) throws -> WriteOutcome {
        guard case .rows(let batch) = chunk.payload, let insert else {
            throw DriverError.usage("executor", "statement writer got a chunk it cannot write")
        }
        let update = self.update
        let order = bindOrder
        var params: [SQLValue] = []
        let result = try Bisect.run(count: batch.rowCount, c, dialect, isolate: isolateBadRows) { range in
            for i in range {
                let row = batch.row(i)
                if let order {
                    params.removeAll(keepingCapacity: true)
                    for k in order { params.append(row[row.startIndex + k]) }
                    if let update, try update.execute(params[...]) > 0 { continue }
                    try insert.execute(params[...])
                } else {
                    if let update, try update.execute(row) > 0 { continue }
                    try insert.execute(row)
                }
            }
        }
        return WriteOutcome(written: batch.rowCount - result.skipped.count, skipped: result.skipped, rollbacks: result.rollbacks)
    }

    func close(_ c: any SQLConnection) {
        insert?.close(); update?.close()
        insert = nil; update = nil
    }
}
