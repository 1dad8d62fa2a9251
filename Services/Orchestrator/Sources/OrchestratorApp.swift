import Foundation
import FerryServiceKit
import FerrySQL
import Hummingbird

/// The orchestrator service (:8082): launches, stops and restarts job executions (RF05), hands their steps
/// to executors under leases (ENGINE.md §7) and answers the reporting service's reads.
public enum OrchestratorApp {
    /// Opens the store (`<dataDir>/orchestrator.db`, or PostgreSQL when FERRY_DATABASE_URL is set) and builds
    /// the application. `port` overrides the configured port (0 = ephemeral, tests).
    public static func make(config: ServiceConfig, port: Int? = nil,
                            onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws -> FerryApplication {
        let settings = try OrchestratorSettings.from(config)
        let store = try await OrchestratorStore.open(databaseURL: config.databaseURL, dataDir: config.dataDir,
                                                     connections: settings.storeConnections)
        return makeApplication(config: config, store: store, settings: settings, port: port, onServerRunning: onServerRunning)
    }

    /// Builds the application on an open store (tests pass their own store and clock).
    static func makeApplication(config: ServiceConfig, store: OrchestratorStore, settings: OrchestratorSettings,
                                port: Int? = nil,
                                onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> FerryApplication {
        let catalog = CatalogBundleSpecs(client: config.client(for: .catalog))
        let bundles = FlowBundles(catalog: catalog)
        let signal = WorkSignal()
        let scheduler = FlowScheduler(store: store, bundles: bundles, signal: signal, every: settings.schedulerEvery,
                                      now: settings.now,
                                      logger: FerryService.makeLogger(name: "orchestrator.scheduler", level: config.logLevel))
        let app = FerryService.makeApplication(
            name: FerryServiceName.orchestrator.rawValue, port: port ?? config.orchestratorPort, config: config,
            openAPI: OrchestratorOpenAPI.json, services: [scheduler], onServerRunning: onServerRunning
        ) { router in
            JobController(store: store, catalog: catalog, settings: settings, signal: signal).addRoutes(to: router.group("v1/batch/job"))
            WorkController(store: store, settings: settings, signal: signal).addRoutes(to: router.group("internal/work"))
            ExecutionController(store: store).addRoutes(to: router.group("internal"))
            FlowController(store: store, bundles: bundles, settings: settings, signal: signal).addRoutes(to: router.group("v1"))
        }
        OrchestratorMetrics.register()   // after makeApplication, which bootstraps the metrics backend
        return app
    }

    /// `ferry-orchestrator`: configuration from the environment, runs until SIGTERM/SIGINT.
    public static func run() async throws {
        let config = try ServiceConfig.fromEnvironment()
        let app = try await make(config: config)
        app.logger.info("orchestrator listening on \(config.bindHost):\(config.orchestratorPort)")
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
