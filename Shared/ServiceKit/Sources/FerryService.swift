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
/// let app = FerryService.makeApplication(name: "catalog", port: config.catalogPort, config: config,
///                                        openAPI: CatalogOpenAPI.json) { router in
///     DatasourceController(store: store).addRoutes(to: router.group("v1/datasource"))
/// }
/// try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
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
        router.add(middleware: SharedSecretMiddleware(apiKey: config.apiKey, internalToken: config.internalToken))
        SystemRoutes.addRoutes(to: router.group(), service: name, version: version, openAPI: openAPI)
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

    /// A logger labelled `ferry.<name>` at the configured level (bootstraps logging first).
    public static func makeLogger(name: String, level: Logger.Level) -> Logger {
        FerryBootstrap.bootstrap(logLevel: level)
        var logger = Logger(label: "ferry.\(name)")
        logger.logLevel = level
        return logger
    }
}
