import FerryServiceKit
import FerryTestKit
import Foundation
@testable import GatewayService
import XCTest

/// The gateway in front of stand-in services: routing, passthrough, request ids, errors.
final class ProxyTests: XCTestCase {
    func testRequestsReachTheServiceTheTableNames() async throws {
        let h = try await GatewayHarness.start()
        do {
            let c = h.client()
            let cases: [(String, String, String)] = [
                ("POST", "/v1/datasource", "catalog"),
                ("GET", "/v1/datasource/21", "catalog"),
                ("POST", "/v1/data/tables", "catalog"),
                ("GET", "/v1/data/bundles/41", "catalog"),
                ("GET", "/v1/data/bundles/41/get-latest-integration", "reporting"),
                ("POST", "/v1/mappingSets", "catalog"),
                ("POST", "/v1/batch/job", "orchestrator"),
                ("POST", "/v1/batch/job/29/restart", "orchestrator"),
                ("POST", "/v1/batch/job/29/stop", "orchestrator"),
                ("PATCH", "/v1/flows/3", "orchestrator"),
                ("GET", "/v1/batch/job/29", "reporting"),
                ("GET", "/v1/batch/job/29/skips", "reporting"),
                ("GET", "/v1/batch/jobs", "reporting"),
                ("GET", "/v1/batch-job-report/29", "reporting"),
                ("GET", "/v1/manifests/B/1/0/verify", "reporting"),
            ]
            for (method, path, service) in cases {
                let r = try await c.send(method, path, body: method == "GET" ? nil : Array("{}".utf8))
                XCTAssertEqual(r.status, 200, "\(method) \(path): \(r.text)")
                let echo = try r.echoed()
                XCTAssertEqual(echo.service, service, "\(method) \(path)")
                XCTAssertEqual(echo.method, method, "\(method) \(path)")
                XCTAssertEqual(echo.path, path)
                XCTAssertEqual(r.header("X-Upstream"), service)
            }

            // The dashboard is HTML, no key needed.
            let dashboard = try await h.anonymous().send("GET", "/dashboard", headers: ["X-Test-Content-Type": "text/html; charset=utf-8"])
            XCTAssertEqual(dashboard.status, 200)
            XCTAssertEqual(dashboard.header("Content-Type"), "text/html; charset=utf-8")
            XCTAssertEqual(dashboard.text, "<h1>reporting</h1>")

            // Unknown /v1 paths: the gateway's own 404 envelope.
            for (method, path) in [("GET", "/v1/nothing/here"), ("GET", "/v1/batch/job"), ("DELETE", "/v1/batch/job/3")] {
                let r = try await c.send(method, path)
                XCTAssertEqual(r.status, 404, "\(method) \(path)")
                XCTAssertNil(r.header("X-Upstream"))
                let json = try r.json()
                XCTAssertEqual(json["success"] as? Bool, false)
                XCTAssertEqual(json["message"] as? String, "No route for \(method) \(path)")
                XCTAssertEqual((json["errors"] as? [Any])?.count, 0)
            }
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    func testMethodPathQueryBodyStatusAndHeadersPassThrough() async throws {
        let h = try await GatewayHarness.start()
        do {
            let body = #"{"databaseName":"CO_APP","note":"ünïcødé"}"#
            let r = try await h.client().send(
                "PUT", "/v1/datasource/21?force=true&name=a%20b&x=1&x=2", body: Array(body.utf8),
                headers: ["Content-Type": "application/json; charset=utf-8", "X-Test-Status": "202", "X-Custom": "kept",
                          "Connection": "keep-alive, X-Drop-Me", "X-Drop-Me": "hop", "X-Ferry-Internal-Token": "forged",
                          "Accept": "application/json"])
            XCTAssertEqual(r.status, 202, r.text)
            let echo = try r.echoed()
            XCTAssertEqual(echo.service, "catalog")
            XCTAssertEqual(echo.method, "PUT")
            XCTAssertEqual(echo.path, "/v1/datasource/21")
            XCTAssertEqual(echo.query, "force=true&name=a%20b&x=1&x=2")
            XCTAssertEqual(echo.body, body)
            XCTAssertEqual(echo.headers["content-type"], "application/json; charset=utf-8")
            XCTAssertEqual(echo.headers["x-custom"], "kept")
            XCTAssertEqual(echo.headers["x-api-key"], TestConfig.apiKey)
            XCTAssertEqual(echo.headers["content-length"], String(body.utf8.count))
            XCTAssertNil(echo.headers["x-drop-me"], "named in Connection: hop-by-hop")
            XCTAssertNil(echo.headers["x-ferry-internal-token"], "the internal token never comes from outside")
            XCTAssertEqual(echo.headers["x-forwarded-for"], "127.0.0.1")
            XCTAssertNotNil(echo.headers["x-forwarded-host"])
            // Response headers: content type, the service's own headers, both cookies; body byte for byte.
            XCTAssertEqual(r.header("Content-Type"), "application/json; charset=utf-8")
            XCTAssertEqual(r.header("X-Upstream"), "catalog")
            XCTAssertEqual(r.headers.filter { $0.name.lowercased() == "set-cookie" }.map(\.value), ["a=1; Path=/", "b=2; Path=/"])
            XCTAssertEqual(r.header("Content-Length"), String(r.body.count))
            XCTAssertNil(r.header("Transfer-Encoding"))

            // Error answers of a service come back as they are.
            let conflict = try await h.client().send("POST", "/v1/batch/job", body: Array(#"{"dataBundleId":41}"#.utf8),
                                                    headers: ["X-Test-Status": "409"])
            XCTAssertEqual(conflict.status, 409)
            XCTAssertEqual(try conflict.echoed().body, #"{"dataBundleId":41}"#)

            // An empty POST still is a POST with no body.
            let empty = try await h.client().send("POST", "/v1/batch/job/9/stop")
            XCTAssertEqual(empty.status, 200)
            XCTAssertEqual(try empty.echoed().body, "")

            // HEAD: status and headers, no body.
            let head = try await h.client().send("HEAD", "/v1/batch/job/9")
            XCTAssertEqual(head.status, 200)
            XCTAssertEqual(head.header("X-Upstream"), "reporting")
            XCTAssertTrue(head.body.isEmpty)
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    func testRequestIdIsPropagated() async throws {
        let h = try await GatewayHarness.start()
        do {
            let given = try await h.client().send("GET", "/v1/batch/job/29", headers: ["X-Request-Id": "seed-000-step-33"])
            XCTAssertEqual(given.header("X-Request-Id"), "seed-000-step-33")
            XCTAssertEqual(try given.echoed().headers["x-request-id"], "seed-000-step-33")
            XCTAssertEqual(given.headers.filter { $0.name.lowercased() == "x-request-id" }.count, 1)

            // None given: the gateway makes one, and the service sees the same.
            let made = try await h.client().send("GET", "/v1/datasource")
            let id = try XCTUnwrap(made.header("X-Request-Id"))
            XCTAssertFalse(id.isEmpty)
            XCTAssertEqual(try made.echoed().headers["x-request-id"], id)
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    func testWithoutTheKeyIs401AtTheGateway() async throws {
        let h = try await GatewayHarness.start()
        do {
            for (method, path) in [("GET", "/v1/datasource"), ("POST", "/v1/batch/job"), ("GET", "/v1/batch/job/1"), ("GET", "/v1/nothing")] {
                let r = try await h.anonymous().send(method, path, body: method == "POST" ? Array("{}".utf8) : nil)
                XCTAssertEqual(r.status, 401, "\(method) \(path)")
                XCTAssertNil(r.header("X-Upstream"), "never forwarded")
                let json = try r.json()
                XCTAssertEqual(json["success"] as? Bool, false)
                XCTAssertEqual(json["message"] as? String, "Missing or invalid X-API-Key")
            }
            let wrong = try await FerryHTTPClientFactory.plain(h.gateway.baseURL, apiKey: "wrong").send("GET", "/v1/datasource")
            XCTAssertEqual(wrong.status, 401)
            // Health needs no key.
            let health = try await h.anonymous().send("GET", "/health")
            XCTAssertEqual(health.status, 200)
            XCTAssertTrue(health.text.contains(#""service":"gateway""#), health.text)
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    func testServiceDownIs502NamingIt() async throws {
        let h = try await GatewayHarness.start(running: [.catalog])
        do {
            for (method, path, service) in [("GET", "/v1/batch/job/29", "reporting"), ("POST", "/v1/batch/job", "orchestrator"),
                                            ("GET", "/v1/data/bundles/4/get-latest-integration", "reporting")] {
                let r = try await h.client().send(method, path, body: method == "POST" ? Array("{}".utf8) : nil)
                XCTAssertEqual(r.status, 502, "\(method) \(path): \(r.text)")
                let json = try r.json()
                XCTAssertEqual(json["success"] as? Bool, false)
                let message = try XCTUnwrap(json["message"] as? String)
                XCTAssertTrue(message.hasPrefix("\(service) service unavailable: "), message)
                XCTAssertEqual((json["errors"] as? [Any])?.count, 0)
                XCTAssertNotNil(r.header("X-Request-Id"))
            }
            // The one that runs still answers.
            let ok = try await h.client().send("GET", "/v1/datasource")
            XCTAssertEqual(ok.status, 200)
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    func testBodyLimitAndDotSegments() async throws {
        let h = try await GatewayHarness.start()
        do {
            let big = [UInt8](repeating: UInt8(ascii: "a"), count: FerryLimits.maxRequestBodyBytes + 1)
            let tooBig = try await h.client().send("POST", "/v1/datasource", body: big)
            XCTAssertEqual(tooBig.status, 413, tooBig.text)
            XCTAssertEqual(try tooBig.json()["success"] as? Bool, false)

            let fits = [UInt8](repeating: UInt8(ascii: "a"), count: FerryLimits.maxRequestBodyBytes)
            let ok = try await h.client().send("POST", "/v1/datasource", body: fits)
            XCTAssertEqual(ok.status, 200)
            XCTAssertEqual(try ok.echoed().body.utf8.count, fits.count)

            for path in ["/v1/datasource/%2e%2e/%2e%2e/internal/datasource/1/credentials", "/v1/datasource/1%2F..%2F..%2Finternal",
                         "/v1/data/tables/%2E"] {
                let r = try await h.client().send("GET", path)
                XCTAssertEqual(r.status, 400, "\(path): \(r.text)")
                XCTAssertNil(r.header("X-Upstream"))
            }
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }
}
