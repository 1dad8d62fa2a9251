import FerryModels
import FerryServiceKit
import Hummingbird
import Logging
import ServiceLifecycle

/// The executor service (:8083): a stateless worker pulling steps from the orchestrator. Its HTTP
/// side only answers /health, /metrics, /openapi.json and what it is running now.
public enum ExecutorApp {
    public static func make(config: ServiceConfig, port: Int? = nil,
                            onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> FerryApplication {
        let settings = try ExecutorSettings(config: config)
        let logger = FerryService.makeLogger(name: "executor", level: config.logLevel)
        let worker = Worker(settings: settings, orchestrator: config.client(for: .orchestrator),
                            catalog: config.client(for: .catalog), logger: logger)
        let app = FerryService.makeApplication(
            name: FerryServiceName.executor.rawValue, port: port ?? config.executorPort, config: config,
            openAPI: ExecutorOpenAPI.json, services: [WorkerService(worker: worker)], onServerRunning: onServerRunning
        ) { router in
            router.get("internal/status") { _, _ in
                JSONResponse(ExecutorStatus(executorId: settings.executorId, slots: settings.slots, activeSteps: worker.activeSteps))
            }
        }
        ExecutorMetrics.register()   // after makeApplication, which bootstraps the metrics backend
        return app
    }

    public static func run() async throws {
        let config = try ServiceConfig.fromEnvironment()
        let app = try make(config: config)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}

struct ExecutorStatus: Codable, Sendable {
    var executorId: String
    var slots: Int
    var activeSteps: Int
}

/// Runs the pull loop beside the HTTP server; a graceful shutdown cancels it.
struct WorkerService: Service {
    let worker: Worker
    func run() async throws {
        try await cancelWhenGracefulShutdown { await worker.run() }
    }
}

enum ExecutorOpenAPI {
    static let json = #"""
    {"openapi": "3.0.3", "info": {"title": "Ferry executor", "version": "0.1.0", "description": "Stateless worker: pulls steps from the orchestrator, moves rows, reports. No public API beyond health and metrics."}, "paths": {}}
    """#
}
