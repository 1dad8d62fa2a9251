import FerryServiceKit
import Hummingbird

/// The gateway (:8080), Ferry's one public entry: routes `/v1/…` and `/dashboard` to the catalog,
/// orchestrator and reporting services (``RouteTable``), serves Swagger UI at `/swagger-ui/index.html`
/// and the merged OpenAPI document at `/openapi.json`. `/health` and `/metrics` are its own.
public enum GatewayApp {
    public static func make(config: ServiceConfig, port: Int? = nil,
                            onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> FerryApplication {
        let upstreams = Upstreams(config: config)
        let swaggerUI = SwaggerUI(config: config)
        let openAPI = OpenAPIDocumentCache(upstreams: upstreams)
        return FerryService.makeApplication(
            name: FerryServiceName.gateway.rawValue, port: port ?? config.port(.gateway), config: config,
            openAPI: nil, onServerRunning: onServerRunning
        ) { router in
            // Routes at the root: the documents, the Swagger UI, and every proxied `/v1` and dashboard path.
            let root = router.group()
            OpenAPIController(cache: openAPI).addRoutes(to: root)
            swaggerUI.addRoutes(to: root)
            ProxyController(upstreams: upstreams).addRoutes(to: root)
        }
    }

    public static func run() async throws {
        let config = try ServiceConfig.fromEnvironment()
        let app = try make(config: config)
        let swaggerUI = SwaggerUI(config: config)
        app.logger.info("gateway listening on \(config.bindHost):\(config.gatewayPort)", metadata: [
            "catalog": "\(config.catalogURL)", "orchestrator": "\(config.orchestratorURL)", "reporting": "\(config.reportingURL)",
            "swagger-ui": "\(swaggerUI.directory() ?? "not installed (run scripts/install-deps.sh)")",
        ])
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
