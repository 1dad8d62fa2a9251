import FerrySQL

/// Apache Parquet for a flat schema: `PAR1`, row groups (each column a chunk of GZIP-compressed PLAIN data
/// pages, format v1, NULLs as definition levels), then the Thrift-compact footer and `PAR1`. A row group is
/// written once its pages reach `parquetRowGroupBytes`, which bounds the memory an export holds.
final class ParquetEncoder: RecordEncoder {
    private let columns: [ParquetColumnWriter]
    private let schema: [Parquet.SchemaElement]
    private let rowGroupBytes: Int
    private let pageBytes: Int

    // The file being written.
    private var rowGroups: [Parquet.RowGroup] = []
    private var groupRows = 0
    private var fileRows = 0
    /// compressed / uncompressed over the pages written so far, to estimate a row group's size on disk.
    private var compressedTotal = 0, uncompressedTotal = 0

    init(columns: [ColumnInfo], options: ExportOptions) throws {
        guard !columns.isEmpty else { throw ExportError.usage("a Parquet file needs at least one column") }
        let types = columns.map { ParquetColumnType($0.type) }
        self.columns = zip(columns, types).map { ParquetColumnWriter(name: $0.name, type: $1, gzipLevel: options.gzipLevel) }
        schema = [Parquet.SchemaElement(name: "schema", numChildren: Int32(columns.count))]
            + zip(columns, types).map { $1.schemaElement(name: $0.name) }
        rowGroupBytes = max(1, options.parquetRowGroupBytes)
        pageBytes = max(1, options.parquetPageBytes)
    }

    var rowsAreRewindable: Bool { false }

    var pendingBytesEstimate: Int {
        let held = columns.reduce(0) { $0 + $1.uncompressedBytes }
        guard uncompressedTotal > 0 else { return held }
        return held * compressedTotal / uncompressedTotal
    }

    func begin(_ out: FileOutput) throws {
        rowGroups = []; groupRows = 0; fileRows = 0
        out.buffer.append(contentsOf: Parquet.magic)
    }

    func append(_ batch: RowBatch, row: Int, _ out: FileOutput) throws {
        var groupBytes = 0
        for (c, column) in columns.enumerated() {
            try column.append(batch[row, c])
            if column.pageBytes >= pageBytes { try column.closePage() }
            groupBytes += column.uncompressedBytes
        }
        groupRows += 1
        fileRows += 1
        if groupBytes >= rowGroupBytes { try writeRowGroup(out) }
    }

    func end(_ out: FileOutput) throws {
        if groupRows > 0 { try writeRowGroup(out) }
        let footer = Parquet.FileMetaData(schema: schema, numRows: Int64(fileRows), rowGroups: rowGroups,
                                          createdBy: "Ferry export writer").encoded()
        out.buffer.append(contentsOf: footer)
        withUnsafeBytes(of: UInt32(footer.count).littleEndian) { out.buffer.append(contentsOf: $0) }
        out.buffer.append(contentsOf: Parquet.magic)
    }

    /// Writes every column's chunk, in schema order, at the current end of the file.
    private func writeRowGroup(_ out: FileOutput) throws {
        var metas: [Parquet.ColumnMetaData] = []
        for column in columns {
            let (bytes, meta) = try column.takeChunk(at: Int64(out.position))
            out.buffer.append(contentsOf: bytes)
            try out.flushIfFull()
            compressedTotal += bytes.count
            uncompressedTotal += Int(meta.totalUncompressedSize)
            metas.append(meta)
        }
        rowGroups.append(Parquet.RowGroup(columns: metas, numRows: Int64(groupRows), ordinal: Int16(truncatingIfNeeded: rowGroups.count)))
        groupRows = 0
    }
}
