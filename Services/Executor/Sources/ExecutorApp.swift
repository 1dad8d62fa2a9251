import FerryHTTPClient
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

/// Runs the pull loop beside the HTTP server. Under a stable `FERRY_EXECUTOR_ID` it first gives back the leases a
/// previous process of the same id held (a crash or kill -9), so those steps resume at once rather than after the
/// lease lapses. SIGTERM/SIGINT drain it: no more claims, running steps handed back after their chunk in flight.
/// (The application shuts its HTTP server down first and this service last.)
struct WorkerService: Service {
    let worker: Worker

    func run() async throws {
        await withGracefulShutdownHandler {
            if worker.settings.hasStableId { await releasePreviousLeases() }
            await worker.run()
        } onGracefulShutdown: {
            worker.drain()
        }
    }

    /// Before the first claim (else it would release its own new claims). Waits for the orchestrator to answer, up to
    /// about ten minutes (then the old leases simply lapse after FERRY_LEASE_SECONDS); a shutdown ends the wait.
    private func releasePreviousLeases() async {
        let id = worker.settings.executorId
        do {
            let r: ReleaseResponse = try await Self.releaseRetry.run(retryIf: { error in
                !Task.isShuttingDownGracefully && !Worker.isRefusal(error)
            }, onRetry: { retry in
                if retry.failedAttempt == 1 {
                    worker.logger.info("waiting for the orchestrator to release the leases of \(id): \(retry.error.map { "\($0)" } ?? "")")
                }
            }) { _ in
                try await worker.orchestrator.post("/internal/work/release", ReleaseRequest(executorId: id))
            }
            if !r.released.isEmpty {
                worker.logger.info("executor \(id) restarted: released the leases its previous process held on step executions \(r.released.map(String.init).joined(separator: ", "))")
            }
        } catch {
            worker.logger.warning("the leases held under \(id) were not released (\(error)); they lapse after FERRY_LEASE_SECONDS")
        }
    }

    static let releaseRetry = RetryPolicy(maxAttempts: 300, delays: [.milliseconds(200), .milliseconds(500), .seconds(1), .seconds(2)])
}

enum ExecutorOpenAPI {
    static let json = #"""
    {"openapi": "3.0.3", "info": {"title": "Ferry executor", "version": "0.1.0", "description": "Stateless worker: pulls steps from the orchestrator, moves rows, reports. No public API beyond health and metrics."}, "paths": {}}
    """#
}
