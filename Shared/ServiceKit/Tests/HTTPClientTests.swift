import FerryHTTPClient
import FerryServiceKit
import Foundation
import XCTest

final class HTTPClientTests: XCTestCase {
    func testGetAndPostJSONRoundTrip() async throws {
        let server = try await TestServer.start()
        let client = server.client()

        let item: Item = try await client.get("/v1/items/42")
        XCTAssertEqual(item, Item(id: 42, name: "item-42"))

        let saved: SavedEnvelope = try await client.post(
            "/v1/items", NewItem(name: "CO_APP", count: 21, tags: [Tag(sourceTableId: 7)]))
        XCTAssertEqual(saved.id, 21)
        XCTAssertEqual(saved.uid, 21)
        XCTAssertTrue(saved.success)
        XCTAssertEqual(saved.description, "CO_APP")

        let raw = try await client.send("POST", "/v1/items", body: Array(#"{"name":"x","count":3,"tags":[]}"#.utf8))
        XCTAssertEqual(raw.status, 201)
        XCTAssertEqual(raw.header("content-type"), "application/json; charset=utf-8")
        XCTAssertEqual(raw.text, #"{"uid":3,"success":true,"id":3,"message":"Item created","description":"x"}"#)
        await server.stop()
    }

    func testNotFoundIsTypedStatusErrorWithEnvelope() async throws {
        let server = try await TestServer.start()
        let client = server.client()

        let error = await assertClientError { try await client.get("/v1/items/404", as: Item.self) }
        guard case .status(let status, let envelope, _)? = error else { return XCTFail("not a status error: \(String(describing: error))") }
        XCTAssertEqual(status, 404)
        XCTAssertEqual(envelope?.message, "Item 404 not found")
        XCTAssertEqual(envelope?.success, false)

        let noRoute = await assertClientError { try await client.get("/v1/no-such-route", as: Item.self) }
        XCTAssertEqual(noRoute?.statusCode, 404)
        XCTAssertEqual(noRoute?.envelope?.message, "No route for GET /v1/no-such-route")
        XCTAssertEqual(noRoute?.envelope?.code, .noRoute)
        XCTAssertNil(envelope?.code, "a resource's 404 carries no code")

        // send() answers any status without throwing
        let raw = try await client.send("GET", "/v1/items/404")
        XCTAssertEqual(raw.status, 404)
        XCTAssertEqual(raw.errorEnvelope?.message, "Item 404 not found")
        await server.stop()
    }

    func testConnectionRefusedIsTransportErrorAfterRetries() async throws {
        let client = HTTPClient(baseURL: "http://127.0.0.1:1", timeout: .seconds(5))
        let error = await assertClientError { try await client.get("/health", as: HealthStatus.self) }
        guard case .transport(let code, let message, let url)? = error else { return XCTFail("not transport: \(String(describing: error))") }
        XCTAssertEqual(code, HTTPClientError.connectFailedCode)
        XCTAssertFalse(message.isEmpty)
        XCTAssertEqual(url, "http://127.0.0.1:1/health")
        // POST is never retried (retries are counted server-side in testIdempotentRetryOn503ButNotForPost;
        // tests never assert on wall time).
        let postError = await assertClientError { try await client.send("POST", "/x", body: []) }
        XCTAssertEqual(postError.flatMap { if case .transport(let code, _, _) = $0 { code } else { nil } }, 7)
    }

    func testTimeoutIsTransportError28() async throws {
        let server = try await TestServer.start()
        let client = server.client(timeout: .seconds(1))
        let error = await assertClientError { try await client.get("/v1/slow", as: MessageEnvelope.self) }
        XCTAssertEqual(error?.isTimeout, true, "\(String(describing: error))")

        // a per-call override wins over the client's default
        let longer = try await client.send("GET", "/v1/slow", timeout: .seconds(6))
        XCTAssertEqual(longer.status, 200)
        await server.stop()
    }

    func testCancellationAbortsTransfer() async throws {
        let server = try await TestServer.start()
        let client = server.client(timeout: .seconds(20))
        let task = Task { try await client.send("GET", "/v1/slow") }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        do {
            _ = try await task.value
            XCTFail("expected cancellation")
        } catch is CancellationError {
        } catch {
            XCTFail("expected CancellationError, got \(error)")
        }
        await server.stop()
    }

    func testFortyConcurrentRequestsAllSucceed() async throws {
        let server = try await TestServer.start()
        let client = server.client(timeout: .seconds(10))
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<40 {
                group.addTask {
                    let answer: MessageEnvelope = try await client.get("/v1/work?n=\(i)")
                    return answer.message
                }
            }
            var all: [String] = []
            for try await answer in group { all.append(answer) }
            return all
        }
        XCTAssertEqual(answers.count, 40)
        XCTAssertEqual(Set(answers), Set((0..<40).map { "n=\($0)" }))
        await server.stop()
    }

    func testSequentialCallsReuseTheConnection() async throws {
        let server = try await TestServer.start()
        let client = server.client()
        let first: Peer = try await client.get("/v1/peer")
        let second: Peer = try await client.get("/v1/peer")
        let third: Peer = try await client.get("/v1/peer")
        XCTAssertGreaterThan(first.port, 0)
        XCTAssertEqual(first.port, second.port, "second call should reuse the TCP connection")
        XCTAssertEqual(second.port, third.port)
        await server.stop()
    }

    func testIdempotentRetryOn503ButNotForPost() async throws {
        let server = try await TestServer.start()
        let client = server.client()
        let before = TestRoutes.counter.value("flaky")
        let answer: MessageEnvelope = try await client.get("/v1/flaky")
        XCTAssertEqual(answer.message, "ok after \(before + 3)")
        XCTAssertEqual(TestRoutes.counter.value("flaky") - before, 3)

        let postBefore = TestRoutes.counter.value("flaky-post")
        let response = try await client.send("POST", "/v1/flaky-post", body: Array("{}".utf8))
        XCTAssertEqual(response.status, 503)
        XCTAssertEqual(TestRoutes.counter.value("flaky-post") - postBefore, 1)
        await server.stop()
    }

    func testDecodingErrorNamesTheField() async throws {
        let server = try await TestServer.start()
        let client = server.client()
        let error = await assertClientError { try await client.get("/v1/items/5", as: NewItem.self) }
        guard case .decoding(let message)? = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertTrue(message.contains("count"), message)
        await server.stop()
    }

    func testUrlJoining() {
        let client = HTTPClient(baseURL: "http://h:1/")
        XCTAssertEqual(client.baseURL, "http://h:1")
        let c2 = client.with(headers: ["X-Request-Id": "r1"])
        XCTAssertEqual(c2.defaultHeaders["X-Request-Id"], "r1")
    }
}
