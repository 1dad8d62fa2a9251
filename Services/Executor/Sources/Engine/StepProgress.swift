import FerryModels
import NIOConcurrencyHelpers

/// What a running step shares with its progress reports and heartbeat: counts after each commit, skipped rows
/// not yet reported, and the stop/lease-lost signals coming back. Lock-protected; touched once per chunk.
final class StepProgress: Sendable {
    /// Where the step's time goes, phase by phase (published when it ends).
    let phases = StepPhaseTimes()
    private struct State {
        var counts = StepCounts()
        var retryCount = 0
        var sourceRows: Int64?
        var pendingSkips: [SkippedRow] = []
        var reportedSkips = 0
        var stopRequested = false
        var leaseLost = false
        /// An incremental step's window as read (reported with the finish).
        var window: WindowReport?
        /// The manifest step's manifest as written (reported with the finish).
        var manifest: ManifestReport?
        /// The check after the last commit (reported with the finish).
        var reconciliation: Reconciliation?
        /// Bumped by every change worth reporting (counts, retries, skips).
        var version = 0
    }
    private let state = NIOLockedValueBox(State())
    /// Skipped rows sent with their full source row per step; beyond that only counted.
    static let maxReportedSkips = 10_000

    func update(counts: StepCounts) {
        state.withLockedValue { s in
            if s.counts != counts { s.counts = counts; s.version += 1 }
        }
    }
    func setWindow(_ w: WindowReport?) { state.withLockedValue { $0.window = w } }
    var window: WindowReport? { state.withLockedValue { $0.window } }
    func setManifest(_ m: ManifestReport) { state.withLockedValue { $0.manifest = m } }
    var manifest: ManifestReport? { state.withLockedValue { $0.manifest } }
    func setReconciliation(_ r: Reconciliation?) { state.withLockedValue { $0.reconciliation = r } }
    var reconciliation: Reconciliation? { state.withLockedValue { $0.reconciliation } }
    func setSourceRows(_ n: Int64?) { state.withLockedValue { $0.sourceRows = n; $0.version += 1 } }
    func addRetry() { state.withLockedValue { $0.retryCount += 1; $0.version += 1 } }
    func addSkips(_ rows: [SkippedRow]) {
        state.withLockedValue { s in
            let room = max(0, Self.maxReportedSkips - s.reportedSkips)
            s.pendingSkips.append(contentsOf: rows.prefix(room))
            s.reportedSkips += min(room, rows.count)
            s.version += 1
        }
    }
    /// Counts, retries, source rows and the skips to send now (taken out of the pending list), for the finish report.
    func snapshotForReport() -> (StepCounts, Int, Int64?, [SkippedRow]) {
        snapshot(ifChangedSince: -1)!.report   // versions start at 0: "changed since -1" always answers
    }
    /// What changed since version `seen` (nil when nothing did), for the progress reports.
    func snapshot(ifChangedSince seen: Int) -> (version: Int, report: (StepCounts, Int, Int64?, [SkippedRow]))? {
        state.withLockedValue { s in
            guard s.version != seen else { return nil }
            let skips = s.pendingSkips
            s.pendingSkips = []
            return (s.version, (s.counts, s.retryCount, s.sourceRows, skips))
        }
    }
    /// Puts skips back when a progress report could not be delivered.
    func requeue(_ skips: [SkippedRow]) { state.withLockedValue { $0.pendingSkips.insert(contentsOf: skips, at: 0) } }

    func requestStop() { state.withLockedValue { $0.stopRequested = true } }
    func loseLease() { state.withLockedValue { $0.leaseLost = true } }
    /// The counts of the last committed chunk (what a failure reports).
    var counts: StepCounts { state.withLockedValue { $0.counts } }
    var retries: Int { state.withLockedValue { $0.retryCount } }
    var stopRequested: Bool { state.withLockedValue { $0.stopRequested } }
    var leaseLost: Bool { state.withLockedValue { $0.leaseLost } }
}
