import Foundation
import FerryModels
import FerrySQL
import FerryServiceKit
import Logging
import NIOConcurrencyHelpers

/// Runs one claimed step, Spring Batch's step in Swift, in parts that each change alone:
/// ``StepPreparer`` (discovery, target DDL, the checkpoint decision → one ``StepSetup``), the reader from
/// ``ChunkProvider`` streaming into a bounded ``ChunkQueue`` on the source's thread, and on the target's thread the
/// ``ChunkOrientedTasklet`` handing each chunk to the ``ChunkProcessor`` (writer, ``SkipPolicy``, checkpoint in the
/// same transaction). Transient faults restart the whole attempt from the target's checkpoint under the
/// ``StepRetryPolicy``; the caller turns the outcome into the orchestrator's `finish` call.
final class StepRunner: Sendable {
    struct Settings: Sendable {
        var maxRetries = 5
        var backoff: [Duration] = StepRetryPolicy.defaultBackoff
        var checkpoints = CheckpointLocation()
        var chunkBytes = 16 << 20
        /// Pause after each committed chunk, to go easy on busy production databases (0 = none).
        var chunkPauseMilliseconds = 0
        /// PostgreSQL targets commit chunks with `synchronous_commit = off`: no fsync wait per chunk. Safe for
        /// exactness because rows and checkpoint share each transaction: a server crash loses whole chunks *with*
        /// their checkpoint, and the step resumes before them. The final commit that marks the step done is
        /// synchronous and makes every earlier chunk durable before COMPLETED is reported.
        var asyncChunkCommits = true

        var retryPolicy: StepRetryPolicy { StepRetryPolicy(maxRetries: maxRetries, backoff: backoff) }
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

    /// A lost lease ends the step at once, without retry: another executor owns it now.
    private struct LeaseLost: Error {}

    func run() async -> Outcome {
        let policy = settings.retryPolicy
        do {
            return try await policy.retries.run(retryIf: { [progress] error in
                !progress.leaseLost && StepRetryPolicy.isRetryable(error)
            }, onRetry: { [item, progress, logger] retry in
                progress.addRetry()
                let message = retry.error.map { StepError.describe($0).message } ?? ""
                logger.warning("step \(item.stepName) transient failure, retry \(retry.failedAttempt)/\(policy.maxRetries) in \(retry.delay.inSeconds)s: \(message)")
            }) { _ in
                if progress.leaseLost { throw LeaseLost() }
                return try await attempt()
            }
        } catch {
            if let fenced = error as? CheckpointFenced {
                logger.warning("step \(item.stepName) fenced: \(fenced)")
                ExecutorMetrics.fenced()
                progress.loseLease()
            }
            if progress.leaseLost || error is LeaseLost { return .leaseLost }
            let (kind, message, detail) = StepError.describe(error)
            let retries = progress.retries
            let retried = retries > 0 ? " (after \(retries) retr\(retries == 1 ? "y" : "ies"))" : ""
            return .failed(progress.counts, kind: kind, message: message + retried, detail: detail)
        }
    }

    /// One attempt: connect, prepare, resume from the checkpoint, stream to the end.
    private func attempt() async throws -> Outcome {
        if let task = item.manifest {
            guard case .files(let directory) = target else {
                throw StepFailure.permanent("manifestOption needs a Files target; the target of bundle \(item.bundle.bundleName) is \(target.driverName)")
            }
            return try await manifestAttempt(task, directory: directory)
        }
        if case .files(let directory) = target { return try await exportAttempt(directory: directory) }
        let phases = progress.phases
        let (src, dst) = try await phases.measure(.connect) { try await Self.open(source, target) }
        defer { Task { await src.close(); await dst.close() } }

        let setup = try await StepPreparer.prepare(item, source: source, target: target, sourceSession: src,
                                                   targetSession: dst, checkpoints: settings.checkpoints, phases: phases)
        progress.update(counts: setup.checkpoint.counts)
        progress.setSourceRows(setup.sourceRows)
        if let w = setup.window { progress.setWindow(WindowReport(high: w.high, nullDeltaRowCount: w.nullDeltaRows, columns: w.columns)) }
        if setup.checkpoint.done {
            try await keyed(setup, dst)
            return await checked(.completed(setup.checkpoint.counts), setup, src, dst)
        }

        let reader = ChunkProvider.reader(for: setup, source: source,
                                          limits: ChunkLimits(rows: item.bundle.chunkSize, bytes: settings.chunkBytes))
        let cp = setup.checkpoint
        // The check after the step compares the target with the rows read, in the reader's own snapshot.
        let snapshot = StepReconciliation.runs(item) ? try await src.run { c in try ReadSnapshot.begin(c) } : .none
        let sourceCount = NIOLockedValueBox<Int64?>(nil)
        let outcome = try await pipeline(reader: reader, on: src, after: cp.lastKey, skipRows: cp.counts.readCount, afterLastRow: { [item] c in
            let n = StepReconciliation.sourceCount(item, setup: setup, on: c)
            sourceCount.withLockedValue { $0 = n }
        }, write: { queue in
            let (final, ending) = try await dst.run { [self] c in
                let checkpoints = settings.checkpoints.table(for: c.dialect)
                let processor = ChunkProcessor(writer: try WriterFactory.writer(for: setup, pair: item.pair, on: c),
                                               checkpoints: checkpoints,
                                               stepKey: item.stepKey, partition: item.partition,
                                               skipPolicy: SkipPolicy(item.bundle),
                                               asynchronousCommits: settings.asyncChunkCommits,
                                               prepared: try checkpoints.prepare(c))
                let tasklet = ChunkOrientedTasklet(item: item, processor: processor, reader: reader, progress: progress,
                                                   chunkPause: .milliseconds(settings.chunkPauseMilliseconds), logger: logger)
                return try tasklet.execute(from: cp, queue: queue, on: c, passthrough: setup.passthrough)
            }
            return (final.counts, ending)
        }, afterReading: {
            if let window = setup.window { await (try? src.run { c in window.close(c) }) ?? () }
        })
        if case .completed = outcome {
            try await keyed(setup, dst)
            await sequenced(setup, dst)
        }
        let result = await checked(outcome, setup, src, dst, sourceCount: sourceCount.withLockedValue { $0 })
        if snapshot.opened { await (try? src.run { c in snapshot.end(c) }) ?? () }
        return result
    }

    /// A completed step's pending primary key (``DeferredPrimaryKey``): added by the last of its ranges, before the
    /// check (which then counts through the key).
    private func keyed(_ setup: StepSetup, _ dst: DatabaseSession) async throws {
        guard setup.keyPending else { return }
        try await progress.phases.measure(.primaryKey) {
            try await dst.run { [item, settings] c in
                try DeferredPrimaryKey.addWhenLoaded(c, item, target: setup.targetTable.ref,
                                                     checkpoints: settings.checkpoints.table(for: c.dialect))
            }
        }
    }

    /// A completed step's target sequences moved past the values it copied (``TargetSequences``).
    private func sequenced(_ setup: StepSetup, _ dst: DatabaseSession) async {
        let columns = TargetSequences.numbered(setup.targetTable, written: setup.plan.targetColumns)
        guard !columns.isEmpty else { return }
        _ = try? await dst.run { [item, logger] c in
            TargetSequences.advance(c, table: setup.targetTable.ref, columns: columns) { message in
                logger.warning("step \(item.stepName): \(message)")
            }
        }
    }

    /// A completed step's content check (bundle option `reconcile`): its result travels with the finish, and rows
    /// lost or changed in the target fail the step, naming the table and the first differing keys.
    private func checked(_ outcome: Outcome, _ setup: StepSetup, _ src: DatabaseSession, _ dst: DatabaseSession,
                         sourceCount: Int64? = nil) async -> Outcome {
        guard case .completed(let counts) = outcome else { return outcome }
        let result = await progress.phases.measure(.reconcile) {
            await StepReconciliation.check(item, setup: setup, source: src, target: dst, sourceCount: sourceCount)
        }
        guard let result else { return outcome }
        progress.setReconciliation(result)
        let fails = result.losesRows(skipped: counts.writeSkipCount)
        ExecutorMetrics.reconciled(result, failed: fails)
        guard fails else { return outcome }
        return .failed(counts, kind: .permanent, message: result.failureMessage(table: setup.targetTable.ref.description),
                       detail: nil)
    }

    /// Both sessions, connected at once (two logins in parallel, not one after the other); neither is left open
    /// when the other fails.
    static func open(_ source: ConnectionSpec, _ target: ConnectionSpec) async throws -> (DatabaseSession, DatabaseSession) {
        async let s = DatabaseSession.open(source)
        async let t = DatabaseSession.open(target)
        let src: DatabaseSession
        do {
            src = try await s
        } catch {
            if let dst = try? await t { await dst.close() }
            throw error
        }
        do {
            return (src, try await t)
        } catch {
            await src.close()
            throw error
        }
    }

    /// The step's two sides at once: `reader` streams into a bounded queue on the source's thread while `write`
    /// (the tasklet, on its own thread) drains it. Whatever the writer did, the reader is cancelled and awaited,
    /// then `afterReading` runs (e.g. an incremental window's snapshot is closed).
    /// `afterLastRow` runs on the source's thread once the reader has handed over its last row (not after a failed
    /// or cancelled read), while the writer may still be committing.
    func pipeline(reader: any ChunkReader, on src: DatabaseSession, after key: [SQLValue]?, skipRows: Int64,
                  afterLastRow: @escaping @Sendable (any SQLConnection) -> Void = { _ in },
                  write: (ChunkQueue<Chunk>) async throws -> (StepCounts, ChunkOrientedTasklet.Ending),
                  afterReading: () async -> Void = {}) async throws -> Outcome {
        let queue = ChunkQueue<Chunk>(capacity: 2)
        async let readDone: Void = src.run { c in
            do {
                try reader.read(c, after: key, skipRows: skipRows, into: queue)
                let complete = !queue.isCancelled
                queue.finish()
                if complete { afterLastRow(c) }
            } catch {
                queue.finish(error: error)
            }
        }
        let written: Result<(StepCounts, ChunkOrientedTasklet.Ending), any Error>
        do {
            written = .success(try await write(queue))
        } catch {
            written = .failure(error)
        }
        queue.cancel()
        try? await readDone
        await afterReading()
        let (counts, ending) = try written.get()
        progress.update(counts: counts)
        if progress.leaseLost { return .leaseLost }
        return ending == .stopped ? .stopped(counts) : .completed(counts)
    }
}
