import Foundation
import FerryServiceKit
import NIOConcurrencyHelpers

/// The parts of one step's wall time, in the order they happen: what the step costs besides moving rows.
enum StepPhase: String, CaseIterable, Sendable {
    /// The claim answer → the datasources' credentials from the catalog.
    case credentials
    /// Opening the source and target sessions.
    case connect
    /// Describing the source (columns, key, row estimate, types) and probing the extraction's and target's OIDs.
    case discover
    /// Target DDL (create or check the table, user types), the checkpoint table and the resume point.
    case prepareTarget = "prepare_target"
    /// Reading and writing the rows, chunk by chunk (the writer's split is `ferry_executor_writer_seconds_total`).
    case rows
    /// The step's last, synchronous commit that marks it done and makes every chunk durable.
    case finalCommit = "final_commit"
    /// Adding the primary key of a table the step created, after its last range's rows (``DeferredPrimaryKey``).
    case primaryKey = "primary_key"
    /// The content check after the final commit (bundle option `reconcile`): source against target, the step's range.
    case reconcile
    /// The finish report to the orchestrator, until it answers.
    case finishReport = "finish_report"
}

/// Where one step's time went, by ``StepPhase``, summed over its attempts. Filled by the worker and the step's
/// parts as they run; published at the end as `ferry_executor_step_seconds_total{phase}` and one log line, so an
/// operator (and `make bench`) sees the fixed cost around the rows without a profiler.
final class StepPhaseTimes: Sendable {
    private let times = NIOLockedValueBox<[StepPhase: Duration]>([:])

    func add(_ phase: StepPhase, _ d: Duration) { times.withLockedValue { $0[phase, default: .zero] += d } }

    /// Runs `body` and adds its time to `phase` (also when it throws: a failed attempt's time counts too).
    func measure<T>(_ phase: StepPhase, _ body: () async throws -> T) async rethrows -> T {
        let start = ContinuousClock.now
        defer { add(phase, ContinuousClock.now - start) }
        return try await body()
    }

    subscript(_ phase: StepPhase) -> Duration { times.withLockedValue { $0[phase] ?? .zero } }

    /// `credentials 3 ms, connect 11 ms, …` in phase order (phases never entered are left out).
    var summary: String {
        let t = times.withLockedValue { $0 }
        return StepPhase.allCases.compactMap { p in
            t[p].map { "\(p.rawValue) \(String(format: "%.1f", $0.inSeconds * 1000)) ms" }
        }.joined(separator: ", ")
    }
}
