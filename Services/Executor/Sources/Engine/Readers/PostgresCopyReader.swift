import FerryModels
import FerrySQL

/// PostgreSQL source: one `COPY (SELECT … ORDER BY key) TO STDOUT (FORMAT binary)` stream — one
/// snapshot, no re-planning (ENGINE.md §2). With `raw`, tuples are forwarded untouched (PG→PG with
/// identical types); otherwise decoded once into row batches.
struct PostgresCopyReader: ChunkReader {
    let plan: LoadPlan
    let columns: [ColumnInfo]
    let oids: [UInt32]
    let keyIndexes: [Int]
    let limits: ChunkLimits
    let raw: Bool

    func read(_ c: any SQLConnection, after lastKey: [SQLValue]?, skipRows: Int64, into queue: ChunkQueue<Chunk>) throws {
        guard let pg = c.binaryCopy else { throw DriverError.usage("executor", "binary COPY reader on a driver without binary COPY") }
        // COPY takes no parameters: the resume key and a partition's bounds are inlined as typed literals.
        let types = plan.keyColumns.map { k in columns.first { $0.name == k }?.nativeType ?? "" }
        let range = plan.rangeParameters ?? []
        let rangeTypes = Array(Array(repeating: types, count: range.count / max(types.count, 1)).joined())
        var sql = try range.isEmpty ? plan.extractionSQL : PostgresEngineSupport.inline(plan.extractionSQL, range, types: rangeTypes, pg)
        if let key = lastKey, let resume = plan.resumeSQL {
            sql = try PostgresEngineSupport.inline(resume, key + range, types: types + rangeTypes, pg)
        }
        let stream = try pg.copyOut(sql)
        defer { stream.close() }
        var toSkip = lastKey == nil ? skipRows : 0
        while toSkip > 0, try stream.nextTuple({ _ in }) { toSkip -= 1 }
        let decoder = BinaryTupleDecoder(oids: oids)
        while !queue.isCancelled {
            var ended = false
            let chunk: Chunk
            if raw {
                var buf = TupleBuffer()
                buf.bytes.reserveCapacity(min(limits.bytes, limits.rows * 160))
                buf.starts.reserveCapacity(limits.rows)
                while buf.count < limits.rows && buf.bytes.count < limits.bytes {
                    let got = try stream.nextTuple { t in
                        buf.starts.append(buf.bytes.count)
                        buf.bytes.append(contentsOf: t.bytes)
                    }
                    if !got { ended = true; break }
                }
                guard buf.count > 0 else { return }
                let key: [SQLValue]? = keyIndexes.isEmpty ? nil : buf.bytes.withUnsafeBytes { b in
                    PostgresEngineSupport.decodeFields(UnsafeRawBufferPointer(rebasing: b[buf.range(buf.count - 1)]), keyIndexes, oids: oids)
                }
                chunk = Chunk(payload: .tuples(buf), lastKey: key)
            } else {
                var batch = RowBatch(columnCount: oids.count, reservingRows: min(limits.rows, 50_000))
                while batch.rowCount < limits.rows && batch.byteCount < limits.bytes {
                    let got = try stream.nextTuple { t in try decoder.decode(t, into: &batch) }
                    if !got { ended = true; break }
                }
                let rows = batch.rowCount
                guard rows > 0 else { return }
                chunk = Chunk(payload: .rows(batch), lastKey: keyIndexes.isEmpty ? nil : keyIndexes.map { batch[rows - 1, $0] })
            }
            guard queue.put(chunk) else { return }
            if ended { return }
        }
    }

    func describe(_ chunk: Chunk, _ index: Int) -> (key: [String?], row: [String: String?]) {
        let values: [SQLValue]
        switch chunk.payload {
        case .rows(let b):
            guard index < b.rowCount else { return ([], [:]) }
            values = Array(b.row(index))
        case .tuples(let t):
            guard index < t.count else { return ([], [:]) }
            values = t.bytes.withUnsafeBytes { b in
                PostgresEngineSupport.decodeFields(UnsafeRawBufferPointer(rebasing: b[t.range(index)]), Array(oids.indices), oids: oids)
            }
        }
        var row: [String: String?] = [:]
        for (i, col) in columns.enumerated() where i < values.count { row[col.name] = values[i].textValue }
        return (keyIndexes.map { values[$0].textValue }, row)
    }
}
