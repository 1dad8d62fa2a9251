import FerryModels
import FerryServiceKit
import Metrics

/// The executor's Prometheus series (ENGINE.md: per chunk, where the time goes, rows and commits).
enum ExecutorMetrics {
    static let rowsRead = "ferry_executor_rows_read_total"
    static let rowsWritten = "ferry_executor_rows_written_total"
    static let rowsSkipped = "ferry_executor_rows_skipped_total"
    static let chunks = "ferry_executor_chunks_committed_total"
    /// Seconds of the writer thread by phase: `reader_wait` (no chunk ready), `write`, `commit` (checkpoint + commit).
    static let writerSeconds = "ferry_executor_writer_seconds_total"
    /// Seconds of steps by ``StepPhase`` (credentials, connect, discover, prepare_target, rows, final_commit,
    /// finish_report): the fixed cost around the rows next to the rows themselves.
    static let stepSeconds = "ferry_executor_step_seconds_total"
    static let activeSteps = "ferry_executor_active_steps"
    static let stepsEnded = "ferry_executor_steps_ended_total"
    /// Checkpoint writes refused in the target because a newer lease holds the step: a paused or cut-off
    /// executor's commit, rolled back with its chunk (fencing).
    static let fencedCommits = "ferry_executor_fenced_commits_total"
    /// Checks after a step by `method` (count, digest) and `result`: `equal`, `mismatch` (the step failed), `tolerated`
    /// (differences that lose no source row: rows only the target holds, or the rows the step skipped), `not_compared` (custom SQL, no key, the check could not run).
    static let reconciliations = "ferry_executor_reconciliations_total"
    static let reconcileResults = ["equal", "mismatch", "tolerated", "not_compared"]
    static let phases = ["reader_wait", "write", "commit"]
    static let outcomes = ["completed", "stopped", "failed", "lease_lost"]

    /// Creates the series at zero so /metrics shows them before the first step.
    static func register() {
        for label in [rowsRead, rowsWritten, rowsSkipped, chunks, fencedCommits] { _ = Counter(label: label) }
        for p in phases { _ = FloatingPointCounter(label: writerSeconds, dimensions: [("phase", p)]) }
        for p in StepPhase.allCases { _ = FloatingPointCounter(label: stepSeconds, dimensions: [("phase", p.rawValue)]) }
        for o in outcomes { _ = Counter(label: stepsEnded, dimensions: [("outcome", o)]) }
        for m in ReconcileMethod.allCases where m != .off {
            for r in reconcileResults { _ = Counter(label: reconciliations, dimensions: [("method", m.rawValue), ("result", r)]) }
        }
        Gauge(label: activeSteps).record(0)
    }

    /// One step's content check.
    static func reconciled(_ r: Reconciliation, failed: Bool) {
        let result = r.message != nil ? "not_compared" : r.equal ? "equal" : failed ? "mismatch" : "tolerated"
        Counter(label: reconciliations, dimensions: [("method", r.method.rawValue), ("result", result)]).increment()
    }

    /// One committed chunk.
    static func chunk(read: Int, written: Int, skipped: Int, waited: Duration, writing: Duration, committing: Duration) {
        Counter(label: rowsRead).increment(by: Int64(read))
        Counter(label: rowsWritten).increment(by: Int64(written))
        if skipped > 0 { Counter(label: rowsSkipped).increment(by: Int64(skipped)) }
        Counter(label: chunks).increment()
        for (phase, d) in zip(phases, [waited, writing, committing]) {
            FloatingPointCounter(label: writerSeconds, dimensions: [("phase", phase)]).increment(by: d.inSeconds)
        }
    }

    /// One ended step's phases.
    static func step(_ times: StepPhaseTimes) {
        for p in StepPhase.allCases where times[p] > .zero {
            FloatingPointCounter(label: stepSeconds, dimensions: [("phase", p.rawValue)]).increment(by: times[p].inSeconds)
        }
    }

    static func fenced() { Counter(label: fencedCommits).increment() }

    static func active(_ n: Int) { Gauge(label: activeSteps).record(n) }

    static func ended(_ outcome: String) { Counter(label: stepsEnded, dimensions: [("outcome", outcome)]).increment() }
}
