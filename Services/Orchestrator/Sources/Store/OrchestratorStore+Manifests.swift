import Foundation
import FerryModels
import FerrySQL

/// Seed 003's manifests: the manifest step of an execution is handed the keys of the export steps and the chain's
/// previous link; its `completed` finish records the manifest as written, the verify service's reference.
extension OrchestratorStore {
    /// What the manifest step of `executionId` writes: every pair's export state and the last manifest of the
    /// same batch code with a lower run number (a COMPLETED run: only those record one).
    static func manifestTask(_ c: any SQLConnection, spec: BundleSpec, instanceId: Int64, suffix: String,
                             batch: BatchRun?) throws -> ManifestTask {
        var previous: PreviousManifest?
        if let batch, let r = try c.query("""
            SELECT batch_run_number, file_name FROM orch_manifest WHERE batch_code = $1 AND batch_run_number < $2
            ORDER BY batch_run_number DESC, batch_rerun_number DESC LIMIT 1
            """, [.text(batch.batchCode), .int(Int64(batch.batchRunNumber))]).firstStored {
            previous = PreviousManifest(batchRunNumber: try r.require(Int.self, 0), manifestFileName: try r.require(String.self, 1))
        }
        return ManifestTask(stepKeys: spec.pairs.map { JobNaming.stepKey(instanceId: instanceId, pairId: $0.pairId, suffix: suffix) },
                            previous: previous)
    }

    /// Records the manifest the step `s` of execution `e` wrote.
    static func recordManifest(_ c: any SQLConnection, _ report: ManifestReport, step s: StepRow, execution e: ExecutionRow,
                               now: String) throws {
        guard let code = e.batchCode, let run = e.batchRunNumber else {
            throw RepositoryError.conflict("job execution \(e.id) has no batch numbering to record a manifest under")
        }
        try c.execute("""
            INSERT INTO orch_manifest (execution_id, bundle_id, batch_code, batch_run_number, batch_rerun_number, file_name,
              file_size, sha256, directory, content, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """, [.int(e.id), .int(e.bundleId), .text(code), .int(Int64(run)), .int(Int64(e.rerunNumber)),
                  .text(report.manifestFileName), .int(Int64(report.fileSize)), .text(report.hashValue),
                  .text(report.directory), .text(report.content), .text(now)])
    }

    /// The manifests of a batch code, oldest run first (empty when it has none).
    func manifests(batchCode: String) async throws -> [ManifestRecord] {
        try await read { c in
            try c.query("SELECT \(Self.manifestColumns) FROM orch_manifest WHERE batch_code = $1 ORDER BY batch_run_number, batch_rerun_number",
                        [.text(batchCode)]).rows.map(Self.manifestRecord)
        }
    }

    /// One manifest, or nil.
    func manifest(batchCode: String, run: Int, rerun: Int) async throws -> ManifestRecord? {
        try await read { c in
            try c.query("""
                SELECT \(Self.manifestColumns) FROM orch_manifest
                WHERE batch_code = $1 AND batch_run_number = $2 AND batch_rerun_number = $3
                """, [.text(batchCode), .int(Int64(run)), .int(Int64(rerun))]).rows.first.map(Self.manifestRecord)
        }
    }

    static let manifestColumns = """
        batch_code, batch_run_number, batch_rerun_number, execution_id, bundle_id, created_at, file_name, file_size,
        sha256, directory, content
        """

    static func manifestRecord(_ values: [SQLValue]) throws -> ManifestRecord {
        let r = StoredRow(values, columns: StoredRow.names(manifestColumns))
        return ManifestRecord(
            batchCode: try r.require(String.self, 0), batchRunNumber: try r.require(Int.self, 1),
            batchRerunNumber: try r.require(Int.self, 2), jobExecutionId: try r.require(Int64.self, 3),
            bundleId: try r.require(Int64.self, 4), createdAt: try r.require(String.self, 5),
            report: ManifestReport(manifestFileName: try r.require(String.self, 6), fileSize: try r.require(Int.self, 7),
                                   hashValue: try r.require(String.self, 8), directory: try r.require(String.self, 9),
                                   content: try r.require(String.self, 10)))
    }
}
