import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The concrete application type every service runs.
public typealias FerryApplication = Application<RouterResponder<FerryRequestContext>>

/// Builds and runs a Ferry service: middlewares (request id + logging/metrics, error envelopes, API key on `/v1`,
/// internal token on `/internal`), `/health`, `/metrics`, `/openapi.json`, then the service's own routes.
///
/// ```swift
/// let config = try ServiceConfig.fromEnvironment()
/// try await FerryService.run(.catalog, config: config, openAPI: CatalogOpenAPI.json) { router in
///     DatasourceController(store: store).addRoutes(to: router.group("v1/datasource"))
/// }
/// ```
public enum FerryService {
    /// Reported by `/health`.
    public static let version = "0.1.0"

    /// Builds the application. `port: 0` binds an ephemeral port; `onServerRunning` receives the bound port.
    /// `openAPI: nil` leaves `/openapi.json` to the service's own routes (the gateway serves a merged document).
    /// Routes are added after the middlewares, so every route (and the 404 of unknown paths) goes through them.
    public static func makeApplication(
        name: String,
        port: Int,
        config: ServiceConfig,
        openAPI: String? = #"{"openapi":"3.0.3","info":{"title":"Ferry","version":"0.1.0"},"paths":{}}"#,
        version: String = FerryService.version,
        logger: Logger? = nil,
        services: [any Service] = [],
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in },
        routes: (FerryRouter) throws -> Void
    ) rethrows -> FerryApplication {
        FerryBootstrap.bootstrap(logLevel: config.logLevel)
        let logger = logger ?? makeLogger(name: name, level: config.logLevel)

        let router = FerryRouter(context: FerryRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: RequestLoggingMiddleware(service: name))
        router.add(middleware: ErrorEnvelopeMiddleware())
        router.add(middleware: APIKeyMiddleware(apiKey: config.apiKey))
        router.add(middleware: InternalTokenMiddleware(token: config.internalToken))
        SystemRoutes.add(to: router, service: name, version: version, openAPI: openAPI)
        try routes(router)

        return Application(
            router: router,
            configuration: .init(address: .hostname(config.bindHost, port: port), serverName: nil),
            services: services,
            onServerRunning: { channel in
                await onServerRunning(channel.localAddress?.port ?? port)
            },
            logger: logger
        )
    }

    /// Same, for one of the five services: name and port from the configuration.
    public static func makeApplication(
        _ service: FerryServiceName,
        config: ServiceConfig,
        openAPI: String = #"{"openapi":"3.0.3","info":{"title":"Ferry","version":"0.1.0"},"paths":{}}"#,
        services: [any Service] = [],
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in },
        routes: (FerryRouter) throws -> Void
    ) rethrows -> FerryApplication {
        try makeApplication(
            name: service.rawValue, port: config.port(service), config: config, openAPI: openAPI,
            services: services, onServerRunning: onServerRunning, routes: routes)
    }

    /// Builds the application and runs it (with `services`) until SIGTERM or SIGINT, then shuts down gracefully.
    public static func run(
        _ service: FerryServiceName,
        config: ServiceConfig,
        openAPI: String = #"{"openapi":"3.0.3","info":{"title":"Ferry","version":"0.1.0"},"paths":{}}"#,
        services: [any Service] = [],
        routes: (FerryRouter) throws -> Void
    ) async throws {
        let app = try makeApplication(service, config: config, openAPI: openAPI, services: services, routes: routes)
        app.logger.info("Starting \(service.rawValue) on \(config.bindHost):\(config.port(service))", metadata: ["config": "\(config)"])
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    /// A logger labelled `ferry.<name>` at the configured level (bootstraps logging first).
    public static func makeLogger(name: String, level: Logger.Level) -> Logger {
        FerryBootstrap.bootstrap(logLevel: level)
        var logger = Logger(label: "ferry.\(name)")
        logger.logLevel = level
        return logger
    }
}
