import Foundation
import FerryServiceKit

/// The orchestrator's own knobs, read from the `FERRY_*` configuration in this one place.
///
/// | variable | default |
/// |---|---|
/// | `FERRY_LEASE_SECONDS` | 30 — how long a claimed step stays leased without a heartbeat (1…3600) |
struct OrchestratorSettings: Sendable {
    /// Lease length handed out with each claim and renewed by each heartbeat.
    var leaseSeconds: Int
    /// The clock leases are measured with (tests move it forward instead of sleeping).
    var now: @Sendable () -> Date

    init(leaseSeconds: Int = 30, now: @escaping @Sendable () -> Date = { Date() }) {
        self.leaseSeconds = leaseSeconds
        self.now = now
    }

    static func from(_ config: ServiceConfig, now: @escaping @Sendable () -> Date = { Date() }) throws -> OrchestratorSettings {
        let lease = try config.int("FERRY_LEASE_SECONDS", default: 30)
        guard (1...3600).contains(lease) else {
            throw ConfigError.invalid("FERRY_LEASE_SECONDS", "must be between 1 and 3600 seconds, got \(lease)")
        }
        return OrchestratorSettings(leaseSeconds: lease, now: now)
    }
}
