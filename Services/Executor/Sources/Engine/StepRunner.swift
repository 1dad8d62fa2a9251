import Foundation
import FerryModels
import FerrySQL
import FerryServiceKit
import Logging

/// Runs one claimed step, Spring Batch's chunk loop in Swift: read a chunk → write it → commit it
/// with the checkpoint in the target → report. Transient faults (connection lost, server
/// restarting, deadlock) restart the loop from the target's checkpoint with backoff; the caller
/// turns the answer into the orchestrator's `finish` call.
final class StepRunner: Sendable {
    struct Settings: Sendable {
        var maxRetries = 5
        var backoffSeconds: [Double] = [1, 2, 4, 8, 15]
        var checkpointTable = "ferry_checkpoint"
        var checkpointSchema = "ferry"
        var chunkBytes = 16 << 20
        /// Pause after each committed chunk, to go easy on busy production databases (0 = none).
        var chunkPauseMilliseconds = 0
        /// PostgreSQL targets commit chunks with `synchronous_commit = off`: no fsync wait per chunk. Safe for
        /// exactness because rows and checkpoint share each transaction: a server crash loses whole chunks
        /// *with* their checkpoint, and the step resumes before them. The final commit that marks the step
        /// done is synchronous and makes every earlier chunk durable before COMPLETED is reported.
        var asyncChunkCommits = true
    }

    let item: WorkItem
    let source: ConnectionSpec
    let target: ConnectionSpec
    let progress: StepProgress
    let settings: Settings
    let logger: Logger

    init(item: WorkItem, source: ConnectionSpec, target: ConnectionSpec, progress: StepProgress, settings: Settings,
         logger: Logger) {
        self.item = item; self.source = source; self.target = target; self.progress = progress
        self.settings = settings; self.logger = logger
    }

    enum Outcome: Sendable {
        case completed(StepCounts)
        case stopped(StepCounts)
        case failed(StepCounts, kind: DriverError.Kind, message: String, detail: String?)
        case leaseLost
    }

    func run() async -> Outcome {
        var attempt = 0
        var lastCounts = StepCounts()
        while true {
            do {
                return try await runOnce(&lastCounts)
            } catch {
                if progress.leaseLost { return .leaseLost }
                let (kind, message, detail) = Self.describe(error)
                if kind == .transient && attempt < settings.maxRetries {
                    let wait = settings.backoffSeconds[min(attempt, settings.backoffSeconds.count - 1)]
                    attempt += 1
                    progress.addRetry()
                    logger.warning("step \(item.stepName) transient failure, retry \(attempt)/\(settings.maxRetries) in \(wait)s: \(message)")
                    try? await Task.sleep(for: .seconds(wait))
                    if progress.leaseLost { return .leaseLost }
                    continue
                }
                let retried = attempt > 0 ? " (after \(attempt) retr\(attempt == 1 ? "y" : "ies"))" : ""
                return .failed(lastCounts, kind: kind, message: message + retried, detail: detail)
            }
        }
    }

    static func describe(_ error: any Error) -> (DriverError.Kind, String, String?) {
        switch error {
        case let f as StepFailure: return (f.kind, f.message, f.detail)
        case let d as DriverError:
            return (d.kind, d.description, d.sqlState.map { "SQLSTATE \($0) (\(d.kind.rawValue))" })
        case let p as ConnectionURL.Problem: return (.permanent, p.description, nil)
        default: return (.permanent, "\(error)", String(reflecting: error))
        }
    }

    /// One attempt: connect, prepare, resume from the checkpoint, stream to the end.
    private func runOnce(_ lastCounts: inout StepCounts) async throws -> Outcome {
        let src = try await DatabaseSession.open(source)
        defer { Task { await src.close() } }
        let dst = try await DatabaseSession.open(target)
        defer { Task { await dst.close() } }

        let setup = try await prepare(src, dst)
        lastCounts = setup.checkpoint.counts
        progress.update(counts: setup.checkpoint.counts)
        progress.setSourceRows(setup.sourceRows)
        if setup.checkpoint.done { return .completed(setup.checkpoint.counts) }

        let reader = try makeReader(setup)
        let queue = ChunkQueue<Chunk>(capacity: 2)
        let cp = setup.checkpoint
        let skipRows = cp.counts.readCount
        async let readDone: Void = src.run { c in
            do {
                try reader.read(c, after: cp.lastKey, skipRows: skipRows, into: queue)
                queue.finish()
            } catch {
                queue.finish(error: error)
            }
        }
        let writeResult: Result<(Checkpoint, Bool), any Error>
        do {
            writeResult = .success(try await dst.run { [self] c in try self.writeLoop(c, setup, reader, queue) })
        } catch {
            writeResult = .failure(error)
        }
        queue.cancel()
        try? await readDone
        let (final, stopped) = try writeResult.get()
        lastCounts = final.counts
        progress.update(counts: final.counts)
        if progress.leaseLost { return .leaseLost }
        return stopped ? .stopped(final.counts) : .completed(final.counts)
    }

    /// Discovery, target creation and the checkpoint decision.
    private func prepare(_ src: DatabaseSession, _ dst: DatabaseSession) async throws -> StepSetup {
        let item = self.item
        let (targetDialect, existing) = try await dst.run { c in (c.dialect, try c.findTable(StepPreparer.targetRef(item))) }
        let targetRef = existing?.ref ?? StepPreparer.targetRef(item)
        let (sourceInfo, plan, estimate) = try await src.run { c in
            try StepPreparer.describeSource(c, item, targetDialect: targetDialect, target: targetRef)
        }
        let sameEngine: Bool
        switch (source, target) {
        case (.postgres, .postgres), (.sqlite, .sqlite): sameEngine = true
        default: sameEngine = false
        }
        let sourceOIDs: [UInt32]? = try await src.run { c -> [UInt32]? in
            guard let pg = c as? PostgresConnection else { return nil }
            return try PostgresEngineSupport.queryOIDs(pg, plan.extractionSQL)
        }
        let table = CheckpointTable(dialect: targetDialect, name: settings.checkpointTable, schema: settings.checkpointSchema)
        let mode = item.pair.loadMode
        var setup = try await dst.run { c in
            let target = try StepPreparer.prepareTarget(c, item, source: sourceInfo, sameEngine: sameEngine, plan: plan)
            try table.ensure(c)
            var cp: Checkpoint
            if let existing = try table.read(c, stepKey: item.stepKey, part: item.partition) {
                cp = existing
                if cp.executionId != item.jobExecutionId {
                    // A restart: the key carries over, the counters are this execution's own.
                    cp.executionId = item.jobExecutionId
                    cp.counts = StepCounts()
                }
            } else {
                cp = try c.transaction {
                    var direct = mode == .insert || mode == .truncateInsert
                    if mode == .truncateInsert {
                        try c.execute(c.dialect.family == .postgresql || c.dialect.family == .mysql
                                      ? "TRUNCATE TABLE \(c.dialect.qualified(target.ref))"
                                      : "DELETE FROM \(c.dialect.qualified(target.ref))")
                    } else if mode != .insert {
                        direct = try c.query(Self.emptyProbe(c.dialect, target.ref)).rows.isEmpty
                    }
                    let fresh = Checkpoint(executionId: item.jobExecutionId, lastKey: nil, counts: StepCounts(),
                                           direct: direct, done: false)
                    try table.write(c, stepKey: item.stepKey, part: item.partition, fresh)
                    return fresh
                }
            }
            let targetOIDs: [UInt32]? = try (c as? PostgresConnection).map { pg in
                let all = try pg.columnTypeOIDs(of: target.ref)
                return plan.targetColumns.map { n in target.columns.firstIndex { $0.name == n }.map { all[$0] } ?? 0 }
            }
            let keyIndexes = plan.keyColumns.compactMap { k in plan.sourceColumns.firstIndex(of: k) }
            let passthrough = sourceOIDs != nil && targetOIDs != nil && sourceOIDs == targetOIDs
                && item.pair.loadQuery == nil && !(sourceOIDs ?? []).contains(0)
            return StepSetup(plan: plan, sourceColumns: sourceInfo.columns, targetTable: target, keyIndexes: keyIndexes,
                             checkpoint: cp, sourceOIDs: sourceOIDs, targetOIDs: targetOIDs, passthrough: passthrough,
                             sourceRows: estimate)
        }
        // Decoding (not passthrough): columns of types the binary decoder does not know are read as text.
        if let oids = setup.sourceOIDs, !setup.passthrough, oids.contains(where: { !BinaryTupleDecoder.canDecode(oid: $0) }) {
            let text = Set(zip(setup.plan.sourceColumns, oids).filter { !BinaryTupleDecoder.canDecode(oid: $0.1) }.map(\.0))
            let replanned = try await src.run { c in
                try StepPreparer.describeSource(c, item, targetDialect: targetDialect, target: targetRef, textColumns: text).1
            }
            setup.plan = replanned
            setup.sourceOIDs = try await src.run { c -> [UInt32]? in
                try (c as? PostgresConnection).map { try PostgresEngineSupport.queryOIDs($0, replanned.extractionSQL) }
            }
        }
        return setup
    }

    static func emptyProbe(_ d: SQLDialect, _ t: TableRef) -> String {
        switch d.family {
        case .sqlserver: return "SELECT TOP 1 1 FROM \(d.qualified(t))"
        case .oracle: return "SELECT 1 FROM \(d.qualified(t)) WHERE ROWNUM = 1"
        default: return "SELECT 1 FROM \(d.qualified(t)) LIMIT 1"
        }
    }

    private func makeReader(_ s: StepSetup) throws -> any ChunkReader {
        let limits = ChunkLimits(rows: item.bundle.chunkSize, bytes: settings.chunkBytes)
        if let oids = s.sourceOIDs, source.isPostgres {
            return PostgresCopyReader(plan: s.plan, columns: s.sourceColumns, oids: oids, keyIndexes: s.keyIndexes,
                                      limits: limits, raw: s.passthrough)
        }
        return CursorReader(plan: s.plan, columns: s.sourceColumns, keyIndexes: s.keyIndexes, limits: limits)
    }

    private func makeWriter(_ s: StepSetup, _ c: any SQLConnection) throws -> any ChunkWriter {
        if let oids = s.targetOIDs, c is PostgresConnection, item.pair.loadQuery == nil,
           s.passthrough || PostgresCopyWriter.canEncode(oids) {
            return PostgresCopyWriter(plan: s.plan, target: s.targetTable.ref, targetOIDs: oids, direct: s.checkpoint.direct)
        }
        var bindOrder: [Int]? = nil
        var loadSQL = s.plan.loadSQL
        if item.pair.loadQuery != nil {
            let (sql, names) = CustomSQL.namedParameters(s.plan.loadSQL)
            loadSQL = sql
            bindOrder = try names.map { n in
                guard let i = s.plan.sourceColumns.firstIndex(where: { $0.caseInsensitiveCompare(n) == .orderedSame }) else {
                    throw StepFailure.permanent("loadQuery parameter :\(n) names no column of the extraction (\(s.plan.sourceColumns.joined(separator: ", ")))")
                }
                return i
            }
        }
        return StatementWriter(loadSQL: loadSQL, updateSQL: s.plan.updateSQL, dialect: c.dialect, bindOrder: bindOrder)
    }

    /// The writer side of the pipeline, on the target's thread: one transaction per chunk holding
    /// the rows and the checkpoint; then the final (empty-chunk) commit that marks the step done.
    private func writeLoop(_ c: any SQLConnection, _ s: StepSetup, _ reader: any ChunkReader,
                           _ queue: ChunkQueue<Chunk>) throws -> (Checkpoint, Bool) {
        let table = CheckpointTable(dialect: c.dialect, name: settings.checkpointTable, schema: settings.checkpointSchema)
        let writer = try makeWriter(s, c)
        try writer.open(c)
        defer { writer.close(c) }
        var cp = s.checkpoint
        let skipLimit = item.bundle.skipLimit
        let percent = item.bundle.partialIngestionPercent
        let started = ContinuousClock.now
        var chunks = 0
        // Where the writer's time goes (logged at the end): waiting for the reader, writing, checkpoint + commit.
        var waited = Duration.zero, writing = Duration.zero, committing = Duration.zero
        while true {
            if progress.leaseLost { throw StepFailure(kind: .permanent, message: "lease lost") }
            if progress.stopRequested {
                // A synchronous commit flushes the asynchronous chunk commits before STOPPED is reported.
                if settings.asyncChunkCommits { try c.transaction { try table.write(c, stepKey: item.stepKey, part: item.partition, cp) } }
                return (cp, true)
            }
            let asked = ContinuousClock.now
            guard let chunk = try queue.take() else { break }
            let taken = ContinuousClock.now
            let chunkWait = taken - asked
            waited += chunkWait
            try beginChunk(c)
            do {
                var out: WriteOutcome
                do {
                    out = try writer.write(chunk, c, isolateBadRows: false)
                } catch let e as DriverError where e.kind == .badData {
                    // A row the target rejects: the chunk again, in a fresh transaction, bisected under savepoints.
                    try c.rollback()
                    try beginChunk(c)
                    out = try writer.write(chunk, c, isolateBadRows: true)
                    out.rollbacks += 1
                }
                let written = ContinuousClock.now
                writing += written - taken
                var next = cp
                next.counts.readCount += Int64(chunk.rowCount)
                next.counts.writeCount += Int64(out.written)
                next.counts.writeSkipCount += Int64(out.skipped.count)
                next.counts.rollbackCount += Int64(out.rollbacks)
                next.counts.commitCount += 1
                next.lastKey = chunk.lastKey ?? cp.lastKey
                if !out.skipped.isEmpty {
                    try checkSkips(next.counts, skipLimit: skipLimit, percent: percent, first: out.skipped[0].error)
                }
                try table.write(c, stepKey: item.stepKey, part: item.partition, next)
                try c.commit()
                let chunkCommit = ContinuousClock.now - written
                committing += chunkCommit
                ExecutorMetrics.chunk(read: chunk.rowCount, written: out.written, skipped: out.skipped.count,
                                      waited: chunkWait, writing: written - taken, committing: chunkCommit)
                cp = next
                chunks += 1
                if !out.skipped.isEmpty {
                    progress.addSkips(out.skipped.map { info in
                        let d = reader.describe(chunk, info.index)
                        return SkippedRow(stepName: item.stepName, key: d.key, row: d.row, sqlState: info.error.sqlState?.rawValue,
                                          reason: info.error.message)
                    })
                }
                progress.update(counts: cp.counts)
                if settings.chunkPauseMilliseconds > 0 { usleep(UInt32(settings.chunkPauseMilliseconds) * 1000) }
            } catch {
                try? c.rollback()
                throw error
            }
        }
        // Spring Batch's last chunk is the empty one that ends the step: a real commit marking it done.
        var done = cp
        done.done = true
        done.counts.commitCount += 1
        try c.transaction { try table.write(c, stepKey: item.stepKey, part: item.partition, done) }
        let secs = max(0.001, (ContinuousClock.now - started).inSeconds)
        logger.info("step \(item.stepName) done: \(done.counts.writeCount) rows written, \(done.counts.writeSkipCount) skipped, \(chunks) chunks, \(Int(Double(done.counts.readCount) / secs)) rows/s\(s.passthrough ? " (binary passthrough)" : ""); writer waited \(String(format: "%.2f", waited.inSeconds)) s for the reader, wrote \(String(format: "%.2f", writing.inSeconds)) s, checkpoint+commit \(String(format: "%.2f", committing.inSeconds)) s")
        return (done, false)
    }

    /// Opens a chunk's transaction (PostgreSQL: without waiting for the fsync at commit, see Settings).
    private func beginChunk(_ c: any SQLConnection) throws {
        try c.begin()
        if settings.asyncChunkCommits && c.dialect.family == .postgresql {
            try c.execute("SET LOCAL synchronous_commit TO off")
        }
    }

    /// SPEC §3: the step fails when skips exceed `skipLimit` (absolute) or `partialIngestionPercent`
    /// (ratio of rows read). With only a percentage set, skipLimit 0 means "no absolute limit".
    private func checkSkips(_ counts: StepCounts, skipLimit: Int, percent: Double?, first: DriverError) throws {
        let overLimit = counts.writeSkipCount > Int64(skipLimit)
        var reason: String?
        if let p = percent {
            let ratio = Double(counts.writeSkipCount) * 100 / Double(max(1, counts.readCount))
            if ratio > p { reason = "\(String(format: "%.2f", ratio))% of rows read, more than partialIngestionPercent \(p)" }
            else if skipLimit > 0 && overLimit { reason = "more than skipLimit \(skipLimit)" }
        } else if overLimit {
            reason = "more than skipLimit \(skipLimit)"
        }
        if let reason {
            throw StepFailure(kind: .badData, message: "\(counts.writeSkipCount) rows rejected by the target (\(reason)); first: \(first.description)",
                              detail: first.sqlState.map { "SQLSTATE \($0)" })
        }
    }
}

extension ConnectionSpec {
    var isPostgres: Bool { if case .postgres = self { return true } else { return false } }
}
