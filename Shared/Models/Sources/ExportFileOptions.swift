/// The file format of an export to a `Files` target (bundle option `exportFormat`).
public enum ExportFormat: String, Sendable, Codable, CaseIterable {
    /// One JSON object per line, keys in column order.
    case jsonl
    /// A header row, then RFC 4180 records (CRLF, fields quoted when they hold `,` `"` CR or LF).
    case csv
    /// Apache Parquet, flat schema; pages compress themselves, so `compression` does not apply.
    case parquet
}

/// Whole-file compression of the text formats (bundle option `compression`).
public enum ExportCompression: String, Sendable, Codable, CaseIterable {
    case gzip
    case none
}

/// Limits of the bundle options that cut an export into files.
public enum ExportLimits {
    public static let maxFileRows = 1_000_000_000
    /// At least 1 KiB (smaller files would hold a header and little else), at most 1 TiB.
    public static let fileBytes = 1024...(1 << 40)
}
