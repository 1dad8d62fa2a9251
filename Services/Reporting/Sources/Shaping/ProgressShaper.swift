import FerryModels
import FerryTime

/// Shapes a ``JobExecutionRecord`` into Ferry's progress document (``JobProgressView``): exact times, elapsed
/// milliseconds, the source-row estimate, percentage and rows/s — for `ferry run --wait` and the dashboard.
/// Pure: "now" is given.
enum ProgressShaper {
    static func progress(_ r: JobExecutionRecord, now: Timestamp) -> JobProgressView {
        let start = Timestamp.parse(r.startTime)
        let until = Timestamp.parse(r.endTime) ?? (r.status.isRunning ? now : (Timestamp.parse(r.lastUpdated) ?? now))
        let elapsed = start.map { max(0, until.millis(since: $0)) } ?? 0
        let steps = r.steps.map { step(r, $0, now: now) }
        let estimates = r.steps.compactMap(\.sourceRows)
        let sourceRows = estimates.count == r.steps.count && !r.steps.isEmpty ? estimates.reduce(0, +) : r.totalItems
        let written = r.steps.reduce(Int64(0)) { $0 + $1.counts.writeCount }
        return JobProgressView(
            jobExecutionId: r.jobExecutionId, jobName: r.jobName, bundleId: r.bundleId, bundleName: r.bundleName,
            runNumber: r.runNumber, rerunNumber: r.rerunNumber, status: r.status, exitStatus: r.exitStatus,
            exitMessage: r.exitMessage, exceptionDetails: r.exceptionDetails,
            createTime: Timestamp.normalizedISO(r.createTime) ?? r.createTime,
            startTime: Timestamp.normalizedISO(r.startTime), endTime: Timestamp.normalizedISO(r.endTime),
            elapsedMillis: elapsed,
            readCount: r.steps.reduce(0) { $0 + $1.counts.readCount }, writeCount: written,
            writeSkipCount: r.steps.reduce(0) { $0 + $1.counts.writeSkipCount },
            sourceRows: sourceRows, rowsPerSecond: rate(written, elapsed), retryAttempt: r.retryAttempt, steps: steps)
    }

    private static func step(_ job: JobExecutionRecord, _ s: StepExecutionRecord, now: Timestamp) -> StepProgressView {
        let start = Timestamp.parse(s.startTime)
        // Same rule as RF06: a running step counts to now; one that ended without an end time, to the job's end.
        let until = Timestamp.parse(s.endTime) ?? (s.status.isRunning && job.status.isRunning
            ? now : (Timestamp.parse(job.endTime) ?? Timestamp.parse(job.lastUpdated) ?? now))
        let elapsed = start.map { max(0, until.millis(since: $0)) } ?? 0
        return StepProgressView(
            stepName: s.stepName, relationalOrdering: s.relationalOrdering, status: s.status, exitStatus: s.exitStatus,
            exitMessage: s.exitMessage, startTime: Timestamp.normalizedISO(s.startTime),
            endTime: Timestamp.normalizedISO(s.endTime), elapsedMillis: elapsed, readCount: s.counts.readCount,
            writeCount: s.counts.writeCount, writeSkipCount: s.counts.writeSkipCount, commitCount: s.counts.commitCount,
            sourceRows: s.sourceRows, percent: percent(s), rowsPerSecond: rate(s.counts.writeCount, elapsed))
    }

    /// Rows read of the estimate, capped at 100 (the estimate is taken at step start; rows may arrive after it).
    static func percent(_ s: StepExecutionRecord) -> Double? {
        if s.status == .completed { return 100 }
        guard let total = s.sourceRows else { return nil }
        guard total > 0 else { return s.status.isTerminal ? 100 : 0 }
        return min(100, Double(s.counts.readCount) * 100 / Double(total))
    }

    static func rate(_ rows: Int64, _ elapsedMillis: Int64) -> Double? {
        elapsedMillis > 0 ? Double(rows) * 1000 / Double(elapsedMillis) : nil
    }
}
