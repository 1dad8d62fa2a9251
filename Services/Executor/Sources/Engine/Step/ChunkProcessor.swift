import FerryModels
import FerrySQL

/// Spring Batch's `SimpleChunkProcessor` on Ferry's terms: one chunk written in one target transaction together
/// with the checkpoint that follows it (ENGINE.md §1), so rows and progress commit or vanish together.
/// A chunk is first written whole, without savepoints; only when the target rejects a row is it written again in a
/// fresh transaction, bisected under savepoints (``Bisect``), and the rejected rows are skipped as the
/// ``SkipPolicy`` allows.
struct ChunkProcessor {
    let writer: any ChunkWriter
    let checkpoints: CheckpointTable
    let stepKey: String
    let partition: Int
    let skipPolicy: SkipPolicy
    /// Commit without waiting for the log flush where the dialect can (see StepRunner.Settings).
    let asynchronousCommits: Bool
    /// The checkpoint statements prepared on the writer's connection (PostgreSQL), nil = sent as SQL.
    var prepared: CheckpointTable.Statements? = nil

    struct Result {
        var checkpoint: Checkpoint
        var outcome: WriteOutcome
        var writing: Duration
        var committing: Duration
    }

    /// Writes `chunk` after checkpoint `cp` and commits; answers the new checkpoint. On any error the
    /// transaction is rolled back and the error rethrown (the checkpoint stays where it was).
    func process(_ chunk: Chunk, after cp: Checkpoint, on c: any SQLConnection) throws -> Result {
        let started = ContinuousClock.now
        try begin(c, fencedBy: cp)
        do {
            var out: WriteOutcome
            do {
                out = try writer.write(chunk, c, isolateBadRows: false)
            } catch let e as DriverError where e.kind == .badData {
                try c.rollback()
                try begin(c, fencedBy: cp)
                out = try writer.write(chunk, c, isolateBadRows: true)
                out.rollbacks += 1
            }
            let written = ContinuousClock.now
            let next = Self.advance(cp, by: chunk, out)
            if let first = out.skipped.first { try skipPolicy.check(next.counts, first: first.error) }
            try checkpoints.write(c, stepKey: stepKey, part: partition, next, prepared)
            try c.commit()
            return Result(checkpoint: next, outcome: out, writing: written - started, committing: ContinuousClock.now - written)
        } catch {
            try? c.rollback()
            throw error
        }
    }

    /// The checkpoint after a chunk: counters moved on, the chunk's last key (unchanged when it has none).
    static func advance(_ cp: Checkpoint, by chunk: Chunk, _ out: WriteOutcome) -> Checkpoint {
        var next = cp
        next.counts.readCount += Int64(chunk.rowCount)
        next.counts.writeCount += Int64(out.written)
        next.counts.writeSkipCount += Int64(out.skipped.count)
        next.counts.rollbackCount += Int64(out.rollbacks)
        next.counts.commitCount += 1
        next.lastKey = chunk.lastKey ?? cp.lastKey
        return next
    }

    /// Commits the checkpoint alone (the step's last, empty chunk, or a stop); synchronous.
    func commitCheckpoint(_ cp: Checkpoint, on c: any SQLConnection) throws {
        try c.transaction { try checkpoints.write(c, stepKey: stepKey, part: partition, cp, prepared) }
    }

    /// Opens the chunk's transaction and checks its lease first: the checkpoint row is taken (and locked until the
    /// commit) under `cp`'s epoch before any row is written, so an executor whose lease went to another writes
    /// nothing — not even rows that would collide with the successor's and look like bad data.
    private func begin(_ c: any SQLConnection, fencedBy cp: Checkpoint) throws {
        if asynchronousCommits, c.dialect.family == .postgresql, let statement = c.dialect.asynchronousCommit {
            try c.execute("BEGIN; \(statement)")   // one round trip per chunk, not two (a simple query runs both)
        } else {
            try c.begin()
        }
        guard try checkpoints.fence(c, stepKey: stepKey, part: partition, epoch: cp.leaseEpoch, prepared) else {
            throw CheckpointFenced(epoch: cp.leaseEpoch)
        }
    }
}
