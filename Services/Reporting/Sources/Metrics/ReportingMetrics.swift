import FerryModels
import FerryServiceKit
import Metrics

/// The reporting service's Prometheus series (swift-metrics; ServiceKit bootstraps the backend and already counts
/// every request). Everything here is derived from answers being served — no background polling.
enum ReportingMetrics {
    /// Job lookups served, by what was asked (`rf06`, `report`, `history`) and the execution's status.
    static let lookups = "ferry_reporting_job_lookups_total"
    /// Seed-002 reports served, by state (Enqueued, Processing, Finished, Failed).
    static let reportStates = "ferry_reporting_report_states_total"
    /// Total executions the orchestrator holds, as last seen by an unfiltered history query.
    static let executionsKnown = "ferry_reporting_job_executions"
    /// Calls to the orchestrator and the catalog: duration, and failures by kind (unreachable, status, decoding).
    static let upstreamDuration = "ferry_reporting_upstream_duration_seconds"
    static let upstreamErrors = "ferry_reporting_upstream_errors_total"
    /// Job execution reads answered from the settled executions kept in memory (no orchestrator call).
    static let settledReads = "ferry_reporting_settled_reads_total"

    static func lookup(_ kind: String, status: BatchStatus) {
        Counter(label: lookups, dimensions: [("kind", kind), ("status", status.rawValue)]).increment()
    }

    static func reportState(_ state: BatchJobState) {
        Counter(label: reportStates, dimensions: [("state", state.rawValue)]).increment()
    }

    static func executionsSeen(_ total: Int) {
        Gauge(label: executionsKnown).record(total)
    }

    static func upstreamCall(_ service: FerryServiceName, elapsed: Duration) {
        let (seconds, attoseconds) = elapsed.components
        Metrics.Timer(label: upstreamDuration, dimensions: [("service", service.rawValue)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    static func settledRead() {
        Counter(label: settledReads).increment()
    }

    static func upstreamError(_ service: FerryServiceName, kind: String) {
        Counter(label: upstreamErrors, dimensions: [("service", service.rawValue), ("kind", kind)]).increment()
    }
}
