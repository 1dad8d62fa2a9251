import FerryServiceKit
import Foundation
import HTTPTypes

/// Forwards `/v1/…` and `/dashboard…` to the service the ``RouteTable`` names: method, path and query
/// string, body, end-to-end headers (the caller's `X-API-Key` included) and `X-Request-Id` go up; status,
/// headers and body come back. Hop-by-hop headers are dropped both ways.
///
/// The API key itself was already checked by ServiceKit's middleware (every `/v1` route); bodies are
/// limited to ``FerryLimits/maxRequestBodyBytes`` like every service's.
struct ProxyController: Sendable {
    let upstreams: Upstreams

    static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete, .head, .options]

    func addRoutes(to group: FerryRouterGroup) {
        for path in ["v1/**", "dashboard", "dashboard/**"] {
            for method in Self.methods {
                group.on(RouterPath(path), method: method) { request, context in
                    try await forward(request, context: context)
                }
            }
        }
    }

    /// Request headers never forwarded: hop-by-hop (RFC 9110 §7.6.1), the ones libcurl writes itself,
    /// and the internal service token (the public side never speaks for a service).
    static let droppedRequestHeaders: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "trailers", "transfer-encoding", "upgrade", "host", "content-length", "expect",
        "x-request-id", "x-ferry-internal-token",
    ]

    /// Response headers not copied back: hop-by-hop, `content-length` (the gateway frames the body itself)
    /// and `x-request-id` (the gateway's middleware sets it).
    static let droppedResponseHeaders: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "trailers", "transfer-encoding", "upgrade", "content-length", "x-request-id",
    ]

    func forward(_ request: Request, context: FerryRequestContext) async throws -> Response {
        let path = request.uri.path
        let method = request.method.rawValue
        try Self.checkPath(path)
        guard let upstream = RouteTable.upstream(method: method, path: path) else {
            throw FerryError.noRoute(method: method, path: path)
        }

        let bodyBuffer = try await request.body.collect(upTo: context.maxUploadSize)
        var body: [UInt8]? = bodyBuffer.readableBytes > 0 ? Array(buffer: bodyBuffer) : nil
        if body == nil, ["POST", "PUT", "PATCH"].contains(method) { body = [] }

        var target = path
        if let query = request.uri.query, !query.isEmpty { target += "?" + query }

        let response: HTTPClientResponse
        do {
            response = try await upstreams.client(upstream).send(
                method, target, body: body, headers: Self.forwardedHeaders(request, context: context))
        } catch let error as HTTPClientError {
            throw Self.unavailable(upstream, error)
        }
        guard response.status >= 100, response.status <= 599 else {
            throw FerryError(status: .badGateway, message: "\(upstream.rawValue) service answered an invalid HTTP status (\(response.status))")
        }

        var headers = HTTPFields()
        var hopByHop = Self.droppedResponseHeaders
        for field in response.headers where field.name.lowercased() == "connection" {
            for token in field.value.split(separator: ",") { hopByHop.insert(token.trimmingCharacters(in: .whitespaces).lowercased()) }
        }
        for field in response.headers where !hopByHop.contains(field.name.lowercased()) {
            guard let name = HTTPField.Name(field.name) else { continue }
            headers.append(HTTPField(name: name, value: field.value))
        }
        let status = HTTPResponse.Status(code: response.status)
        if method == "HEAD" {
            // No body; keep the length the service announced.
            if let length = response.header("Content-Length") { headers[.contentLength] = length }
            return Response(status: status, headers: headers, body: .init())
        }
        headers[.contentLength] = String(response.body.count)
        var buffer = ByteBufferAllocator().buffer(capacity: response.body.count)
        buffer.writeBytes(response.body)
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }

    /// The caller's end-to-end headers (repeated ones joined with ", "), plus `X-Request-Id` and `X-Forwarded-*`.
    static func forwardedHeaders(_ request: Request, context: FerryRequestContext) -> [String: String] {
        var dropped = droppedRequestHeaders
        for value in request.headers[values: .connection] {
            for token in value.split(separator: ",") { dropped.insert(token.trimmingCharacters(in: .whitespaces).lowercased()) }
        }
        var headers: [String: String] = [:]
        var names: [String: String] = [:]  // lowercased → first spelling
        for field in request.headers {
            let lower = field.name.canonicalName
            guard !dropped.contains(lower) else { continue }
            if let spelling = names[lower] {
                headers[spelling] = headers[spelling]! + ", " + field.value
            } else {
                names[lower] = field.name.rawName
                headers[field.name.rawName] = field.value
            }
        }
        // HTTPClient adds `Accept: application/json` unless the caller said otherwise; a proxy should not.
        if names["accept"] == nil { headers["Accept"] = "*/*" }
        headers["X-Request-Id"] = context.requestID
        if let address = context.remoteAddress?.ipAddress {
            let previous = names["x-forwarded-for"].flatMap { headers[$0] }
            if let spelling = names["x-forwarded-for"] { headers.removeValue(forKey: spelling) }
            headers["X-Forwarded-For"] = previous.map { "\($0), \(address)" } ?? address
        }
        if names["x-forwarded-proto"] == nil { headers["X-Forwarded-Proto"] = "http" }
        if names["x-forwarded-host"] == nil, let host = request.head.authority {
            headers["X-Forwarded-Host"] = host
        }
        return headers
    }

    /// Dot segments (raw or percent-encoded) and control characters never reach a service: libcurl would
    /// resolve `/v1/datasource/../../internal` to a path the route table did not choose.
    static func checkPath(_ path: String) throws {
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            // Foundation's decoding only where there is something to decode (it runs on every proxied request).
            let decoded = segment.utf8.contains(UInt8(ascii: "%")) ? Substring(segment.removingPercentEncoding ?? String(segment)) : segment
            if decoded == "." || decoded == ".." || decoded.contains("/") || decoded.contains("\\") {
                throw FerryError.badRequest("Path segments '.', '..' and encoded slashes are not allowed")
            }
        }
        if path.utf8.contains(where: { $0 < 0x21 || $0 == 0x7F }) {
            throw FerryError.badRequest("Path contains control characters or spaces")
        }
    }

    /// 502 naming the service (504 when it did not answer in time).
    static func unavailable(_ upstream: Upstream, _ error: HTTPClientError) -> FerryError {
        switch error {
        case .transport(let code, let message, _) where code == HTTPClientError.timeoutCode:
            return FerryError(status: .gatewayTimeout, message: "\(upstream.rawValue) service did not answer in time: \(message)",
                              cause: error.description)
        case .transport(_, let message, _):
            return FerryError(status: .badGateway, message: "\(upstream.rawValue) service unavailable: \(message)",
                              cause: error.description)
        default:
            return FerryError(status: .badGateway, message: "\(upstream.rawValue) service unavailable: \(error)",
                              cause: error.description)
        }
    }
}
