/// One complete export file: what the manifest lists for it, plus its row count (what `recordsProcessed` sums).
public struct ExportedFile: Sendable, Hashable, Codable {
    public var fileName: String
    public var fileSize: Int
    /// Lowercase hex SHA-256 of the file's bytes.
    public var sha256: String
    public var rowCount: Int

    public init(fileName: String, fileSize: Int, sha256: String, rowCount: Int) {
        self.fileName = fileName; self.fileSize = fileSize; self.sha256 = sha256; self.rowCount = rowCount
    }
}

/// A file completed while a batch was written, and the index (in that batch) of its last row: the row whose
/// key a checkpoint may record once the file is durable; nil when that row came in an earlier batch (or the
/// file is empty).
public struct CompletedFile: Sendable, Hashable {
    public var file: ExportedFile
    public var lastRowInBatch: Int?
}
