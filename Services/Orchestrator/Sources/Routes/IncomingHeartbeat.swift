import FerryModels

/// A heartbeat as it may arrive: the lease fields of ``HeartbeatRequest``, plus the counts and skipped rows an
/// executor of an earlier version sent with every beat. Those are kept as the progress report they were (its
/// skipped rows are sent once and must not be dropped); today's executors send them on `…/progress` only.
struct IncomingHeartbeat: Decodable, Sendable {
    var executorId: String
    var counts: StepCounts?
    var retryCount: Int?
    var sourceRows: Int64?
    var skips: [SkippedRow]?

    /// The earlier version's progress report, when the beat carries counts.
    var progress: ProgressRequest? {
        counts.map { ProgressRequest(executorId: executorId, counts: $0, retryCount: retryCount ?? 0, sourceRows: sourceRows,
                                     skips: skips ?? []) }
    }
}
