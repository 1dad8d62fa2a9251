import FerryHTTPClient
import FerryServiceKit
import FerryTestKit
import Foundation
import XCTest

final class ServiceKitTests: XCTestCase {
    // MARK: Authentication

    func testAPIKeyRequiredOnV1() async throws {
        let server = try await TestServer.start()

        let none = try await server.client(headers: [:]).send("GET", "/v1/items/1")
        XCTAssertEqual(none.status, 401)
        XCTAssertEqual(none.errorEnvelope?.message, "Missing or invalid X-API-Key")
        XCTAssertEqual(none.header("Content-Type"), "application/json; charset=utf-8")

        let wrong = try await server.client(headers: ["X-API-Key": TestConfig.apiKey + "x"]).send("GET", "/v1/items/1")
        XCTAssertEqual(wrong.status, 401)
        XCTAssertEqual(wrong.errorEnvelope?.message, "Missing or invalid X-API-Key")

        let right = try await server.client().send("GET", "/v1/items/1")
        XCTAssertEqual(right.status, 200)

        // the router ignores empty path segments; the guard must too
        let sneaky = try await server.client(headers: [:]).send("GET", "//v1/items/1")
        XCTAssertEqual(sneaky.status, 401)
        // an unknown /v1 route without key is 401, not 404 (no route discovery without a key)
        let unknown = try await server.client(headers: [:]).send("GET", "/v1/nothing-here")
        XCTAssertEqual(unknown.status, 401)
        // system routes are open
        let health = try await server.client(headers: [:]).send("GET", "/health")
        XCTAssertEqual(health.status, 200)
        await server.stop()
    }

    func testInternalTokenRequiredOnInternal() async throws {
        let server = try await TestServer.start()
        let none = try await server.client().send("GET", "/internal/ping")  // API key alone is not enough
        XCTAssertEqual(none.status, 401)
        XCTAssertEqual(none.errorEnvelope?.message, "Missing or invalid X-Ferry-Internal-Token")

        let wrong = try await server.client(headers: ["X-Ferry-Internal-Token": "nope"]).send("GET", "/internal/ping")
        XCTAssertEqual(wrong.status, 401)

        let right = try await server.client(headers: ["X-Ferry-Internal-Token": TestConfig.internalToken]).send("GET", "/internal/ping")
        XCTAssertEqual(right.status, 200)
        XCTAssertEqual(try right.decode(MessageEnvelope.self).message, "pong")

        // the configuration's client carries both secrets
        var config = server.config
        config.urls[.catalog] = server.baseURL
        let viaConfig: MessageEnvelope = try await config.client(for: .catalog).get("/internal/ping")
        XCTAssertEqual(viaConfig.message, "pong")
        await server.stop()
    }

    func testConstantTimeEquals() {
        XCTAssertTrue(constantTimeEquals("abc", "abc"))
        XCTAssertFalse(constantTimeEquals("abc", "abd"))
        XCTAssertFalse(constantTimeEquals("abc", "ab"))
        XCTAssertFalse(constantTimeEquals("", "a"))
        XCTAssertTrue(constantTimeEquals("", ""))
        XCTAssertFalse(constantTimeEquals([UInt8](repeating: 0, count: 256), [UInt8](repeating: 0, count: 0)))
    }

    // MARK: Request decoding

    private func postItem(_ server: TestServer, _ body: String) async throws -> (Int, ErrorEnvelope?) {
        let response = try await server.client().send("POST", "/v1/items", body: Array(body.utf8))
        return (response.status, response.errorEnvelope)
    }

    func testBadJSONBodyIs400WithFieldBody() async throws {
        let server = try await TestServer.start()
        let (status, envelope) = try await postItem(server, #"{"name": "a", "count": "#)
        XCTAssertEqual(status, 400)
        XCTAssertEqual(envelope?.errors, [FieldError(field: "body", message: "request body is not valid JSON")])

        let (emptyStatus, empty) = try await postItem(server, "")
        XCTAssertEqual(emptyStatus, 400)
        XCTAssertEqual(empty?.errors, [FieldError(field: "body", message: "request body is required")])

        let (arrayStatus, array) = try await postItem(server, "[]")
        XCTAssertEqual(arrayStatus, 400)
        XCTAssertEqual(array?.errors.first?.field, "body")
        XCTAssertEqual(array?.errors.first?.message, "expected an object")
        await server.stop()
    }

    func testWrongTypeNamesTheFieldPath() async throws {
        let server = try await TestServer.start()
        let (status, envelope) = try await postItem(server, #"{"name": "a", "count": "x", "tags": []}"#)
        XCTAssertEqual(status, 400)
        XCTAssertEqual(envelope?.errors, [FieldError(field: "count", message: "expected an integer")])
        XCTAssertEqual(envelope?.message, "count: expected an integer")

        let (nestedStatus, nested) = try await postItem(
            server, #"{"name": "a", "count": 1, "tags": [{"sourceTableId": 1}, {"sourceTableId": "seven"}]}"#)
        XCTAssertEqual(nestedStatus, 400)
        XCTAssertEqual(nested?.errors, [FieldError(field: "tags[1].sourceTableId", message: "expected an integer")])

        let (stringStatus, string) = try await postItem(server, #"{"name": 5, "count": 1, "tags": []}"#)
        XCTAssertEqual(stringStatus, 400)
        XCTAssertEqual(string?.errors, [FieldError(field: "name", message: "expected a string")])

        // valid JSON, but 1.5 is not an integer: not reported as broken JSON
        let (fractionStatus, fraction) = try await postItem(server, #"{"name": "a", "count": 1.5, "tags": []}"#)
        XCTAssertEqual(fractionStatus, 400)
        XCTAssertEqual(fraction?.errors.first?.field, "body")
        XCTAssertNotEqual(fraction?.errors.first?.message, "request body is not valid JSON")
        await server.stop()
    }

    func testMissingAndNullFieldsAreNamed() async throws {
        let server = try await TestServer.start()
        let (status, envelope) = try await postItem(server, #"{"count": 1, "tags": []}"#)
        XCTAssertEqual(status, 400)
        XCTAssertEqual(envelope?.errors, [FieldError(field: "name", message: "is required")])

        let (nestedStatus, nested) = try await postItem(server, #"{"name": "a", "count": 1, "tags": [{}]}"#)
        XCTAssertEqual(nestedStatus, 400)
        XCTAssertEqual(nested?.errors, [FieldError(field: "tags[0].sourceTableId", message: "is required")])

        let (nullStatus, null) = try await postItem(server, #"{"name": null, "count": 1, "tags": []}"#)
        XCTAssertEqual(nullStatus, 400)
        XCTAssertEqual(null?.errors, [FieldError(field: "name", message: "must not be null")])
        await server.stop()
    }

    func testBodyOverOneMiBIs413() async throws {
        let server = try await TestServer.start()
        let big = #"{"name": ""# + String(repeating: "x", count: 1_100_000) + #"", "count": 1, "tags": []}"#
        let (status, envelope) = try await postItem(server, big)
        XCTAssertEqual(status, 413)
        XCTAssertEqual(envelope?.success, false)
        XCTAssertTrue(envelope?.message.contains("larger than") ?? false)
        await server.stop()
    }

    func testNonNumericPathAndQueryIdsAre400() async throws {
        let server = try await TestServer.start()
        let client = server.client()
        let path = try await client.send("GET", "/v1/items/abc")
        XCTAssertEqual(path.status, 400)
        XCTAssertEqual(path.errorEnvelope?.errors, [FieldError(field: "id", message: "must be an integer")])

        let query = try await client.send("GET", "/v1/list?page=two")
        XCTAssertEqual(query.status, 400)
        XCTAssertEqual(query.errorEnvelope?.errors, [FieldError(field: "page", message: "must be an integer")])

        let good = try await client.send("GET", "/v1/list?page=3")
        XCTAssertEqual(good.text, #"{"page":3}"#)
        await server.stop()
    }

    func testUnexpectedErrorIs500WithoutLeakingTheCause() async throws {
        let server = try await TestServer.start()
        let response = try await server.client().send("GET", "/v1/crash")
        XCTAssertEqual(response.status, 500)
        XCTAssertEqual(response.errorEnvelope?.message, "Internal server error")
        XCTAssertFalse(response.text.contains("hunter2"))
        await server.stop()
    }

    func testADatabaseOutOfReachIs503NeverA500() async throws {
        let server = try await TestServer.start()
        let response = try await server.client().send("GET", "/v1/database-away")
        XCTAssertEqual(response.status, 503)
        XCTAssertTrue(response.errorEnvelope?.message.hasPrefix("The service's database is unavailable for the moment; retry") ?? false,
                      response.text)
        await server.stop()
    }

    // MARK: Responses

    func testJSONResponseKeepsDeclarationOrder() async throws {
        let server = try await TestServer.start()
        let expected = #"{"zeta":1,"alpha":"a","mike":true,"beta":[3,2,1],"yankee":2.5}"#
        for _ in 0..<5 {
            let response = try await server.client().send("GET", "/v1/ordered")
            XCTAssertEqual(response.text, expected)
        }
        await server.stop()
    }

    func testRequestIDIsEchoedOrGenerated() async throws {
        let server = try await TestServer.start()
        let given = try await server.client().send("GET", "/v1/request-id", headers: ["X-Request-Id": "abc-123"])
        XCTAssertEqual(given.header("x-request-id"), "abc-123")
        XCTAssertEqual(try given.decode(MessageEnvelope.self).message, "abc-123")

        let generated = try await server.client().send("GET", "/v1/request-id")
        let id = try XCTUnwrap(generated.header("X-Request-Id"))
        XCTAssertEqual(id.count, 36)
        XCTAssertEqual(try generated.decode(MessageEnvelope.self).message, id)

        let hostile = try await server.client().send("GET", "/v1/request-id", headers: ["X-Request-Id": "a b\"<script>"])
        XCTAssertNotEqual(hostile.header("X-Request-Id"), "a b\"<script>")
        await server.stop()
    }

    // MARK: System routes

    func testHealthMetricsAndOpenAPI() async throws {
        let openAPI = #"{"openapi":"3.0.3","info":{"title":"Catalog","version":"9"},"paths":{"/v1/x":{}}}"#
        let server = try await TestServer.start(name: "catalog", openAPI: openAPI)
        let client = server.client(headers: [:])

        let health = try await client.send("GET", "/health")
        XCTAssertEqual(health.status, 200)
        XCTAssertEqual(health.text, #"{"status":"UP","service":"catalog","version":"\#(FerryService.version)"}"#)

        let spec = try await client.send("GET", "/openapi.json")
        XCTAssertEqual(spec.status, 200)
        XCTAssertEqual(spec.text, openAPI)
        XCTAssertTrue(spec.header("content-type")?.hasPrefix("application/json") ?? false)

        _ = try await server.client().send("GET", "/v1/items/7")
        _ = try await server.client().send("GET", "/v1/items/404")
        let metrics = try await client.send("GET", "/metrics")
        XCTAssertEqual(metrics.status, 200)
        XCTAssertTrue(metrics.header("content-type")?.hasPrefix("text/plain") ?? false)
        let lines = metrics.text.split(separator: "\n")
        let counted = lines.filter {
            $0.hasPrefix("ferry_http_requests_total{") && $0.contains(#"service="catalog""#)
                && $0.contains(#"route="/v1/items/{id}""#)
        }
        XCTAssertTrue(counted.contains { $0.contains(#"status="200""#) && $0.hasSuffix(" 1") }, metrics.text)
        XCTAssertTrue(counted.contains { $0.contains(#"status="404""#) }, metrics.text)
        XCTAssertTrue(lines.contains { $0.hasPrefix("ferry_http_request_duration_seconds_bucket{") }, metrics.text)
        await server.stop()
    }
}
