import FerrySQL

/// Spring Batch's "line aggregator" for one export file: turns rows into the bytes of one format.
/// One instance serves every file of a table in turn (`begin` … `end` per file).
protocol RecordEncoder: AnyObject {
    /// Whether a row's bytes sit at the end of `FileOutput.buffer` right after `append`, so the splitter may
    /// take them back and start the next file with them (text formats); Parquet buffers columns instead.
    var rowsAreRewindable: Bool { get }
    /// Rows held inside the encoder (not yet in the output), as an estimate of the bytes they will add.
    var pendingBytesEstimate: Int { get }
    /// Starts a file (CSV header).
    func begin(_ out: FileOutput) throws
    func append(_ batch: RowBatch, row: Int, _ out: FileOutput) throws
    /// Completes a file (Parquet's last row group and footer).
    func end(_ out: FileOutput) throws
}

extension ExportOptions {
    func makeEncoder(columns: [ColumnInfo]) throws -> any RecordEncoder {
        switch format {
        case .jsonl: return JSONLinesEncoder(columns: columns)
        case .csv: return CSVEncoder(columns: columns)
        case .parquet: return try ParquetEncoder(columns: columns, options: self)
        }
    }
}
