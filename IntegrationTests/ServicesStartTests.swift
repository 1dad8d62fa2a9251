import FerryHTTPClient
import FerryTestKit
import Foundation
import XCTest

/// Every service executable starts as a real process and answers /health, /metrics and
/// /openapi.json; /v1 routes refuse requests without the API key.
final class ServicesStartTests: XCTestCase {
    func testEveryServiceStartsAndAnswersHealthAndMetrics() async throws {
        let stack = try Stack()
        defer { stack.stopAll() }
        try await stack.start()
        for s in Stack.services {
            let c = stack.client(s)
            let health = try await c.send("GET", "/health")
            XCTAssertEqual(health.status, 200, s)
            XCTAssertTrue(health.text.contains("\"UP\""), "\(s): \(health.text)")
            let metrics = try await c.send("GET", "/metrics")
            XCTAssertEqual(metrics.status, 200, s)
            XCTAssertTrue(metrics.text.contains("# TYPE"), "\(s) metrics: \(metrics.text.prefix(300))")
            let openapi = try await c.send("GET", "/openapi.json")
            XCTAssertEqual(openapi.status, 200, s)
            XCTAssertNotNil(try? JSONSerialization.jsonObject(with: Data(openapi.body)), s)
            let noKey = try await FerryHTTPClientFactory.plain("http://127.0.0.1:\(stack.ports[s]!)").send("GET", "/v1/anything")
            XCTAssertEqual(noKey.status, 401, s)
        }
    }
}
