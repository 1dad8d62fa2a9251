import FerryServiceKit
import FerryTestKit
import Foundation
@testable import GatewayService
import XCTest

/// `/openapi.json` at the gateway: the services' documents merged.
final class MergedOpenAPITests: XCTestCase {
    static let docs: [Upstream: String] = [
        .catalog: StandInDocs.catalog, .orchestrator: StandInDocs.orchestrator, .reporting: StandInDocs.reporting,
    ]

    func testMergedDocumentHasEveryServicePathTagsInSeedOrderAndTheKey() async throws {
        let h = try await GatewayHarness.start(openAPI: Self.docs)
        do {
            // No key needed (Swagger UI loads it before Authorize).
            let r = try await h.anonymous().send("GET", "/openapi.json")
            XCTAssertEqual(r.status, 200)
            XCTAssertEqual(r.header("Content-Type"), "application/json; charset=utf-8")
            let doc = try r.json()
            XCTAssertEqual(doc["openapi"] as? String, "3.0.3")

            let tags = (doc["tags"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            XCTAssertEqual(tags, ["Datasource", "Tables", "Bundles", "Batch", "MappingSets", "Flows", "Reports", "Manifests", "Dashboard"])
            XCTAssertEqual((doc["tags"] as? [[String: Any]])?.first?["description"] as? String, "RF01")

            // Paths in document order: grouped by tag in the order above (raw text, since JSONSerialization forgets order).
            let text = r.text
            let order = ["\"/v1/datasource\"", "\"/v1/data/tables\"", "\"/v1/data/bundles\"", "\"/v1/batch/job\"",
                         "\"/v1/mappingSets\"", "\"/v1/flows\"", "\"/v1/batch-job-report/{jobId}\"", "\"/v1/manifests/"]
            let positions = order.map { text.range(of: $0)?.lowerBound }
            XCTAssertFalse(positions.contains(nil), "\(positions)")
            XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted())

            let paths = try XCTUnwrap(doc["paths"] as? [String: Any])
            for path in ["/v1/datasource", "/v1/datasource/{uid}", "/v1/data/tables", "/v1/data/bundles", "/v1/mappingSets",
                         "/v1/flows", "/v1/batch/job", "/v1/batch/job/{id}/restart", "/v1/batch/job/{jobExecutionId}",
                         "/v1/batch-job-report/{jobId}", "/v1/manifests/{batchCode}/{run}/{rerun}",
                         "/v1/data/bundles/{uid}/get-latest-integration", "/dashboard"] {
                XCTAssertNotNil(paths[path], path)
            }
            XCTAssertEqual(Set((paths["/v1/datasource"] as? [String: Any])?.keys ?? [:].keys), ["post", "get"])
            // Service-internal routes are never public.
            XCTAssertNil(paths["/internal/datasource/{uid}/credentials"])
            XCTAssertNil(paths["/internal/work/claim"])

            // Try it out goes through the gateway, with the key.
            XCTAssertEqual((doc["servers"] as? [[String: Any]])?.first?["url"] as? String, "/")
            XCTAssertEqual(doc["security"] as? [[String: [String]]], [["ApiKeyAuth": []]])
            let components = try XCTUnwrap(doc["components"] as? [String: Any])
            let scheme = try XCTUnwrap((components["securitySchemes"] as? [String: Any])?["ApiKeyAuth"] as? [String: Any])
            XCTAssertEqual(scheme["type"] as? String, "apiKey")
            XCTAssertEqual(scheme["in"] as? String, "header")
            XCTAssertEqual(scheme["name"] as? String, "X-API-Key")

            // Components: identical `Saved` kept once (12.50 == 12.5), clashing `Error` prefixed with refs rewritten.
            let schemas = try XCTUnwrap(components["schemas"] as? [String: Any])
            XCTAssertEqual(Set(schemas.keys), ["Error", "Saved", "OrchestratorError"])
            XCTAssertNotNil(components["responses"])
            let launch = try XCTUnwrap((paths["/v1/batch/job"] as? [String: Any])?["post"] as? [String: Any])
            let conflict = try XCTUnwrap((launch["responses"] as? [String: Any])?["409"] as? [String: Any])
            XCTAssertTrue("\(conflict)".contains("#/components/schemas/OrchestratorError"), "\(conflict)")
            XCTAssertTrue(text.contains(##""$ref":"#/components/schemas/Saved""##))
            XCTAssertFalse((doc["info"] as? [String: Any])?["description"] as? String ?? "" == "")
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    func testAServiceThatIsDownIsLeftOutWithANote() async throws {
        let h = try await GatewayHarness.start(running: [.catalog, .orchestrator], openAPI: Self.docs)
        do {
            let doc = try await h.anonymous().send("GET", "/openapi.json").json()
            let paths = try XCTUnwrap(doc["paths"] as? [String: Any])
            XCTAssertNotNil(paths["/v1/datasource"])
            XCTAssertNotNil(paths["/v1/batch/job"])
            XCTAssertNil(paths["/v1/batch/job/{jobExecutionId}"])
            XCTAssertNil(paths["/v1/batch-job-report/{jobId}"])
            let description = try XCTUnwrap((doc["info"] as? [String: Any])?["description"] as? String)
            XCTAssertTrue(description.contains("Not included right now"), description)
            XCTAssertTrue(description.contains("reporting"), description)
            XCTAssertFalse(description.contains("catalog —"), description)
            let tags = (doc["tags"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            XCTAssertEqual(tags, ["Datasource", "Tables", "Bundles", "Batch", "MappingSets", "Flows"])
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    func testJSONDocumentKeepsOrderAndRoundTrips() throws {
        let text = #"{"z":1,"a":[true,false,null,-1.5e3,"\u00e9\ud83d\ude00\n\"/"],"m":{"b":{},"a":[]}}"#
        let doc = try JSONDocument.parse(Array(text.utf8))
        XCTAssertEqual(doc.objectMembers?.map(\.0), ["z", "a", "m"])
        let out = String(decoding: doc.serialized(), as: UTF8.self)
        XCTAssertEqual(out, #"{"z":1,"a":[true,false,null,-1.5e3,"é😀\n\"/"],"m":{"b":{},"a":[]}}"#)
        XCTAssertEqual(try JSONDocument.parse(doc.serialized()), doc)
        XCTAssertThrowsError(try JSONDocument.parse(Array(#"{"a":1,}"#.utf8)))
        XCTAssertThrowsError(try JSONDocument.parse(Array(#"{"a":1} x"#.utf8)))
        XCTAssertEqual(try JSONDocument.parse(Array(#"{"a":1,"b":2}"#.utf8)), try JSONDocument.parse(Array(#"{"b":2,"a":1.0}"#.utf8)))
    }
}
