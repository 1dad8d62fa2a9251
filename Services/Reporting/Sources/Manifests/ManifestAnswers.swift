import Foundation
import FerryExport
import FerryModels
import FerryServiceKit

/// The manifests answers (FerryModels' ``ManifestList``, ``ManifestVerifyAnswer``) built from what the
/// orchestrator recorded.
extension ManifestSummary {
    init(_ record: ManifestRecord) throws {
        let m = try Self.decode(record.report)
        self.init(batchRunNumber: record.batchRunNumber, batchRerunNumber: record.batchRerunNumber,
                  jobExecutionId: record.jobExecutionId, manifestFileName: record.report.manifestFileName,
                  hashValue: record.report.hashValue, timeStamp: m.timeStamp, totalFiles: m.totalFiles,
                  recordsProcessed: m.recordsProcessed, previousManifestFileName: m.previousManifestFileName)
    }

    /// The recorded manifest's fields (it was written by Ferry; unreadable means the record is damaged: 502).
    static func decode(_ report: ManifestReport) throws -> Manifest {
        do { return try JSONDecoder().decode(Manifest.self, from: Data(report.content.utf8)) } catch {
            throw FerryError(status: .badGateway, message: "the recorded manifest \(report.manifestFileName) is unreadable: \(error)")
        }
    }
}
