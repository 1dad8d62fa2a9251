import FerryModels

/// How one table's rows are cut into files and encoded.
public struct ExportOptions: Sendable, Hashable {
    public var format: ExportFormat
    public var compression: ExportCompression
    /// Close a file after this many rows (nil: no limit).
    public var maxFileRows: Int?
    /// Close a file once it reaches about this many bytes on disk (nil: no limit). Exact for uncompressed
    /// text (a file exceeds it only when one row alone does); for gzip and Parquet the size is known after the
    /// compressor emits it, so a file may pass the limit by the compressor's buffer (tens of KiB) or one row group.
    public var maxFileBytes: Int?
    /// Parquet: a row group is closed when its encoded (uncompressed) pages reach this size — it bounds the
    /// writer's memory, since a row group's pages are held until the group is written.
    public var parquetRowGroupBytes: Int
    /// Parquet: a data page is closed at this many encoded bytes.
    public var parquetPageBytes: Int
    /// zlib level, 1 (fast) … 9 (small); 6 is gzip's own default.
    public var gzipLevel: Int32

    public init(format: ExportFormat = .jsonl, compression: ExportCompression = .gzip,
                maxFileRows: Int? = nil, maxFileBytes: Int? = nil,
                parquetRowGroupBytes: Int = 16 << 20, parquetPageBytes: Int = 1 << 20, gzipLevel: Int32 = 6) {
        self.format = format; self.compression = compression
        self.maxFileRows = maxFileRows; self.maxFileBytes = maxFileBytes
        self.parquetRowGroupBytes = parquetRowGroupBytes; self.parquetPageBytes = parquetPageBytes
        self.gzipLevel = gzipLevel
    }

    /// Whether the file as a whole goes through gzip (Parquet never: its pages are compressed inside).
    var gzipsWholeFile: Bool { format != .parquet && compression == .gzip }

    /// The file name extension, e.g. `jsonl.gz`, `csv`, `parquet`.
    public var fileExtension: String {
        switch format {
        case .parquet: return "parquet"
        case .jsonl, .csv: return format.rawValue + (compression == .gzip ? ".gz" : "")
        }
    }
}
