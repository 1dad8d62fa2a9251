import Foundation
import FerryServiceKit

/// Executor knobs (FERRY_EXECUTOR_*), read once from the service configuration.
struct ExecutorSettings: Sendable {
    var executorId: String
    /// FERRY_EXECUTOR_ID was given: the id survives a restart, so leases held under it belong to a dead process.
    var hasStableId: Bool
    /// Steps run at once by this executor.
    var slots: Int
    /// Pause before claiming again after a failed claim, or while every slot is busy.
    var pollMilliseconds: Int
    /// How long the orchestrator may hold a claim open when nothing is claimable (long poll).
    var claimWaitMilliseconds: Int
    /// Least time between two progress reports of one step (its counts after committed chunks).
    var progressMilliseconds: Int
    var step: StepRunner.Settings

    init(config: ServiceConfig) throws {
        let host = ProcessInfo.processInfo.hostName
        let given = config.string("FERRY_EXECUTOR_ID")?.trimmingCharacters(in: .whitespaces)
        hasStableId = !(given ?? "").isEmpty
        guard (given ?? "").count <= 200 else { throw ConfigError.invalid("FERRY_EXECUTOR_ID", "must be at most 200 characters") }
        executorId = hasStableId ? given ?? ""
            : "\(host)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max) % 100_000)"
        slots = max(1, try config.int("FERRY_EXECUTOR_SLOTS", default: 4))
        pollMilliseconds = max(50, try config.int("FERRY_EXECUTOR_POLL_MS", default: 500))
        claimWaitMilliseconds = min(30_000, max(0, try config.int("FERRY_EXECUTOR_CLAIM_WAIT_MS", default: 2_000)))
        progressMilliseconds = min(10_000, max(50, try config.int("FERRY_EXECUTOR_PROGRESS_MS", default: 250)))
        step = StepRunner.Settings()
        step.maxRetries = max(0, try config.int("FERRY_EXECUTOR_MAX_RETRIES", default: 5))
        step.checkpoints.name = config.string("FERRY_CHECKPOINT_TABLE") ?? "ferry_checkpoint"
        step.checkpoints.schema = config.string("FERRY_CHECKPOINT_SCHEMA") ?? "ferry"
        step.chunkPauseMilliseconds = max(0, try config.int("FERRY_EXECUTOR_CHUNK_PAUSE_MS", default: 0))
        step.asyncChunkCommits = try config.int("FERRY_EXECUTOR_ASYNC_CHUNK_COMMITS", default: 1) != 0
    }
}
