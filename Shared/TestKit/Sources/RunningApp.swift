import FerryHTTPClient
import FerryServiceKit
import Foundation
import Logging
import ServiceLifecycle
import XCTest

/// A real service application running in-process on 127.0.0.1 with an ephemeral port, under a
/// ServiceGroup so that `stop()` shuts it down gracefully. Tests talk to it over real HTTP.
public struct RunningApp: Sendable {
    public let port: Int
    public let config: ServiceConfig
    let group: ServiceGroup
    let task: Task<Void, any Error>

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `make` builds the app; it must pass the port callback to `onServerRunning` and bind port 0.
    public static func start(config: ServiceConfig,
                             _ make: (@escaping @Sendable (Int) async -> Void) async throws -> FerryApplication) async throws -> RunningApp {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try await make { port in continuation.yield(port); continuation.finish() }
        var logger = Logger(label: "test.servicegroup")
        logger.logLevel = .warning
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }
        var it = ports.makeAsyncIterator()
        guard let port = await it.next(), port > 0 else {
            task.cancel()
            throw TestRequirement.unmet("the service did not start")
        }
        return RunningApp(port: port, config: config, group: group, task: task)
    }

    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    /// A client carrying the API key and the internal token.
    public func client(timeout: Duration = .seconds(30)) -> HTTPClient {
        HTTPClient(baseURL: baseURL, headers: ["X-API-Key": config.apiKey, "X-Ferry-Internal-Token": config.internalToken],
                   timeout: timeout)
    }
}

/// Test configurations: fixed keys, a fresh data directory each time.
public enum TestConfig {
    public static let apiKey = "test-api-key-0123456789"
    public static let internalToken = "test-internal-token-abcdef"

    /// A new directory under this test process's own root, which goes when the process exits (a run used to leave
    /// one empty directory in /tmp per call, thousands over many runs).
    public static func temporaryDirectory(_ tag: String = "test") -> String {
        let path = processRoot + "/ferry-\(tag)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private static let processRoot: String = {
        let root = NSTemporaryDirectory() + "ferry-tests-\(getpid())-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TestConfig.processRoot) }
        return root
    }()

    public static func make(dataDir: String? = nil, extra: [String: String] = [:]) throws -> ServiceConfig {
        var env = [
            "FERRY_DATA_DIR": dataDir ?? temporaryDirectory(),
            "FERRY_API_KEY": apiKey,
            "FERRY_INTERNAL_TOKEN": internalToken,
            "FERRY_SECRET_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            "FERRY_LOG_LEVEL": "warning",
        ]
        env.merge(extra) { _, new in new }
        return try ServiceConfig.fromEnvironment(env)
    }
}

/// Clients with chosen headers, for checking the guards.
public enum FerryHTTPClientFactory {
    public static func plain(_ baseURL: String, apiKey: String? = nil) -> HTTPClient {
        HTTPClient(baseURL: baseURL, headers: apiKey.map { ["X-API-Key": $0] } ?? [:], timeout: .seconds(30))
    }
}
