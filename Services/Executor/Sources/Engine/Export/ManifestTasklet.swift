import Foundation
import FerryExport
import FerryModels
#if canImport(Glibc)
import Glibc
#endif

/// The job's manifest step (seed 003), a tasklet step after every export step: it lists the files the export
/// steps' states name (complete files only, of every rerun of the launch), checks each is in place with its
/// size, and writes `[batchCode]_[run]_[rerun]_manifest.json` last, atomically and fenced like any publication.
///
/// The executor writes it, not the orchestrator: the files and their states live in the export directory, which
/// every executor of the job sees (a restart resumes there, on whichever executor claims it); the orchestrator
/// only records what was written.
struct ManifestTasklet {
    let item: WorkItem
    let task: ManifestTask
    let directory: String

    func execute() throws -> ManifestReport {
        guard let batch = item.batch else {
            throw StepFailure.permanent("the manifest step carries no batch numbering (batchCode, run, rerun)")
        }
        var files: [ExportedFile] = []
        for key in task.stepKeys {
            guard let state = try ExportCheckpoint.load(directory: directory, stepKey: key), state.done else {
                throw StepFailure.permanent("the export state of \(key) in \(directory) is missing or not complete: the manifest cannot list its files")
            }
            files += state.files
        }
        for file in files {
            var st = stat()
            guard stat(directory + "/" + file.fileName, &st) == 0, Int(st.st_size) == file.fileSize else {
                throw StepFailure.permanent("export file \(file.fileName) is missing from \(directory) or no longer \(file.fileSize) bytes; the manifest is not written")
            }
        }
        let manifest = Manifest(batchCode: batch.batchCode, batchRunNumber: batch.batchRunNumber,
                                batchRerunNumber: batch.batchRerunNumber, files: files,
                                previous: task.previous.map { ($0.batchRunNumber, $0.manifestFileName) },
                                createdAtMicros: ManifestWriter.nowMicros())
        let fence = ExportFence(directory: directory, stepKey: item.stepKey, epoch: item.leaseEpoch)
        let written = try fence.claim { held in try ManifestWriter.write(manifest, to: directory, publishGuard: held) }
        return ManifestReport(manifestFileName: written.fileName, fileSize: written.fileSize, hashValue: written.sha256,
                              directory: directory, content: String(decoding: written.manifest.encoded(), as: UTF8.self))
    }
}
