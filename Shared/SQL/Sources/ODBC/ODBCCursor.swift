/// Streams rows with SQLFetch into caller-owned batches. Memory is bounded by the batch only when
/// the driver streams too: psqlODBC buffers the whole result unless the connection string says
/// UseDeclareFetch=1 (then it fetches `Fetch=` rows at a time).
final class ODBCCursor: RowCursor {
    let columns: [ColumnInfo]
    private let reader: ODBCResultReader
    private var done = false

    init(_ reader: ODBCResultReader) {
        self.reader = reader
        columns = reader.columnInfos
    }

    func next(into batch: inout RowBatch, maxRows: Int) throws -> Int {
        guard batch.columnCount == columns.count else {
            throw DriverError.usage("ODBC", "the batch has \(batch.columnCount) columns, the result \(columns.count)")
        }
        var appended = 0
        while !done && appended < maxRows {
            guard try reader.fetch() else {
                done = true
                reader.statement.reset()   // ends the result now, not when the cursor is released
                break
            }
            for c in 0..<columns.count { batch.append(try reader.value(c)) }
            appended += 1
        }
        return appended
    }

    func close() {
        done = true
        reader.statement.free()
    }
}
