import Foundation
import FerryModels
import FerrySQL
import Logging

/// Spring Batch's `ChunkOrientedTasklet`: the writer side of the step's pipeline, on the target connection's
/// thread. Takes chunks from the reader's bounded queue, hands each to the ``ChunkProcessor`` (rows +
/// checkpoint in one transaction), publishes the counts and skipped rows, and ends with the empty final chunk
/// that marks the step done. A stop request ends it between chunks.
struct ChunkOrientedTasklet {
    let item: WorkItem
    let processor: ChunkProcessor
    let reader: any ChunkReader
    let progress: StepProgress
    let chunkPause: Duration
    let logger: Logger

    enum Ending { case completed, stopped }

    func execute(from start: Checkpoint, queue: ChunkQueue<Chunk>, on c: any SQLConnection, passthrough: Bool) throws
        -> (Checkpoint, Ending) {
        // The rows phase ends where the final commit begins (or at whatever ends the tasklet first).
        let rowsStarted = ContinuousClock.now
        var rowsEnded: ContinuousClock.Instant?
        defer { progress.phases.add(.rows, (rowsEnded ?? .now) - rowsStarted) }
        try processor.writer.open(c)
        defer { processor.writer.close(c) }
        var cp = start
        var timings = StepTimings()
        while true {
            if progress.leaseLost { throw StepFailure(kind: .permanent, message: "lease lost") }
            if progress.stopRequested {
                // A synchronous commit makes the asynchronous chunk commits durable before STOPPED is reported.
                if processor.asynchronousCommits { try processor.commitCheckpoint(cp, on: c) }
                return (cp, .stopped)
            }
            let asked = ContinuousClock.now
            guard let chunk = try queue.take() else { break }
            let waited = ContinuousClock.now - asked
            let r = try processor.process(chunk, after: cp, on: c)
            cp = r.checkpoint
            timings.add(waited: waited, writing: r.writing, committing: r.committing)
            ExecutorMetrics.chunk(read: chunk.rowCount, written: r.outcome.written, skipped: r.outcome.skipped.count,
                                  waited: waited, writing: r.writing, committing: r.committing)
            if !r.outcome.skipped.isEmpty {
                progress.addSkips(r.outcome.skipped.map { info in
                    let d = reader.describe(chunk, info.index)
                    return SkippedRow(stepName: item.stepName, key: d.key, row: d.row, sqlState: info.error.sqlState?.rawValue,
                                      reason: info.error.message)
                })
            }
            progress.update(counts: cp.counts)
            if chunkPause > .zero { Thread.sleep(forTimeInterval: chunkPause.inSeconds) }
        }
        // Spring Batch's last chunk is the empty one that ends the step: a real commit marking it done.
        var done = cp
        done.done = true
        done.counts.commitCount += 1
        let committing = ContinuousClock.now
        rowsEnded = committing
        try processor.commitCheckpoint(done, on: c)
        progress.phases.add(.finalCommit, ContinuousClock.now - committing)
        logger.info("step \(item.stepName) done: \(done.counts.writeCount) rows written, \(done.counts.writeSkipCount) skipped, \(timings.summary(rows: done.counts.readCount))\(passthrough ? " (binary passthrough)" : "")")
        return (done, .completed)
    }
}

/// Where the writer's time goes, for the step's log line: waiting for the reader, writing, checkpoint + commit.
struct StepTimings {
    let started = ContinuousClock.now
    var chunks = 0
    var waited = Duration.zero, writing = Duration.zero, committing = Duration.zero

    mutating func add(waited w: Duration, writing wr: Duration, committing cm: Duration) {
        chunks += 1; waited += w; writing += wr; committing += cm
    }

    func summary(rows: Int64) -> String {
        let secs = max(0.001, (ContinuousClock.now - started).inSeconds)
        func s(_ d: Duration) -> String { String(format: "%.2f", d.inSeconds) }
        return "\(chunks) chunks, \(Int(Double(rows) / secs)) rows/s; writer waited \(s(waited)) s for the reader, wrote \(s(writing)) s, checkpoint+commit \(s(committing)) s"
    }
}
