import FerryExport
import FerryModels
import FerrySQL
import NIOPosix

/// One attempt of a step whose target is a `Files` directory: the source is read as for a database step
/// (always decoded, never raw passthrough), the ``ExportTasklet`` writes the files on a thread of its own.
extension StepRunner {
    func exportAttempt(directory: String) async throws -> Outcome {
        let src = try await DatabaseSession.open(source)
        defer { Task { await src.close() } }
        let setup = try await StepPreparer.prepareExport(item, sourceSession: src)
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

    /// The state this attempt resumes from: the directory is created, a new step starts an empty state (saved at
    /// once, so its prefix is known to the next attempt), a restart keeps the files and starts its own counters.
    /// Leftovers of a killed attempt under the step's prefixes are removed before any row is written.
    static func exportResumePoint(_ item: WorkItem, directory: String, prefix: String) throws -> ExportCheckpoint {
        try ExportDirectory.create(directory)
        var state = try ExportCheckpoint.load(directory: directory, stepKey: item.stepKey)
            ?? ExportCheckpoint(executionId: item.jobExecutionId, lastKey: nil, rows: 0, counts: StepCounts(),
                                prefixes: [], files: [], done: false)
        if state.executionId != item.jobExecutionId {
            state.executionId = item.jobExecutionId
            state.counts = StepCounts()
        }
        if !state.prefixes.contains(prefix) { state.prefixes.append(prefix) }
        try state.removeOrphans(directory: directory)
        try state.save(directory: directory, stepKey: item.stepKey)
        return state
    }
}
