import FerryModels
/// Seed 003's manifest, field for field and in its order: which files one batch run wrote, with size and
/// SHA-256 each, chained to the manifest of the previous completed run of the same batch code.
public struct Manifest: Sendable, Hashable, Codable {
    public static let currentVersion = 1
    public static let hashAlgorithm = ManifestReport.hashAlgorithm

    public var version: Int
    public var batchCode: String
    public var batchRunNumber: Int
    public var batchRerunNumber: Int
    public var totalFiles: Int
    public var recordsProcessed: Int
    /// ISO-8601 UTC with microseconds, e.g. `2020-05-02T16:55:43.000353Z`.
    public var timeStamp: String
    public var previousBatchRunNumber: Int?
    public var previousManifestFileName: String?
    public var fileDetails: [FileDetail]

    public struct FileDetail: Sendable, Hashable, Codable {
        public var fileName: String
        public var fileSize: Int
        public var hashAlgorithm: String
        /// Lowercase hex.
        public var hashValue: String

        public init(fileName: String, fileSize: Int, hashAlgorithm: String = Manifest.hashAlgorithm, hashValue: String) {
            self.fileName = fileName; self.fileSize = fileSize; self.hashAlgorithm = hashAlgorithm; self.hashValue = hashValue
        }
    }

    /// The manifest of a run that wrote `files` (in the order given). `previous`: the last completed run of the
    /// same batch code before this one (its run number and manifest file name), nil on the first.
    public init(batchCode: String, batchRunNumber: Int, batchRerunNumber: Int, files: [ExportedFile],
                previous: (runNumber: Int, manifestFileName: String)?, createdAtMicros: Int64) {
        version = Manifest.currentVersion
        self.batchCode = batchCode
        self.batchRunNumber = batchRunNumber
        self.batchRerunNumber = batchRerunNumber
        totalFiles = files.count
        recordsProcessed = files.reduce(0) { $0 + $1.rowCount }
        var stamp: [UInt8] = []
        ValueText.appendTimestamp(micros: createdAtMicros, zoned: false, &stamp)
        timeStamp = String(decoding: stamp, as: UTF8.self) + "Z"
        previousBatchRunNumber = previous?.runNumber
        previousManifestFileName = previous?.manifestFileName
        fileDetails = files.map { FileDetail(fileName: $0.fileName, fileSize: $0.fileSize, hashValue: $0.sha256) }
    }

    /// `[batchCode]_[batchRunNumber]_[batchRerunNumber]_manifest.json`
    public var fileName: String { ExportFileName.manifest(batchCode: batchCode, run: batchRunNumber, rerun: batchRerunNumber) }

    /// The bytes written to disk: the seed's layout (two-space indent, fields in the seed's order, explicit
    /// nulls), deterministic, so the recorded SHA-256 of these bytes identifies the manifest.
    public func encoded() -> [UInt8] {
        var o: [UInt8] = []
        func line(_ key: String, _ indent: Int, last: Bool = false, _ value: (inout [UInt8]) -> Void) {
            o.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
            JSONText.appendString(key, &o)
            o.append(contentsOf: Array(": ".utf8))
            value(&o)
            if !last { o.append(UInt8(ascii: ",")) }
            o.append(0x0A)
        }
        func number(_ v: Int) -> (inout [UInt8]) -> Void { { ValueText.append(String(v), &$0) } }
        func string(_ s: String?) -> (inout [UInt8]) -> Void { { b in if let s { JSONText.appendString(s, &b) } else { ValueText.append("null", &b) } } }
        o.append(contentsOf: Array("{\n".utf8))
        line("version", 2, number(version))
        line("batchCode", 2, string(batchCode))
        line("batchRunNumber", 2, number(batchRunNumber))
        line("batchRerunNumber", 2, number(batchRerunNumber))
        line("totalFiles", 2, number(totalFiles))
        line("recordsProcessed", 2, number(recordsProcessed))
        line("timeStamp", 2, string(timeStamp))
        line("previousBatchRunNumber", 2) { b in ValueText.append(previousBatchRunNumber.map(String.init) ?? "null", &b) }
        line("previousManifestFileName", 2, string(previousManifestFileName))
        o.append(contentsOf: Array("  \"fileDetails\": [".utf8))
        for (i, f) in fileDetails.enumerated() {
            o.append(contentsOf: Array((i == 0 ? "\n" : ",\n").utf8))
            o.append(contentsOf: Array("    {\n".utf8))
            line("fileName", 6, string(f.fileName))
            line("fileSize", 6, number(f.fileSize))
            line("hashAlgorithm", 6, string(f.hashAlgorithm))
            line("hashValue", 6, last: true, string(f.hashValue))
            o.append(contentsOf: Array("    }".utf8))
        }
        o.append(contentsOf: Array((fileDetails.isEmpty ? "]\n}\n" : "\n  ]\n}\n").utf8))
        return o
    }
}
