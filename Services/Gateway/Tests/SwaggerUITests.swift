import FerryServiceKit
import FerryTestKit
import Foundation
@testable import GatewayService
import XCTest

/// Swagger UI at /swagger-ui/index.html, from the vendored release files.
final class SwaggerUITests: XCTestCase {
    /// The vendor folder `scripts/install-deps.sh` fills; absent → skip, or fail under make test (`TestRequirement`).
    func requireVendorFolder() throws {
        let found = SwaggerUI.defaultCandidates().contains {
            FileManager.default.fileExists(atPath: $0 + "/" + SwaggerUI.marker)
        }
        if found { return }
        throw TestRequirement.unmet(".ferry-vendor/swagger-ui is missing; run scripts/install-deps.sh")
    }

    func testServesTheUIWithContentTypes() async throws {
        try requireVendorFolder()
        let h = try await GatewayHarness.start()
        do {
            let c = h.anonymous()
            let index = try await c.send("GET", "/swagger-ui/index.html")
            XCTAssertEqual(index.status, 200)
            XCTAssertEqual(index.header("Content-Type"), "text/html; charset=utf-8")
            for needle in ["swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-initializer.js", "swagger-ui.css"] {
                XCTAssertTrue(index.text.contains(needle), needle)
            }
            XCTAssertFalse(index.text.contains("http://"), "nothing from a CDN")
            XCTAssertFalse(index.text.contains("https://"), "nothing from a CDN")

            let initializer = try await c.send("GET", "/swagger-ui/swagger-initializer.js")
            XCTAssertEqual(initializer.status, 200)
            XCTAssertEqual(initializer.header("Content-Type"), "application/javascript; charset=utf-8")
            XCTAssertTrue(initializer.text.contains(#"url: "/openapi.json""#), initializer.text)
            XCTAssertTrue(initializer.text.contains("persistAuthorization: true"))
            XCTAssertFalse(initializer.text.contains("petstore"))

            for (file, type, minimum) in [("swagger-ui-bundle.js", "application/javascript; charset=utf-8", 1_000_000),
                                          ("swagger-ui-standalone-preset.js", "application/javascript; charset=utf-8", 100_000),
                                          ("swagger-ui.css", "text/css; charset=utf-8", 100_000),
                                          ("index.css", "text/css; charset=utf-8", 10),
                                          ("favicon-32x32.png", "image/png", 100),
                                          ("swagger-ui.css.map", "application/json; charset=utf-8", 1000)] {
                let r = try await c.send("GET", "/swagger-ui/\(file)")
                XCTAssertEqual(r.status, 200, file)
                XCTAssertEqual(r.header("Content-Type"), type, file)
                XCTAssertGreaterThan(r.body.count, minimum, file)
                XCTAssertEqual(r.header("Content-Length"), String(r.body.count), file)
            }
            let png = try await c.send("GET", "/swagger-ui/favicon-16x16.png")
            XCTAssertEqual(Array(png.body.prefix(4)), [0x89, 0x50, 0x4E, 0x47])

            // Entry points redirect to the page.
            for path in ["/", "/swagger-ui", "/swagger-ui/"] {
                let r = try await c.send("GET", path)
                XCTAssertEqual(r.status, 302, path)
                XCTAssertEqual(r.header("Location"), "/swagger-ui/index.html", path)
            }
            let missing = try await c.send("GET", "/swagger-ui/nope.js")
            XCTAssertEqual(missing.status, 404)
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    func testTraversalIsRejected() async throws {
        try requireVendorFolder()
        let h = try await GatewayHarness.start()
        do {
            let c = h.anonymous()
            for path in ["/swagger-ui/%2e%2e%2fapi-key", "/swagger-ui/..%2F..%2F..%2Fetc%2Fpasswd", "/swagger-ui/%2Fetc%2Fpasswd",
                         "/swagger-ui/index.html%00.png", "/swagger-ui/.hidden", "/swagger-ui/%2e%2e", "/swagger-ui/a%5C..%5Cb"] {
                let r = try await c.send("GET", path)
                XCTAssertEqual(r.status, 400, "\(path): \(r.text)")
                XCTAssertEqual(try r.json()["success"] as? Bool, false, path)
            }
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
        for bad in ["..", "../api-key", "/etc/passwd", "a\u{0}b", ".env", "a/b", "a\\b", "%2e%2e", "", "%00"] {
            XCTAssertNil(SwaggerUI.validatedFileName(bad), bad)
        }
        for good in ["index.html", "swagger-ui-bundle.js", "favicon-16x16.png", "swagger-ui.css.map", "LICENSE"] {
            XCTAssertEqual(SwaggerUI.validatedFileName(good), good)
        }
    }

    func testMissingFolderAnswers503SayingWhatToRun() async throws {
        let h = try await GatewayHarness.start(extra: ["FERRY_SWAGGER_UI_DIR": "/nonexistent/ferry-swagger-ui"])
        do {
            let r = try await h.anonymous().send("GET", "/swagger-ui/index.html")
            XCTAssertEqual(r.status, 503)
            let json = try r.json()
            XCTAssertEqual(json["success"] as? Bool, false)
            let message = try XCTUnwrap(json["message"] as? String)
            XCTAssertTrue(message.contains("make run"), message)
            XCTAssertTrue(message.contains("scripts/install-deps.sh"), message)
            // The API itself still works.
            let api = try await h.client().send("GET", "/v1/datasource")
            XCTAssertEqual(api.status, 200)
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }
}
