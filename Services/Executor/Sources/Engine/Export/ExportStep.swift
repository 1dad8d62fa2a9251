import FerryExport
import FerryModels
import FerrySQL
import NIOPosix

/// One attempt of a step whose target is a `Files` directory: the source is read as for a database step
/// (always decoded, never raw passthrough), the ``ExportTasklet`` writes the files on a thread of its own.
extension StepRunner {
    func exportAttempt(directory: String) async throws -> Outcome {
        let src = try await progress.phases.measure(.connect) { try await DatabaseSession.open(source) }
        defer { Task { await src.close() } }
        let setup = try await progress.phases.measure(.discover) { try await StepPreparer.prepareExport(item, sourceSession: src) }
        progress.setSourceRows(setup.sourceRows)

        let files = NIOThreadPool(numberOfThreads: 1)
        files.start()
        defer { Task { try? await files.shutdownGracefully() } }
        let start = try await files.runIfActive { [item] in try Self.exportResumePoint(item, directory: directory, prefix: setup.prefix) }
        progress.update(counts: start.counts)
        if start.done { return .completed(start.counts) }

        let reader = ChunkProvider.reader(plan: setup.plan, columns: setup.sourceColumns, oids: setup.sourceOIDs,
                                          keyIndexes: setup.keyIndexes, raw: false, source: source,
                                          limits: ChunkLimits(rows: item.bundle.chunkSize, bytes: settings.chunkBytes))
        let tasklet = ExportTasklet(item: item, directory: directory, prefix: setup.prefix, columns: setup.fileColumns,
                                    keyIndexes: setup.keyIndexes, options: setup.options, progress: progress,
                                    chunkPause: .milliseconds(settings.chunkPauseMilliseconds), logger: logger)
        return try await pipeline(reader: reader, on: src, after: start.decodedLastKey, skipRows: start.rows) { queue in
            let (final, ending) = try await files.runIfActive { try tasklet.execute(from: start, queue: queue) }
            return (final.counts, ending)
        }
    }

    /// The manifest step: one write, on a thread that may block (file I/O); the manifest goes with the finish report.
    func manifestAttempt(_ task: ManifestTask, directory: String) async throws -> Outcome {
        let files = NIOThreadPool(numberOfThreads: 1)
        files.start()
        defer { Task { try? await files.shutdownGracefully() } }
        let report = try await files.runIfActive { [item] in try ManifestTasklet(item: item, task: task, directory: directory).execute() }
        progress.setManifest(report)
        logger.info("job execution \(item.jobExecutionId) wrote manifest \(report.manifestFileName) (SHA-256 \(report.hashValue)) in \(directory)")
        return .completed(StepCounts())
    }

    /// The state this attempt resumes from: the directory is created, a new step starts an empty state (saved at
    /// once, so its prefix is known to the next attempt), a restart keeps the files and starts its own counters.
    /// Leftovers of a killed attempt under the step's prefixes are removed before any row is written.
    static func exportResumePoint(_ item: WorkItem, directory: String, prefix: String) throws -> ExportCheckpoint {
        try ExportDirectory.create(directory)
        // Under the fence: a paused earlier claim cannot publish a file between our reading the state and our
        // removing what it does not list.
        let fence = ExportFence(directory: directory, stepKey: item.stepKey, epoch: item.leaseEpoch)
        return try fence.claim { held in try resumePoint(item, directory: directory, prefix: prefix, fence: held) }
    }

    private static func resumePoint(_ item: WorkItem, directory: String, prefix: String, fence: ExportFence) throws -> ExportCheckpoint {
        var state = try ExportCheckpoint.load(directory: directory, stepKey: item.stepKey)
            ?? ExportCheckpoint(executionId: item.jobExecutionId, lastKey: nil, rows: 0, counts: StepCounts(),
                                prefixes: [], files: [], done: false)
        if state.executionId != item.jobExecutionId {
            state.executionId = item.jobExecutionId
            state.counts = StepCounts()
        }
        if !state.prefixes.contains(prefix) { state.prefixes.append(prefix) }
        try state.removeOrphans(directory: directory)
        try state.save(directory: directory, stepKey: item.stepKey, fence: fence)
        return state
    }
}
