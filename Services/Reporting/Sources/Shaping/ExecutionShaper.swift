import Foundation
import FerryModels
import FerryTime

/// Shapes the orchestrator's ``JobExecutionRecord`` into the seeds' answers: RF06 (seed 000) and the batch job
/// report (seed 002). Pure: the zone and "now" are given, so every rule here is testable on its own.
struct ExecutionShaper: Sendable {
    /// RF06 renders its times in this zone (FERRY_TIMEZONE, else the server's zone).
    let zone: TimeZone

    // MARK: RF06

    func rf06(_ r: JobExecutionRecord, now: Timestamp) -> JobExecutionView {
        let start = Timestamp.parse(r.startTime)
        let end = Timestamp.parse(r.endTime)
        // Running: start → now. Terminal without an end time (should not happen): start → last update.
        let until = end ?? (r.status.isRunning ? now : (Timestamp.parse(r.lastUpdated) ?? now))
        return JobExecutionView(
            batchStatus: r.status,
            jobExecutionId: r.jobExecutionId,
            jobName: r.jobName,
            jobStartTime: local(start),
            jobEndTime: local(end),
            jobElapsedTime: ElapsedText.withMillis(start.map { until.millis(since: $0) } ?? 0),
            exitStatus: r.exitStatus,
            exitMessage: r.exitMessage,
            steps: r.steps.map { step(r, $0, now: now) })
    }

    private func step(_ job: JobExecutionRecord, _ s: StepExecutionRecord, now: Timestamp) -> StepExecutionView {
        let start = Timestamp.parse(s.startTime)
        let end = Timestamp.parse(s.endTime)
        let until = end ?? (s.status.isRunning && job.status.isRunning
            ? now
            : (Timestamp.parse(job.endTime) ?? Timestamp.parse(job.lastUpdated) ?? now))
        return StepExecutionView(
            batchStatus: s.status,
            stepName: s.stepName,
            stepStartTime: local(start),
            stepEndTime: local(end),
            stepElapsedTime: ElapsedText.withMillis(start.map { until.millis(since: $0) } ?? 0),
            commitCount: s.counts.commitCount,
            readCount: s.counts.readCount,
            writeCount: s.counts.writeCount,
            writeSkipCount: s.counts.writeSkipCount,
            exitStatus: s.exitStatus,
            exitMessage: s.exitMessage,
            reconciliation: s.reconciliation)
    }

    /// `GET /v1/batch/job/{id}/reconciliation`: the steps' checks, in RF06's step order.
    func reconciliation(_ r: JobExecutionRecord) -> JobReconciliationView {
        JobReconciliationView(jobExecutionId: r.jobExecutionId, jobName: r.jobName, batchStatus: r.status,
                              steps: r.steps.map { StepReconciliationView(stepName: $0.stepName, batchStatus: $0.status,
                                                                          reconciliation: $0.reconciliation,
                                                                          writeSkipCount: $0.counts.writeSkipCount) })
    }

    /// `dd/MM/yyyy HH:mm`, or "" when the instant is not there yet (seed 000: a running job has empty end times).
    private func local(_ time: Timestamp?) -> String {
        time?.dayMonthYearMinutes(in: zone) ?? ""
    }

    // MARK: Seed 002 batch job report

    /// Seed 002's state of an execution:
    /// - `Enqueued` — STARTING and no step has started yet;
    /// - `Processing` — STARTED or STOPPING, or STARTING with a step already started;
    /// - `Finished` — COMPLETED (with or without skipped rows);
    /// - `Failed` — FAILED, ABANDONED, and STOPPED: a stopped execution did not process everything it was asked
    ///   to and is only resumed by a restart, so a seed-002 client must treat it like a failure (and not
    ///   read its counts as a finished load).
    static func state(of r: JobExecutionRecord) -> BatchJobState {
        switch r.status {
        case .completed: return .finished
        case .failed, .abandoned, .stopped: return .failed
        case .started, .stopping: return .processing
        case .starting: return r.steps.contains { $0.startTime != nil } ? .processing : .enqueued
        }
    }

    /// Counts, with the invariant `successCount + failureCount == totalItems` whenever the job is complete:
    /// - Finished: success = Σ writeCount, failures = the rest of Σ readCount (= Σ writeSkipCount, since every
    ///   row read is written or skipped), total = max(Σ readCount, success + Σ writeSkipCount).
    /// - Failed: total = Σ over steps of max(source rows when known, readCount) (at least `record.totalItems` and
    ///   success); success = Σ writeCount; failures = total − success (rows skipped *and* rows never reached).
    /// - Running: success = Σ writeCount, failures = Σ writeSkipCount so far, total = `record.totalItems`
    ///   (the source's size at start) or Σ readCount when unknown, never below what was already read.
    static func counts(of r: JobExecutionRecord, state: BatchJobState) -> (total: Int64, success: Int64, failure: Int64) {
        let read = r.steps.reduce(Int64(0)) { $0 + max(0, $1.counts.readCount) }
        let written = r.steps.reduce(Int64(0)) { $0 + max(0, $1.counts.writeCount) }
        let skipped = r.steps.reduce(Int64(0)) { $0 + max(0, $1.counts.writeSkipCount) }
        switch state {
        case .finished:
            let total = max(read, written + skipped)
            return (total, written, total - written)
        case .failed:
            let perStep = r.steps.reduce(Int64(0)) { $0 + max($1.sourceRows ?? 0, max(0, $1.counts.readCount)) }
            let total = max(perStep, r.totalItems ?? 0, read, written)
            return (total, written, total - written)
        case .enqueued, .processing:
            return (max(r.totalItems ?? read, read), written, skipped)
        }
    }

    func report(_ r: JobExecutionRecord) -> BatchJobReport {
        let state = Self.state(of: r)
        let complete = state.isComplete
        let (total, success, failure) = Self.counts(of: r, state: state)

        let created = Timestamp.parse(r.createTime)
        let started = Timestamp.parse(r.startTime)
        let ended = complete ? (Timestamp.parse(r.endTime) ?? Timestamp.parse(r.lastUpdated)) : nil
        let duration: String? = complete ? ended.map { ElapsedText.wholeSeconds($0.millis(since: started ?? created ?? $0)) } : nil

        let errorMessage: String?
        let exceptionDetails: String?
        switch state {
        case .finished:
            errorMessage = failure > 0 ? "\(failure) item\(failure == 1 ? "" : "s") failed during processing" : nil
            exceptionDetails = Self.nonEmpty(r.exceptionDetails)
        case .failed:
            errorMessage = Self.nonEmpty(r.exitMessage) ?? Self.defaultFailure(r.status)
            exceptionDetails = Self.nonEmpty(r.exceptionDetails)
        case .enqueued, .processing:
            errorMessage = nil
            exceptionDetails = nil
        }

        return BatchJobReport(
            jobId: String(r.jobExecutionId),
            entityType: r.bundleName,
            state: state,
            isComplete: complete,
            createdAt: created?.iso ?? Timestamp.normalizedISO(r.createTime),
            startedAt: started?.iso,
            completedAt: ended?.iso,
            duration: duration,
            totalItems: total,
            successCount: success,
            failureCount: failure,
            retryAttempt: r.retryAttempt,
            hasPartialData: complete && success > 0 && failure > 0,
            errorMessage: errorMessage,
            exceptionDetails: exceptionDetails)
    }

    private static func defaultFailure(_ status: BatchStatus) -> String {
        switch status {
        case .stopped: "Job execution stopped by request"
        case .abandoned: "Job execution abandoned"
        default: "Job execution failed"
        }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return text
    }
}
