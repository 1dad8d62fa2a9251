import FerryModels
import FerrySQL

/// Any source through its driver's streamed cursor (SQLite's stepped statement, ODBC's SQLFetch,
/// PostgreSQL single-row mode), decoded into row batches.
struct CursorReader: ChunkReader {
    let plan: LoadPlan
    let columns: [ColumnInfo]
    let keyIndexes: [Int]
    let limits: ChunkLimits

    func read(_ c: any SQLConnection, after lastKey: [SQLValue]?, skipRows: Int64, into queue: ChunkQueue<Chunk>) throws {
        let resume = lastKey != nil && plan.resumeSQL != nil
        let range = plan.rangeParameters ?? []
        let cursor = try c.openCursor(resume ? plan.resumeSQL! : plan.extractionSQL, resume ? lastKey! + range : range)
        defer { cursor.close() }
        let width = cursor.columns.count
        // Without a key there is no keyset resume: skip what earlier attempts committed (ordered custom SQL).
        var toSkip = resume ? 0 : (lastKey == nil ? skipRows : 0)
        while toSkip > 0 {
            var scratch = RowBatch(columnCount: width)
            let n = try cursor.next(into: &scratch, maxRows: Int(min(toSkip, 10_000)))
            if n == 0 { break }
            toSkip -= Int64(n)
        }
        while !queue.isCancelled {
            var batch = RowBatch(columnCount: width, reservingRows: min(limits.rows, 50_000))
            var ended = false
            while batch.rowCount < limits.rows && batch.byteCount < limits.bytes {
                let n = try cursor.next(into: &batch, maxRows: min(1_000, limits.rows - batch.rowCount))
                if n == 0 { ended = true; break }
            }
            let rows = batch.rowCount
            if rows > 0 {
                let key = keyIndexes.isEmpty ? nil : keyIndexes.map { batch[rows - 1, $0] }
                guard queue.put(Chunk(payload: .rows(batch), lastKey: key)) else { return }
            }
            if ended { return }
        }
    }

    func describe(_ chunk: Chunk, _ index: Int) -> (key: [String?], row: [String: String?]) {
        guard case .rows(let b) = chunk.payload, index < b.rowCount else { return ([], [:]) }
        let values = b.row(index)
        var row: [String: String?] = [:]
        for (i, col) in columns.enumerated() where i < b.columnCount { row[col.name] = values[values.startIndex + i].textValue }
        return (keyIndexes.map { values[values.startIndex + $0].textValue }, row)
    }
}
