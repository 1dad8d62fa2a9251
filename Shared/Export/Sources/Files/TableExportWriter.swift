import FerrySQL

/// Writes one table's rows as a sequence of export files (`prefix_001.ext`, `prefix_002.ext`, …), cut by
/// `maxFileRows` / `maxFileBytes` at row boundaries. Each file is written under a temporary name, fsynced and
/// renamed into place (``AtomicFile``); `write` tells which files became complete, so the caller can record
/// them with the checkpoint. Memory: one batch, the output buffer, and for Parquet one row group.
///
/// Synchronous and blocking (file I/O): drive it from one thread that may block.
public final class TableExportWriter {
    public let directory: String
    public let prefix: String
    public let options: ExportOptions
    /// Asked before each file is renamed into place (fencing); nil: always allowed.
    private let publishGuard: (any PublishGuard)?
    private let encoder: any RecordEncoder
    private var nextSequence: Int
    private var current: FileOutput?
    private var rowsInFile = 0
    private var filesWritten = 0
    private var finished = false

    /// `firstSequence`: the NNN of the first file (a restart continues after the files already complete).
    public init(directory: String, prefix: String, columns: [ColumnInfo], options: ExportOptions, firstSequence: Int = 1,
                publishGuard: (any PublishGuard)? = nil) throws {
        self.publishGuard = publishGuard
        guard ExportFileName.isSafeComponent(prefix) else { throw ExportError.usage("unsafe export file name prefix: \(prefix)") }
        self.directory = directory
        self.prefix = prefix
        self.options = options
        encoder = try options.makeEncoder(columns: columns)
        nextSequence = firstSequence
    }

    deinit { current?.abandon() }

    /// Appends every row of `batch`; returns the files that became complete meanwhile (a file that reaches
    /// `maxFileRows` with the batch's last row is completed at once).
    public func write(_ batch: RowBatch) throws -> [CompletedFile] {
        guard !finished else { throw ExportError.usage("write after finish") }
        var completed: [CompletedFile] = []
        for row in 0..<batch.rowCount {
            if let maxRows = options.maxFileRows, current != nil, rowsInFile >= maxRows {
                completed.append(try closeFile(lastRow: row - 1))
            }
            try writeRow(batch, row, completed: &completed)
        }
        if let maxRows = options.maxFileRows, current != nil, rowsInFile >= maxRows {
            completed.append(try closeFile(lastRow: batch.rowCount - 1))
        }
        return completed
    }

    /// One row, starting a new file first when it would push the current one past `maxFileBytes`.
    private func writeRow(_ batch: RowBatch, _ row: Int, completed: inout [CompletedFile]) throws {
        let out = try currentOutput()
        if let maxBytes = options.maxFileBytes, rowsInFile > 0 {
            if encoder.rowsAreRewindable {
                let mark = out.buffer.count
                try encoder.append(batch, row: row, out)
                guard out.estimatedSize > maxBytes else { rowsInFile += 1; try out.flushIfFull(); return }
                out.buffer.removeSubrange(mark...)   // the row starts the next file instead
                completed.append(try closeFile(lastRow: row - 1))
            } else if out.estimatedSize + encoder.pendingBytesEstimate >= maxBytes {
                completed.append(try closeFile(lastRow: row - 1))
            }
        }
        let target = try currentOutput()
        try encoder.append(batch, row: row, target)
        rowsInFile += 1
        try target.flushIfFull()
    }

    /// Completes the open file. A table with no rows still gets one (empty) file, so every table pair of the
    /// export is visible to the consumer.
    public func finish() throws -> [CompletedFile] {
        guard !finished else { return [] }
        finished = true
        if current == nil && filesWritten == 0 { _ = try currentOutput() }
        guard current != nil else { return [] }
        return [try closeFile(lastRow: -1)]
    }

    /// Drops the open file's temporary (the rows in it are written again after a restart).
    public func abandon() {
        current?.abandon()
        current = nil
        finished = true
    }

    private func currentOutput() throws -> FileOutput {
        if let current { return current }
        let name = ExportFileName.dataFile(prefix: prefix, sequence: nextSequence, fileExtension: options.fileExtension)
        let out = try FileOutput(directory: directory, name: name, gzipLevel: options.gzipsWholeFile ? options.gzipLevel : nil)
        nextSequence += 1
        try encoder.begin(out)
        current = out
        rowsInFile = 0
        return out
    }

    /// `lastRow`: index in the current batch of the file's last row; negative when that row came earlier.
    private func closeFile(lastRow: Int) throws -> CompletedFile {
        guard let out = current else { throw ExportError.usage("no open export file") }
        try encoder.end(out)
        let (size, hash) = try out.commit(publishGuard: publishGuard)
        current = nil
        filesWritten += 1
        let file = ExportedFile(fileName: out.name, fileSize: size, sha256: hash, rowCount: rowsInFile)
        rowsInFile = 0
        return CompletedFile(file: file, lastRowInBatch: lastRow >= 0 ? lastRow : nil)
    }
}
