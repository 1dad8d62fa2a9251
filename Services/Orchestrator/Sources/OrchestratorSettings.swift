import Foundation
import FerryServiceKit

/// The orchestrator's own knobs, read from the `FERRY_*` configuration in this one place.
///
/// | variable | default |
/// |---|---|
/// | `FERRY_LEASE_SECONDS` | 30 — how long a claimed step stays leased without a heartbeat (1…3600) |
/// | `FERRY_SCHEDULER_INTERVAL_MS` | 1000 — pause between two looks of the flow scheduler at due ticks (0: no scheduler) |
/// | `FERRY_STORE_CONNECTIONS` | 4 — connections to a PostgreSQL store (1…32); the SQLite store always has one (one writer) |
struct OrchestratorSettings: Sendable {
    /// Lease length handed out with each claim and renewed by each heartbeat.
    var leaseSeconds: Int
    /// The clock leases and flow ticks are measured with (tests move it forward instead of sleeping).
    var now: @Sendable () -> Date
    /// Pause between scheduler passes; nil runs no scheduler loop (tests drive ``FlowScheduler/pass(now:)``).
    var schedulerEvery: Duration?
    /// Connections to a PostgreSQL store: claims, heartbeats and reads of several executors and clients run side by
    /// side instead of queueing on one connection.
    var storeConnections: Int

    static let defaultStoreConnections = 4

    init(leaseSeconds: Int = 30, now: @escaping @Sendable () -> Date = { Date() }, schedulerEvery: Duration? = nil,
         storeConnections: Int = defaultStoreConnections) {
        self.leaseSeconds = leaseSeconds
        self.now = now
        self.schedulerEvery = schedulerEvery
        self.storeConnections = storeConnections
    }

    static func from(_ config: ServiceConfig, now: @escaping @Sendable () -> Date = { Date() }) throws -> OrchestratorSettings {
        let lease = try config.int("FERRY_LEASE_SECONDS", default: 30)
        guard (1...3600).contains(lease) else {
            throw ConfigError.invalid("FERRY_LEASE_SECONDS", "must be between 1 and 3600 seconds, got \(lease)")
        }
        let every = try config.int("FERRY_SCHEDULER_INTERVAL_MS", default: 1000)
        guard (0...3_600_000).contains(every) else {
            throw ConfigError.invalid("FERRY_SCHEDULER_INTERVAL_MS", "must be between 0 and 3600000 milliseconds, got \(every)")
        }
        let connections = try config.int("FERRY_STORE_CONNECTIONS", default: defaultStoreConnections)
        guard (1...32).contains(connections) else {
            throw ConfigError.invalid("FERRY_STORE_CONNECTIONS", "must be between 1 and 32, got \(connections)")
        }
        return OrchestratorSettings(leaseSeconds: lease, now: now, schedulerEvery: every == 0 ? nil : .milliseconds(every),
                                    storeConnections: connections)
    }
}
