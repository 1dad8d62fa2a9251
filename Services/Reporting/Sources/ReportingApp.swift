import Foundation
import FerryServiceKit
import Hummingbird
import FerryTime

/// The reporting service (:8084), the read side: RF06 job status, seed 002's batch job report, the execution
/// history, skipped-row diagnostics, the latest integration of a bundle, progress (estimates, rows/s) and the
/// `/dashboard` page. It owns no job state — every answer is read from the orchestrator's `/internal` routes
/// (and the catalog for bundles) over HTTP.
public enum ReportingApp {
    /// Builds the application. `port` overrides the configured port (0 = ephemeral, tests).
    /// Throws ``ConfigError`` when FERRY_TIMEZONE is not a known IANA zone.
    public static func make(config: ServiceConfig, port: Int? = nil,
                            onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws -> FerryApplication {
        try makeApplication(config: config, port: port, now: { Timestamp.now }, onServerRunning: onServerRunning)
    }

    /// Same, with the clock given (milliseconds since 1970), for tests.
    static func makeApplication(config: ServiceConfig, port: Int? = nil, now: @escaping @Sendable () -> Timestamp,
                                onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> FerryApplication {
        let shaper = ExecutionShaper(zone: try timeZone(config))
        let upstream = Upstream(config: config)
        return FerryService.makeApplication(
            name: FerryServiceName.reporting.rawValue, port: port ?? config.reportingPort, config: config,
            openAPI: ReportingOpenAPI.json, onServerRunning: onServerRunning
        ) { router in
            BatchJobController(upstream: upstream, shaper: shaper, now: now).addRoutes(to: router.group("v1/batch"))
            BatchJobReportController(upstream: upstream, shaper: shaper).addRoutes(to: router.group("v1/batch-job-report"))
            LatestIntegrationController(upstream: upstream).addRoutes(to: router.group("v1/data/bundles"))
            ProgressController(upstream: upstream, now: now).addRoutes(to: router.group("v1/batch"))
            ManifestController(upstream: upstream).addRoutes(to: router.group("v1/manifests"))
            DashboardController().addRoutes(to: router.group("dashboard"))
        }
    }

    /// RF06's zone: FERRY_TIMEZONE (an IANA name such as `America/Sao_Paulo`, or `UTC`), else the server's zone.
    static func timeZone(_ config: ServiceConfig) throws -> TimeZone {
        guard let name = config.timezone else { return TimeZone.current }
        guard let zone = TimeZone(identifier: name) else {
            throw ConfigError.invalid("FERRY_TIMEZONE", "unknown time zone '\(name)'; use an IANA name such as America/Sao_Paulo or UTC")
        }
        return zone
    }

    /// `ferry-reporting`: configuration from the environment, runs until SIGTERM/SIGINT.
    public static func run() async throws {
        let config = try ServiceConfig.fromEnvironment()
        let zone = try timeZone(config)
        let app = try await make(config: config)
        app.logger.info("reporting listening on \(config.bindHost):\(config.reportingPort) (orchestrator \(config.orchestratorURL), catalog \(config.catalogURL), time zone \(zone.identifier))")
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
