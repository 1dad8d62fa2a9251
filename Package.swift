// swift-tools-version:6.0
// Ferry — one package, every module and service. Swift 6 language mode (strict concurrency).
import PackageDescription

let nio = "swift-nio"

let package = Package(
    name: "Ferry",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ferry-gateway", targets: ["ferry-gateway"]),
        .executable(name: "ferry-catalog", targets: ["ferry-catalog"]),
        .executable(name: "ferry-orchestrator", targets: ["ferry-orchestrator"]),
        .executable(name: "ferry-executor", targets: ["ferry-executor"]),
        .executable(name: "ferry-reporting", targets: ["ferry-reporting"]),
        .executable(name: "ferry", targets: ["ferry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        // C libraries, each beside the module that uses it.
        .systemLibrary(name: "CLibPQ", path: "Shared/SQL/CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Shared/SQL/CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CODBC", path: "Shared/SQL/CODBC", pkgConfig: "odbc", providers: [.apt(["unixodbc-dev"])]),
        .systemLibrary(name: "CCurl", path: "Shared/HTTPClient/CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "CCurlShim", dependencies: ["CCurl"], path: "Shared/HTTPClient/CCurlShim"),
        .systemLibrary(name: "CZlib", path: "Shared/Export/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Shared modules.
        // Time: the Timestamp instant, ISO-8601 text and calendar arithmetic every other module uses.
        .target(name: "FerryTime", path: "Shared/Time/Sources"),
        .target(name: "FerryModels", path: "Shared/Models/Sources"),
        .target(name: "FerrySQL", dependencies: [
            "CLibPQ", "CSQLite", "CODBC", "FerryModels", "FerryTime",
            .product(name: "Crypto", package: "swift-crypto"),   // MD5 of reconciliation's row hashes
            .product(name: "NIOPosix", package: nio),
            .product(name: "NIOConcurrencyHelpers", package: nio),
        ], path: "Shared/SQL/Sources"),
        // File exports: JSON Lines, CSV, Parquet; SHA-256 manifests and their verification.
        .target(name: "FerryExport", dependencies: [
            "CZlib", "FerryModels", "FerryTime", "FerrySQL", .product(name: "Crypto", package: "swift-crypto"),
        ], path: "Shared/Export/Sources"),
        .target(name: "FerryHTTPClient", dependencies: [
            "CCurl", "CCurlShim", "FerryModels",
            .product(name: "NIOPosix", package: nio),
        ], path: "Shared/HTTPClient/Sources"),
        .target(name: "FerryServiceKit", dependencies: [
            "FerryModels", "FerryHTTPClient",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], path: "Shared/ServiceKit/Sources"),

        // What the service and end-to-end tests share: in-process apps on real ports, the test PostgreSQL.
        .target(name: "FerryTestKit", dependencies: [
            "FerryServiceKit", "FerrySQL", "FerryHTTPClient",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], path: "Shared/TestKit/Sources"),

        // Services: a library with the logic, a thin executable that wires it.
        .target(name: "CatalogService", dependencies: [
            "FerryServiceKit", "FerrySQL", "FerryTime", "FerryExport", .product(name: "Crypto", package: "swift-crypto"),
        ], path: "Services/Catalog/Sources"),
        .executableTarget(name: "ferry-catalog", dependencies: ["CatalogService", "FerryServiceKit"], path: "Services/Catalog/Main"),
        .target(name: "OrchestratorService", dependencies: ["FerryServiceKit", "FerrySQL", "FerryTime"], path: "Services/Orchestrator/Sources"),
        .executableTarget(name: "ferry-orchestrator", dependencies: ["OrchestratorService", "FerryServiceKit"], path: "Services/Orchestrator/Main"),
        .target(name: "ExecutorService", dependencies: ["FerryServiceKit", "FerrySQL", "FerryTime", "FerryExport"], path: "Services/Executor/Sources"),
        .executableTarget(name: "ferry-executor", dependencies: ["ExecutorService", "FerryServiceKit"], path: "Services/Executor/Main"),
        .target(name: "ReportingService", dependencies: [
            "FerryServiceKit", "FerrySQL", "FerryTime", "FerryExport", .product(name: "NIOPosix", package: nio),
        ], path: "Services/Reporting/Sources"),
        .executableTarget(name: "ferry-reporting", dependencies: ["ReportingService", "FerryServiceKit"], path: "Services/Reporting/Main"),
        .target(name: "GatewayService", dependencies: ["FerryServiceKit"], path: "Services/Gateway/Sources"),
        .executableTarget(name: "ferry-gateway", dependencies: ["GatewayService", "FerryServiceKit"], path: "Services/Gateway/Main"),

        // The `ferry` command line: a client of the gateway only (models and the HTTP client, no service code).
        .target(name: "FerryCLI", dependencies: [
            "FerryModels", "FerryTime", "FerryHTTPClient", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "CLI/Sources"),
        .executableTarget(name: "ferry", dependencies: ["FerryCLI"], path: "CLI/Main"),

        // The driver-level benchmark (bench/run.sh).
        .executableTarget(name: "ferry-driver-bench", dependencies: ["FerrySQL"], path: "bench/DriverBench"),

        // Tests beside each module; end-to-end tests in IntegrationTests/.
        .testTarget(name: "FerryTimeTests", dependencies: ["FerryTime"], path: "Shared/Time/Tests"),
        .testTarget(name: "FerryModelsTests", dependencies: ["FerryModels"], path: "Shared/Models/Tests"),
        .testTarget(name: "FerrySQLTests", dependencies: ["FerrySQL", "FerryTime", "FerryTestKit"], path: "Shared/SQL/Tests"),
        .testTarget(name: "FerryExportTests", dependencies: ["FerryExport", "FerryTestKit"], path: "Shared/Export/Tests", exclude: ["Readers"]),
        .testTarget(name: "FerryHTTPTests", dependencies: ["FerryHTTPClient", "FerryServiceKit", "FerryTestKit"], path: "Shared/ServiceKit/Tests"),
        .testTarget(name: "ExecutorTests", dependencies: ["ExecutorService", "FerrySQL", "FerryModels", "FerryTestKit"], path: "Services/Executor/Tests"),
        .testTarget(name: "CatalogTests", dependencies: ["CatalogService", "FerryTestKit"], path: "Services/Catalog/Tests"),
        .testTarget(name: "OrchestratorTests", dependencies: ["OrchestratorService", "FerryTime", "FerryTestKit"], path: "Services/Orchestrator/Tests"),
        .testTarget(name: "ReportingTests", dependencies: ["ReportingService", "FerryTime", "FerryTestKit"], path: "Services/Reporting/Tests"),
        .testTarget(name: "GatewayTests", dependencies: ["GatewayService", "FerryTestKit"], path: "Services/Gateway/Tests"),
        .testTarget(name: "CLITests", dependencies: ["FerryCLI", "FerryModels"], path: "CLI/Tests"),
        .testTarget(name: "IntegrationTests", dependencies: ["FerryHTTPClient", "FerrySQL", "FerryModels", "FerryTime", "FerryTestKit"], path: "IntegrationTests"),
    ],
    swiftLanguageModes: [.v6]
)
