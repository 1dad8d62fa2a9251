import FerryModels
import FerrySQL

/// Spring Batch's ItemReader, chunked: streams the source in key order, one query, one snapshot
/// (ENGINE.md §2), and hands chunks to the writer through the bounded queue. Runs on the source
/// connection's thread.
protocol ChunkReader: Sendable {
    /// Result columns, in extraction order (names as in the source).
    var columns: [ColumnInfo] { get }
    /// Streams every row after `lastKey` (all rows when nil; with no key, skips `skipRows` rows).
    func read(_ c: any SQLConnection, after lastKey: [SQLValue]?, skipRows: Int64, into queue: ChunkQueue<Chunk>) throws
    /// Decodes row `index` of `chunk` for diagnostics of a skipped row: its key and its columns as text.
    func describe(_ chunk: Chunk, _ index: Int) -> (key: [String?], row: [String: String?])
}

/// Chunk boundaries shared by the readers: rows and a byte cap for wide rows.
struct ChunkLimits: Sendable {
    var rows: Int
    var bytes: Int = 16 << 20
}
