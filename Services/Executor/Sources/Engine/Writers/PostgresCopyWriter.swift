import FerrySQL

/// PostgreSQL target: `COPY … FROM STDIN (FORMAT binary)` straight into the table when it was empty
/// at step start (or the mode only inserts), else into a temporary staging table merged with
/// `INSERT … SELECT … ON CONFLICT DO UPDATE` in the same transaction (ENGINE.md §4).
final class PostgresCopyWriter: ChunkWriter {
    private let plan: LoadPlan
    private let target: TableRef
    private let targetOIDs: [UInt32]
    private let direct: Bool
    private var encoder = BinaryCopyEncoder()
    private var copySQL = ""
    private var mergeSQL: String?
    private var staging: String?

    init(plan: LoadPlan, target: TableRef, targetOIDs: [UInt32], direct: Bool) {
        self.plan = plan; self.target = target; self.targetOIDs = targetOIDs; self.direct = direct
    }

    /// Whether every target column can be encoded in binary (else the statement writer is used).
    static func canEncode(_ oids: [UInt32]) -> Bool { oids.allSatisfy { BinaryCopyEncoder.canEncode(oid: $0) } }

    func open(_ c: any SQLConnection) throws {
        let d = SQLDialect.postgresql
        let cols = d.columnList(plan.targetColumns)
        if direct || !plan.upserts || plan.targetKeyColumns.isEmpty {
            copySQL = "COPY \(d.qualified(target)) (\(cols)) FROM STDIN (FORMAT binary)"
        } else {
            let name = "ferry_stage_\(UInt32.random(in: 0...UInt32.max))"
            try c.execute("CREATE TEMP TABLE \(name) (LIKE \(d.qualified(target)) INCLUDING DEFAULTS) ON COMMIT DELETE ROWS")
            staging = name
            copySQL = "COPY \(name) (\(cols)) FROM STDIN (FORMAT binary)"
            mergeSQL = LoadPlanner.mergeSQL(target: target, staging: name, columns: plan.targetColumns,
                                            key: plan.targetKeyColumns, dialect: d)
        }
    }

    func write(_ chunk: Chunk, _ c: any SQLConnection, isolateBadRows: Bool) throws -> WriteOutcome {
        guard let pg = c.binaryCopy else { throw DriverError.usage("executor", "binary COPY writer on a driver without binary COPY") }
        let result = try Bisect.run(count: chunk.rowCount, c, .postgresql, isolate: isolateBadRows) { range in
            try copy(range, chunk, pg)
            if let merge = mergeSQL, let staging {
                try pg.execute(merge)
                try pg.execute("TRUNCATE \(staging)")
            }
        }
        return WriteOutcome(written: chunk.rowCount - result.skipped.count, skipped: result.skipped, rollbacks: result.rollbacks)
    }

    private func copy(_ range: Range<Int>, _ chunk: Chunk, _ pg: any BinaryCopyConnection) throws {
        try pg.copyIn(copySQL)
        do {
            encoder.removeAll()
            encoder.header()
            switch chunk.payload {
            case .tuples(let t):
                // Passthrough: the tuples go out as the source sent them, in one contiguous slice.
                try pg.putCopyData(&encoder)
                try t.bytes.withUnsafeBytes { b in
                    let lo = t.starts[range.lowerBound]
                    let hi = range.upperBound < t.count ? t.starts[range.upperBound] : t.bytes.count
                    try pg.putCopyData(UnsafeRawBufferPointer(rebasing: b[lo..<hi]))
                }
            case .rows(let batch):
                let width = targetOIDs.count
                for i in range {
                    encoder.beginTuple(fieldCount: width)
                    let row = batch.row(i)
                    for k in 0..<width { try encoder.append(row[row.startIndex + k], oid: targetOIDs[k]) }
                    if encoder.count >= BinaryCopyEncoder.flushThreshold { try pg.putCopyData(&encoder) }
                }
            }
            encoder.trailer()
            try pg.putCopyData(&encoder)
        } catch {
            pg.abortCopy("ferry: \(error)")
            throw error
        }
        try pg.endCopy()
    }

    func close(_ c: any SQLConnection) {
        if let staging { _ = try? c.execute("DROP TABLE IF EXISTS \(staging)") }
    }
}
