import Foundation
import FerryExport
import FerryModels
import FerrySQL
import Logging

/// The writer side of an export step, beside ``ChunkOrientedTasklet``: takes the reader's chunks (decoded rows)
/// from the bounded queue and feeds them to a ``TableExportWriter``. Each file the writer completes is durable
/// before the ``ExportCheckpoint`` names it; the state is saved after every completed file, so a restart resumes
/// after the last complete one and the rows of an unfinished file are written again, once. Runs on a thread
/// that may block (file I/O).
struct ExportTasklet {
    let item: WorkItem
    let directory: String
    let prefix: String
    let columns: [ColumnInfo]
    let keyIndexes: [Int]
    let options: ExportOptions
    let progress: StepProgress
    let chunkPause: Duration
    let logger: Logger

    /// Every file renamed into place and every state saved checks this claim still holds the step.
    var fence: ExportFence { ExportFence(directory: directory, stepKey: item.stepKey, epoch: item.leaseEpoch) }

    func execute(from start: ExportCheckpoint, queue: ChunkQueue<Chunk>) throws -> (ExportCheckpoint, ChunkOrientedTasklet.Ending) {
        var state = start
        let writer = try TableExportWriter(directory: directory, prefix: prefix, columns: columns, options: options,
                                           firstSequence: state.nextSequence, publishGuard: fence)
        defer { writer.abandon() }   // an unfinished file's temporary goes; its rows come again after a restart
        var live = state.counts      // counts including the rows of the open file, for progress
        var previousKey: [SQLValue]? = state.decodedLastKey
        while true {
            if progress.leaseLost { throw StepFailure(kind: .permanent, message: "lease lost") }
            if progress.stopRequested { return (state, .stopped) }
            guard let chunk = try queue.take() else { break }
            guard case .rows(let batch) = chunk.payload else {
                throw StepFailure.permanent("export step received raw tuples; exports need decoded rows")
            }
            for done in try writer.write(batch) {
                try record(done, batch: batch, previousKey: previousKey, into: &state)
            }
            live.readCount += Int64(batch.rowCount)
            live.writeCount += Int64(batch.rowCount)
            live.commitCount = state.counts.commitCount
            previousKey = chunk.lastKey ?? previousKey
            ExecutorMetrics.chunk(read: batch.rowCount, written: batch.rowCount, skipped: 0, waited: .zero, writing: .zero, committing: .zero)
            progress.update(counts: live)
            if chunkPause > .zero { Thread.sleep(forTimeInterval: chunkPause.inSeconds) }
        }
        for done in try writer.finish() {
            try record(done, batch: nil, previousKey: previousKey, into: &state)
        }
        state.done = true
        try state.save(directory: directory, stepKey: item.stepKey, fence: fence)
        logger.info("step \(item.stepName) exported \(state.rows) rows into \(state.files.count) file(s) in \(directory)")
        return (state, .completed)
    }

    /// Adds a completed file to the state and saves it. The key resumed from is that of the file's last row:
    /// in `batch` when the file ended there, else the last row of the batch before.
    private func record(_ done: CompletedFile, batch: RowBatch?, previousKey: [SQLValue]?, into state: inout ExportCheckpoint) throws {
        state.files.append(done.file)
        let n = Int64(done.file.rowCount)
        state.rows += n
        state.counts.readCount += n
        state.counts.writeCount += n
        state.counts.commitCount += 1
        if !keyIndexes.isEmpty {
            let key = done.lastRowInBatch.flatMap { i in batch.map { b in keyIndexes.map { b[i, $0] } } } ?? previousKey
            state.lastKey = key.map(KeyCodec.encode) ?? state.lastKey
        }
        try state.save(directory: directory, stepKey: item.stepKey, fence: fence)
    }
}
