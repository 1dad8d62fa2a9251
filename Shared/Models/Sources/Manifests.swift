/// Seed 003's manifests on the wire between the services. The manifest itself (its fields, its bytes) is
/// FerryExport's `Manifest`; these types carry what the orchestrator hands out and records about it.

/// The job's last step when its bundle asks for a manifest (`manifestOption: true`, a `Files` target): a tasklet
/// step of its own, claimable only once every export step of the execution is COMPLETED (a higher relational
/// ordering), leased and fenced like any step. The job is COMPLETED only when the manifest is written.
public struct ManifestTask: Codable, Sendable, Hashable {
    /// Step name of the manifest step in RF06 (no table step can be called this: theirs start with `STEP-`).
    public static let stepName = "MANIFEST"
    /// The manifest step's row has no table pair; this pair id marks it.
    public static let pairId: Int64 = 0

    /// The export steps whose files the manifest lists, in the bundle's pair order: their state keys.
    public var stepKeys: [String]
    /// The last COMPLETED run of the same batch code before this one that wrote a manifest; nil on the first.
    public var previous: PreviousManifest?
    public init(stepKeys: [String], previous: PreviousManifest?) { self.stepKeys = stepKeys; self.previous = previous }
}

public struct PreviousManifest: Codable, Sendable, Hashable {
    public var batchRunNumber: Int
    public var manifestFileName: String
    public init(batchRunNumber: Int, manifestFileName: String) {
        self.batchRunNumber = batchRunNumber; self.manifestFileName = manifestFileName
    }
}

/// What the executor reports with the manifest step's `completed` finish: the manifest as written.
public struct ManifestReport: Codable, Sendable, Hashable {
    public var manifestFileName: String
    public var fileSize: Int
    /// Lowercase hex SHA-256 of the manifest's bytes.
    public var hashValue: String
    /// The export directory (the target datasource's `file:` path) the manifest and its files are in.
    public var directory: String
    /// The manifest's bytes (UTF-8 JSON), exactly as written.
    public var content: String
    public init(manifestFileName: String, fileSize: Int, hashValue: String, directory: String, content: String) {
        self.manifestFileName = manifestFileName; self.fileSize = fileSize; self.hashValue = hashValue
        self.directory = directory; self.content = content
    }
}

/// A manifest the orchestrator recorded (`GET /internal/manifests…`): the reference the verify service answers with.
public struct ManifestRecord: Codable, Sendable, Hashable {
    public var batchCode: String
    public var batchRunNumber: Int
    public var batchRerunNumber: Int
    public var jobExecutionId: Int64
    public var bundleId: Int64
    public var createdAt: String
    public var report: ManifestReport
    public init(batchCode: String, batchRunNumber: Int, batchRerunNumber: Int, jobExecutionId: Int64, bundleId: Int64,
                createdAt: String, report: ManifestReport) {
        self.batchCode = batchCode; self.batchRunNumber = batchRunNumber; self.batchRerunNumber = batchRerunNumber
        self.jobExecutionId = jobExecutionId; self.bundleId = bundleId; self.createdAt = createdAt; self.report = report
    }
}

public struct ManifestRecordList: Codable, Sendable, Hashable {
    public var manifests: [ManifestRecord]
    public init(manifests: [ManifestRecord]) { self.manifests = manifests }
}

extension BundleSpec {
    /// A manifest is written for this bundle's runs: `manifestOption` on a `Files` target (the catalog refuses it
    /// elsewhere).
    public var wantsManifest: Bool { manifestOption && target.databaseProvider == "Files" }

    /// The manifest step's relational ordering: after every pair.
    public var manifestOrdering: Int { (pairs.map(\.relationalOrdering).max() ?? 0) + 1 }
}
