/// File names of an export: `[batchCode]_[batchRunNumber]_[batchRerunNumber]_[TABLE]_[NNN].[ext]` for data
/// files, `[batchCode]_[batchRunNumber]_[batchRerunNumber]_manifest.json` for the manifest.
public enum ExportFileName {
    /// The part before `_NNN.ext`, e.g. `HD-PDE_106_0_CUSTOMERS`.
    public static func prefix(batchCode: String, run: Int, rerun: Int, table: String) -> String {
        "\(batchCode)_\(run)_\(rerun)_\(table)"
    }

    /// e.g. `HD-PDE_106_0_CUSTOMERS_001.jsonl.gz`; the sequence has at least three digits.
    public static func dataFile(prefix: String, sequence: Int, fileExtension: String) -> String {
        let n = String(sequence)
        return prefix + "_" + String(repeating: "0", count: max(0, 3 - n.count)) + n + "." + fileExtension
    }

    public static func manifest(batchCode: String, run: Int, rerun: Int) -> String {
        "\(batchCode)_\(run)_\(rerun)_manifest.json"
    }

    /// Whether `s` can be part of a file name in the export directory: not empty, no path separator, no NUL,
    /// not `.`/`..`, at most 200 bytes. Batch codes and table names are checked with it before use.
    public static func isSafeComponent(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 200 && s != "." && s != ".." && !s.utf8.contains(UInt8(ascii: "/")) && !s.utf8.contains(0)
    }
}
