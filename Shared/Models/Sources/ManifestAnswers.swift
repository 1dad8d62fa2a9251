/// What the verify service (`/v1/manifests…`) answers, as reporting encodes it and `ferry` decodes it: one set of
/// types on both sides of the wire. The deep check (``ManifestVerification``) is also what FerryExport's verifier
/// produces, so the answer embeds it rather than spelling its fields again.

extension ManifestReport {
    /// The only hash Ferry's manifests use (seed 003).
    public static let hashAlgorithm = "SHA-256"
}

/// `GET /v1/manifests?batchCode=`.
public struct ManifestList: Codable, Sendable, Equatable {
    public var batchCode: String
    public var manifests: [ManifestSummary]
    public init(batchCode: String, manifests: [ManifestSummary]) { self.batchCode = batchCode; self.manifests = manifests }
}

/// One manifest of the list: its numbering, file name and SHA-256, and the counts it states.
public struct ManifestSummary: Codable, Sendable, Equatable {
    public var batchRunNumber: Int
    public var batchRerunNumber: Int
    public var jobExecutionId: Int64
    public var manifestFileName: String
    public var hashAlgorithm = ManifestReport.hashAlgorithm
    public var hashValue: String
    public var timeStamp: String
    public var totalFiles: Int
    public var recordsProcessed: Int
    public var previousManifestFileName: String?

    public init(batchRunNumber: Int, batchRerunNumber: Int, jobExecutionId: Int64, manifestFileName: String,
                hashValue: String, timeStamp: String, totalFiles: Int, recordsProcessed: Int,
                previousManifestFileName: String?) {
        self.batchRunNumber = batchRunNumber; self.batchRerunNumber = batchRerunNumber
        self.jobExecutionId = jobExecutionId; self.manifestFileName = manifestFileName; self.hashValue = hashValue
        self.timeStamp = timeStamp; self.totalFiles = totalFiles; self.recordsProcessed = recordsProcessed
        self.previousManifestFileName = previousManifestFileName
    }

    enum CodingKeys: String, CodingKey {
        case batchRunNumber, batchRerunNumber, jobExecutionId, manifestFileName, hashAlgorithm, hashValue, timeStamp,
             totalFiles, recordsProcessed, previousManifestFileName
    }

    /// Every key present: the first manifest of a batch code shows `previousManifestFileName: null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(batchRunNumber, forKey: .batchRunNumber)
        try c.encode(batchRerunNumber, forKey: .batchRerunNumber)
        try c.encode(jobExecutionId, forKey: .jobExecutionId)
        try c.encode(manifestFileName, forKey: .manifestFileName)
        try c.encode(hashAlgorithm, forKey: .hashAlgorithm)
        try c.encode(hashValue, forKey: .hashValue)
        try c.encode(timeStamp, forKey: .timeStamp)
        try c.encode(totalFiles, forKey: .totalFiles)
        try c.encode(recordsProcessed, forKey: .recordsProcessed)
        try c.encodeOrNull(previousManifestFileName, forKey: .previousManifestFileName)
    }
}

/// Seed 003's verify answer (name and recorded SHA-256); with `?deep=true` also the re-read of the manifest and
/// its files, whose fields (`valid`, `manifest`, `files`) sit beside the seed's.
public struct ManifestVerifyAnswer: Codable, Sendable, Equatable {
    public var manifestFileName: String
    public var hashAlgorithm = ManifestReport.hashAlgorithm
    public var hashValue: String
    public var deep: ManifestVerification?

    public init(manifestFileName: String, hashValue: String, deep: ManifestVerification? = nil) {
        self.manifestFileName = manifestFileName; self.hashValue = hashValue; self.deep = deep
    }

    enum CodingKeys: String, CodingKey { case manifestFileName, hashAlgorithm, hashValue }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(manifestFileName, forKey: .manifestFileName)
        try c.encode(hashAlgorithm, forKey: .hashAlgorithm)
        try c.encode(hashValue, forKey: .hashValue)
        try deep?.encode(to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        manifestFileName = try c.decode(String.self, forKey: .manifestFileName)
        hashAlgorithm = try c.decode(String.self, forKey: .hashAlgorithm)
        hashValue = try c.decode(String.self, forKey: .hashValue)
        deep = try ManifestVerification.isPresent(in: decoder) ? ManifestVerification(from: decoder) : nil
    }
}

/// A deep verification: the manifest and every file it lists, re-read from disk and compared with what Ferry
/// recorded when it wrote them.
public struct ManifestVerification: Codable, Sendable, Hashable {
    public var valid: Bool
    public var manifest: FileCheck
    public var files: [FileCheck]

    public init(valid: Bool, manifest: FileCheck, files: [FileCheck]) {
        self.valid = valid; self.manifest = manifest; self.files = files
    }

    /// The files whose bytes are not the ones written (the manifest first when it is one of them).
    public var damaged: [FileCheck] { ([manifest] + files).filter { $0.status != .ok } }

    enum CodingKeys: String, CodingKey { case valid, manifest, files }

    /// A verify answer carries one when it has `valid` (only deep answers do).
    static func isPresent(in decoder: any Decoder) throws -> Bool {
        try decoder.container(keyedBy: CodingKeys.self).contains(.valid)
    }
}

public enum FileStatus: String, Codable, Sendable, Hashable {
    case ok
    /// Same or greater size, different bytes.
    case changed
    /// Shorter than written.
    case truncated
    case missing
}

/// One file checked: the size and SHA-256 recorded when it was written against what is on disk now.
public struct FileCheck: Codable, Sendable, Hashable {
    public var fileName: String
    public var expectedSize: Int
    public var actualSize: Int?
    public var expectedHash: String
    public var actualHash: String?
    public var status: FileStatus

    public init(fileName: String, expectedSize: Int, actualSize: Int?, expectedHash: String, actualHash: String?, status: FileStatus) {
        self.fileName = fileName; self.expectedSize = expectedSize; self.actualSize = actualSize
        self.expectedHash = expectedHash; self.actualHash = actualHash; self.status = status
    }

    enum CodingKeys: String, CodingKey { case fileName, expectedSize, actualSize, expectedHash, actualHash, status }

    /// Every key present: a missing file shows `actualSize`/`actualHash` as null.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(fileName, forKey: .fileName)
        try c.encode(expectedSize, forKey: .expectedSize)
        try c.encodeOrNull(actualSize, forKey: .actualSize)
        try c.encode(expectedHash, forKey: .expectedHash)
        try c.encodeOrNull(actualHash, forKey: .actualHash)
        try c.encode(status, forKey: .status)
    }
}
