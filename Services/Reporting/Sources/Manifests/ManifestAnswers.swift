import Foundation
import FerryExport
import FerryServiceKit

/// `GET /v1/manifests?batchCode=`.
struct ManifestList: Encodable, Sendable {
    var batchCode: String
    var manifests: [ManifestSummary]
}

/// One manifest of the list: its numbering, file name and SHA-256, and the counts it states.
struct ManifestSummary: Encodable, Sendable {
    var batchRunNumber: Int
    var batchRerunNumber: Int
    var jobExecutionId: Int64
    var manifestFileName: String
    var hashAlgorithm = Manifest.hashAlgorithm
    var hashValue: String
    var timeStamp: String
    var totalFiles: Int
    var recordsProcessed: Int
    var previousManifestFileName: String?

    init(_ record: ManifestRecord) throws {
        let m = try Self.decode(record.report)
        batchRunNumber = record.batchRunNumber; batchRerunNumber = record.batchRerunNumber
        jobExecutionId = record.jobExecutionId; manifestFileName = record.report.manifestFileName
        hashValue = record.report.hashValue; timeStamp = m.timeStamp; totalFiles = m.totalFiles
        recordsProcessed = m.recordsProcessed; previousManifestFileName = m.previousManifestFileName
    }

    /// The recorded manifest's fields (it was written by Ferry; unreadable means the record is damaged: 502).
    static func decode(_ report: ManifestReport) throws -> Manifest {
        do { return try JSONDecoder().decode(Manifest.self, from: Data(report.content.utf8)) } catch {
            throw FerryError(status: .badGateway, message: "the recorded manifest \(report.manifestFileName) is unreadable: \(error)")
        }
    }

    enum CodingKeys: String, CodingKey {
        case batchRunNumber, batchRerunNumber, jobExecutionId, manifestFileName, hashAlgorithm, hashValue, timeStamp,
             totalFiles, recordsProcessed, previousManifestFileName
    }

    func encode(to encoder: any Encoder) throws {
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

/// Seed 003's verify answer; with `deep`, the re-read of the manifest and its files.
struct ManifestVerifyAnswer: Encodable, Sendable {
    var manifestFileName: String
    var hashAlgorithm = Manifest.hashAlgorithm
    var hashValue: String
    var deep: ManifestVerification?

    init(manifestFileName: String, hashValue: String) {
        self.manifestFileName = manifestFileName; self.hashValue = hashValue
    }

    enum CodingKeys: String, CodingKey { case manifestFileName, hashAlgorithm, hashValue, valid, manifest, files }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(manifestFileName, forKey: .manifestFileName)
        try c.encode(hashAlgorithm, forKey: .hashAlgorithm)
        try c.encode(hashValue, forKey: .hashValue)
        guard let deep else { return }
        try c.encode(deep.valid, forKey: .valid)
        try c.encode(deep.manifest, forKey: .manifest)
        try c.encode(deep.files, forKey: .files)
    }
}
