import FerryServiceKit
import Hummingbird

/// The reporting service. Routes arrive with their issue; today it answers /health, /metrics and /openapi.json.
public enum ReportingApp {
    public static func make(config: ServiceConfig, port: Int? = nil,
                            onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> FerryApplication {
        FerryService.makeApplication(
            name: FerryServiceName.reporting.rawValue, port: port ?? config.port(.reporting), config: config,
            onServerRunning: onServerRunning) { _ in }
    }

    public static func run() async throws {
        let config = try ServiceConfig.fromEnvironment()
        try await make(config: config).runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
