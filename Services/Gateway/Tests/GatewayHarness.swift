import FerryServiceKit
import FerryTestKit
import Foundation
import HTTPTypes
@testable import GatewayService
import XCTest

/// What a stand-in upstream saw: the request as it arrived after the gateway.
struct EchoedRequest: Codable, Sendable {
    var service: String
    var method: String
    var path: String
    var query: String
    var body: String
    var headers: [String: String]
}

/// Small stand-in services (catalog, orchestrator, reporting) that echo every request they get, with the
/// gateway running in-process in front of them. Upstreams can be left out (their URL then points at a
/// port nobody listens on).
struct GatewayHarness: Sendable {
    let gateway: RunningApp
    let upstreams: [String: RunningApp]

    static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete, .head, .options]

    static func start(running: Set<Upstream> = Set(Upstream.allCases), openAPI: [Upstream: String] = [:],
                      extra: [String: String] = [:]) async throws -> GatewayHarness {
        var started: [String: RunningApp] = [:]
        var env = extra
        for upstream in Upstream.allCases {
            let name = upstream.rawValue
            if running.contains(upstream) {
                let app = try await startStandIn(name, openAPI: openAPI[upstream] ?? StandInDocs.minimal(name))
                started[name] = app
                env["FERRY_\(name.uppercased())_URL"] = app.baseURL
            } else {
                env["FERRY_\(name.uppercased())_URL"] = "http://127.0.0.1:\(try closedPort())"
            }
        }
        let config = try TestConfig.make(extra: env)
        let gateway = try await RunningApp.start(config: config) { onRunning in
            try GatewayApp.make(config: config, port: 0, onServerRunning: onRunning)
        }
        return GatewayHarness(gateway: gateway, upstreams: started)
    }

    func stop() async {
        await gateway.stop()
        for app in upstreams.values { await app.stop() }
    }

    /// A client of the gateway with the API key.
    func client() -> HTTPClient { gateway.client() }

    /// A client of the gateway without any key.
    func anonymous() -> HTTPClient { FerryHTTPClientFactory.plain(gateway.baseURL) }

    static func startStandIn(_ name: String, openAPI: String) async throws -> RunningApp {
        let config = try TestConfig.make()
        return try await RunningApp.start(config: config) { onRunning in
            FerryService.makeApplication(name: name, port: 0, config: config, openAPI: openAPI, onServerRunning: onRunning) { router in
                for path in ["/v1/**", "/dashboard", "/dashboard/**", "/internal/**"] {
                    for method in methods {
                        router.on(RouterPath(path), method: method) { request, context in
                            try await echo(name, request, context)
                        }
                    }
                }
            }
        }
    }

    /// Echoes the request as JSON. `X-Test-Status` picks the status, `X-Test-Content-Type` answers that
    /// content type with a plain body instead; every answer carries `X-Upstream: <name>` and two cookies.
    static func echo(_ name: String, _ request: Request, _ context: FerryRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        var headers: [String: String] = [:]
        for field in request.headers {
            let key = field.name.canonicalName
            headers[key] = headers[key].map { $0 + ", " + field.value } ?? field.value
        }
        let status = request.headers[HTTPField.Name("X-Test-Status")!].flatMap(Int.init) ?? 200
        var response: Response
        if let contentType = request.headers[HTTPField.Name("X-Test-Content-Type")!] {
            response = Response(status: .init(code: status), headers: [.contentType: contentType],
                                body: .init(byteBuffer: ByteBuffer(string: "<h1>\(name)</h1>")))
        } else {
            let echoed = EchoedRequest(
                service: name, method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                body: String(buffer: body), headers: headers)
            response = try JSONResponse(echoed, status: .init(code: status)).response(from: request, context: context)
        }
        response.headers.append(HTTPField(name: HTTPField.Name("X-Upstream")!, value: name))
        response.headers.append(HTTPField(name: .setCookie, value: "a=1; Path=/"))
        response.headers.append(HTTPField(name: .setCookie, value: "b=2; Path=/"))
        return response
    }

    /// A loopback port nothing listens on.
    static func closedPort() throws -> Int { try LoopbackPort.free() }
}

extension HTTPClientResponse {
    func echoed(file: StaticString = #filePath, line: UInt = #line) throws -> EchoedRequest {
        do {
            return try decode(EchoedRequest.self)
        } catch {
            XCTFail("not an echo (HTTP \(status)): \(text)", file: file, line: line)
            throw error
        }
    }

    func json(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            XCTFail("not a JSON object: \(text)", file: file, line: line)
            throw HTTPClientError.decoding("not an object")
        }
        return object
    }
}

/// OpenAPI documents of the stand-ins.
enum StandInDocs {
    static func minimal(_ name: String) -> String {
        #"{"openapi":"3.0.3","info":{"title":"\#(name)","version":"0.1.0"},"paths":{}}"#
    }

    static let catalog = #"""
    {"openapi": "3.0.3", "info": {"title": "Ferry catalog", "version": "0.1.0"},
     "servers": [{"url": "http://127.0.0.1:8081"}],
     "tags": [{"name": "Datasource", "description": "RF01"}, {"name": "Tables"}, {"name": "Bundles"}, {"name": "MappingSets"}],
     "paths": {
      "/v1/datasource": {"post": {"tags": ["Datasource"], "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Saved"}}}}, "400": {"$ref": "#/components/responses/Error"}}},
                         "get": {"tags": ["Datasource"], "responses": {"200": {"description": "OK"}}}},
      "/v1/datasource/{uid}": {"get": {"tags": ["Datasource"], "responses": {"200": {"description": "OK"}}}},
      "/v1/data/tables": {"post": {"tags": ["Tables"], "responses": {"201": {"description": "Created"}}}},
      "/v1/data/bundles": {"post": {"tags": ["Bundles"], "responses": {"201": {"description": "Created"}}}},
      "/v1/mappingSets": {"post": {"tags": ["MappingSets"], "responses": {"201": {"description": "Created"}}}},
      "/internal/datasource/{uid}/credentials": {"get": {"tags": ["Internal"], "responses": {"200": {"description": "OK"}}}}
     },
     "components": {
      "securitySchemes": {"ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-API-Key"}},
      "responses": {"Error": {"description": "Error envelope", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
      "schemas": {
       "Error": {"type": "object", "properties": {"success": {"type": "boolean"}, "message": {"type": "string"}}},
       "Saved": {"type": "object", "properties": {"uid": {"type": "integer", "format": "int64"}, "price": {"type": "number", "example": 12.50}}}
      }
     }
    }
    """#

    /// Reuses `Saved` unchanged and defines `Error` differently (→ renamed `OrchestratorError`).
    static let orchestrator = #"""
    {"openapi": "3.0.3", "info": {"title": "Ferry orchestrator", "version": "0.1.0"},
     "tags": [{"name": "Flows"}, {"name": "Batch", "description": "Extract-and-load batch jobs"}],
     "paths": {
      "/v1/flows": {"post": {"tags": ["Flows"], "responses": {"201": {"description": "Created"}}}},
      "/v1/batch/job": {"post": {"tags": ["Batch"], "summary": "RF05", "responses": {"201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Saved"}}}}, "409": {"description": "Conflict", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
      "/v1/batch/job/{id}/restart": {"post": {"tags": ["Batch"], "responses": {"201": {"description": "Created"}}}},
      "/internal/work/claim": {"post": {"tags": ["Internal"], "responses": {"200": {"description": "OK"}}}}
     },
     "components": {
      "schemas": {
       "Saved": {"type": "object", "properties": {"uid": {"type": "integer", "format": "int64"}, "price": {"type": "number", "example": 12.5}}},
       "Error": {"type": "object", "properties": {"success": {"type": "boolean"}, "message": {"type": "string"}, "errors": {"type": "array", "items": {"type": "object"}}}}
      }
     }
    }
    """#

    static let reporting = #"""
    {"openapi": "3.0.3", "info": {"title": "Ferry reporting", "version": "0.1.0"},
     "tags": [{"name": "Manifests"}, {"name": "Reports"}, {"name": "Batch"}],
     "paths": {
      "/v1/manifests/{batchCode}/{run}/{rerun}": {"get": {"tags": ["Manifests"], "responses": {"200": {"description": "OK"}}}},
      "/v1/batch-job-report/{jobId}": {"get": {"tags": ["Reports"], "responses": {"200": {"description": "OK"}}}},
      "/v1/batch/job/{jobExecutionId}": {"get": {"tags": ["Batch"], "summary": "RF06", "responses": {"200": {"description": "OK"}}}},
      "/v1/data/bundles/{uid}/get-latest-integration": {"get": {"tags": ["Bundles"], "responses": {"200": {"description": "OK"}}}},
      "/dashboard": {"get": {"tags": ["Dashboard"], "responses": {"200": {"description": "HTML"}}}}
     }
    }
    """#
}
