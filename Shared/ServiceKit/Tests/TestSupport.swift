import FerryHTTPClient
import FerryModels
import FerryServiceKit
import FerryTestKit
import Foundation
import XCTest

/// A real Ferry application on 127.0.0.1, port 0: TestKit's `RunningApp` with this suite's test routes, and a
/// client that carries only the API key (the guards are what these tests check).
struct TestServer {
    let app: RunningApp

    var port: Int { app.port }
    var config: ServiceConfig { app.config }
    var baseURL: String { app.baseURL }

    static func start(
        name: String = "test",
        config: ServiceConfig? = nil,
        openAPI: String = #"{"openapi":"3.0.3","info":{"title":"Test","version":"1"},"paths":{}}"#,
        routes: (FerryRouter) -> Void = TestRoutes.add
    ) async throws -> TestServer {
        let config = try config ?? TestConfig.make()
        let app = try await RunningApp.start(config: config) { onRunning in
            FerryService.makeApplication(name: name, port: 0, config: config, openAPI: openAPI,
                                         onServerRunning: onRunning, routes: routes)
        }
        return TestServer(app: app)
    }

    func stop() async { await app.stop() }

    /// A client with the right API key.
    func client(timeout: Duration = .seconds(10), headers: [String: String]? = nil) -> HTTPClient {
        HTTPClient(baseURL: baseURL, headers: headers ?? ["X-API-Key": config.apiKey], timeout: timeout)
    }
}

/// Thread-safe counter for routes that count their calls.
final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    func next(_ key: String) -> Int { lock.withLock { counts[key, default: 0] += 1; return counts[key]! } }
    func value(_ key: String) -> Int { lock.withLock { counts[key, default: 0] } }
}

struct Tag: Codable, Equatable, Sendable { var sourceTableId: Int64 }
struct NewItem: Codable, Equatable, Sendable {
    var name: String
    var count: Int
    var tags: [Tag]
}
struct Item: Codable, Equatable, Sendable {
    var id: Int64
    var name: String
}
/// Keys deliberately not in alphabetical order.
struct OrderedAnswer: Codable, Equatable, Sendable {
    var zeta: Int
    var alpha: String
    var mike: Bool
    var beta: [Int]
    var optionalMissing: String?
    var yankee: Double
}
struct Peer: Codable, Sendable { var port: Int }

enum TestRoutes {
    static let counter = CallCounter()

    static func add(to router: FerryRouter) {
        router.get("/v1/items/{id}") { _, context in
            let id = try context.requireInt64("id")
            if id == 404 { throw FerryError.notFound("Item \(id)") }
            return JSONResponse(Item(id: id, name: "item-\(id)"))
        }
        router.post("/v1/items") { request, context in
            let item = try await request.decodeJSON(NewItem.self, context: context)
            return JSONResponse(SavedEnvelope(id: Int64(item.count), message: "Item created", description: item.name), status: .created)
        }
        router.get("/v1/list") { request, _ in
            let page = try request.queryInt("page") ?? 1
            return JSONResponse(["page": page])
        }
        router.get("/v1/slow") { _, _ in
            try await Task.sleep(for: .seconds(3))
            return JSONResponse(MessageEnvelope(message: "slept"))
        }
        router.get("/v1/work") { request, _ in
            try await Task.sleep(for: .milliseconds(50))
            return JSONResponse(MessageEnvelope(message: request.uri.query ?? ""))
        }
        router.get("/v1/ordered") { _, _ in
            JSONResponse(OrderedAnswer(zeta: 1, alpha: "a", mike: true, beta: [3, 2, 1], optionalMissing: nil, yankee: 2.5))
        }
        router.get("/v1/peer") { _, context in
            JSONResponse(Peer(port: context.remoteAddress?.port ?? -1))
        }
        router.get("/v1/flaky") { _, _ in
            let n = counter.next("flaky")
            if n <= 2 { throw FerryError.unavailable("try again (\(n))") }
            return JSONResponse(MessageEnvelope(message: "ok after \(n)"))
        }
        router.post("/v1/flaky-post") { _, _ -> Response in
            _ = counter.next("flaky-post")
            throw FerryError.unavailable("always")
        }
        router.get("/v1/database-away") { _, _ -> Response in
            struct Away: RetryableError, CustomStringConvertible {
                var isRetryable: Bool { true }
                var description: String { "server closed the connection unexpectedly" }
            }
            throw Away()
        }
        router.get("/v1/crash") { _, _ -> Response in
            struct SecretBug: Error { let detail = "db password hunter2" }
            throw SecretBug()
        }
        router.get("/v1/request-id") { _, context in
            JSONResponse(MessageEnvelope(message: context.requestID))
        }
        router.get("/internal/ping") { _, _ in
            JSONResponse(MessageEnvelope(message: "pong"))
        }
    }
}

extension XCTestCase {
    /// Asserts `body` throws an `HTTPClientError` and hands it over.
    func assertClientError<T>(
        _ body: () async throws -> T, file: StaticString = #filePath, line: UInt = #line
    ) async -> HTTPClientError? {
        do {
            let value = try await body()
            XCTFail("expected an HTTPClientError, got \(value)", file: file, line: line)
        } catch let error as HTTPClientError {
            return error
        } catch {
            XCTFail("expected an HTTPClientError, got \(error)", file: file, line: line)
        }
        return nil
    }
}
