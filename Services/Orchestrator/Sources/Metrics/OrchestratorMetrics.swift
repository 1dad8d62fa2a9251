import FerryModels
import Metrics

/// The orchestrator's Prometheus series (swift-metrics; ServiceKit bootstraps the Prometheus backend).
enum OrchestratorMetrics {
    static let launched = "ferry_orchestrator_jobs_launched_total"
    static let finished = "ferry_orchestrator_jobs_finished_total"
    static let rowsWritten = "ferry_orchestrator_rows_written_total"
    static let rowsSkipped = "ferry_orchestrator_rows_skipped_total"
    static let activeLeases = "ferry_orchestrator_active_leases"

    /// Creates the series at zero so /metrics shows them before the first job.
    static func register() {
        for kind in ["launch", "restart"] { _ = Counter(label: launched, dimensions: [("kind", kind)]) }
        _ = Counter(label: rowsWritten)
        _ = Counter(label: rowsSkipped)
        Gauge(label: activeLeases).record(0)
    }

    /// A job execution created; `kind` is `launch` or `restart`.
    static func jobLaunched(kind: String) {
        Counter(label: launched, dimensions: [("kind", kind)]).increment()
    }

    /// Executions that reached a final status.
    static func jobsFinished(_ statuses: [BatchStatus]) {
        for status in statuses {
            Counter(label: finished, dimensions: [("status", status.rawValue)]).increment()
        }
    }

    /// Rows of a step that ended (its cumulative counts).
    static func stepEnded(_ counts: StepCounts) {
        if counts.writeCount > 0 { Counter(label: rowsWritten).increment(by: counts.writeCount) }
        if counts.writeSkipCount > 0 { Counter(label: rowsSkipped).increment(by: counts.writeSkipCount) }
    }

    static func record(_ effects: WorkEffects) {
        jobsFinished(effects.ended)
        Gauge(label: activeLeases).record(effects.activeLeases)
    }
}
