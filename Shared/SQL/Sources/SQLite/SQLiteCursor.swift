/// Streams a query's rows into caller-owned batches; only the current row lives in SQLite's memory.
final class SQLiteCursor: RowCursor {
    let columns: [ColumnInfo]
    private let statement: SQLiteStatement
    private let types: [SQLType?]
    private var rowReady: Bool

    /// `firstRow`: the statement was stepped once and a row is ready.
    init(_ statement: SQLiteStatement, firstRow: Bool) {
        self.statement = statement
        columns = statement.columnInfos(rowReady: firstRow)
        types = statement.declaredTypes()
        rowReady = firstRow
        if !firstRow { statement.reset() }
    }

    func next(into batch: inout RowBatch, maxRows: Int) throws -> Int {
        guard batch.columnCount == columns.count else {
            throw DriverError.usage("SQLite", "the batch has \(batch.columnCount) columns, the result \(columns.count)")
        }
        var appended = 0
        while rowReady && appended < maxRows {
            for c in 0..<types.count { batch.append(statement.value(c, types[c])) }
            appended += 1
            rowReady = false
            rowReady = try statement.step()
        }
        // At the end, reset at once: it ends the statement's read transaction (WAL snapshot).
        if !rowReady { statement.reset() }
        return appended
    }

    func close() {
        rowReady = false
        statement.finalize()
    }
}
