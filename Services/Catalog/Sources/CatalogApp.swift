import FerryServiceKit
import FerrySQL
import Hummingbird

/// The catalog service (:8081): datasources, tables, bundles and mapping sets (RF01–RF03).
public enum CatalogApp {
    /// Opens the store and builds the application. `port` overrides the configured port (0 = ephemeral, tests).
    public static func make(config: ServiceConfig, port: Int? = nil,
                            onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws -> FerryApplication {
        let store = try await CatalogStore.open(config: config.databaseURL, dataDir: config.dataDir)
        let secrets = try SecretBox(keyBytes: config.secretKey)
        let probe = DatasourceProbe(secrets: secrets)
        return FerryService.makeApplication(
            name: FerryServiceName.catalog.rawValue, port: port ?? config.catalogPort, config: config,
            openAPI: CatalogOpenAPI.json, onServerRunning: onServerRunning
        ) { router in
            DatasourceController(store: store, secrets: secrets, probe: probe).addRoutes(to: router.group("v1/datasource"))
            TableController(store: store).addRoutes(to: router.group("v1/data/tables"))
            BundleController(store: store, planner: BundlePlanner(store: store, probe: probe))
                .addRoutes(to: router.group("v1/data/bundles"))
            MappingSetController(store: store).addRoutes(to: router.group("v1/mappingSets"))
            InternalController(store: store, secrets: secrets, probe: probe, partitions: PartitionPlanner(probe: probe)).addRoutes(to: router.group("internal"))
        }
    }

    public static func run() async throws {
        let config = try ServiceConfig.fromEnvironment()
        let app = try await make(config: config)
        app.logger.info("catalog listening on \(config.bindHost):\(config.catalogPort)")
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
