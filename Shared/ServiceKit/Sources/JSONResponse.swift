import Foundation
import Hummingbird

/// Any `Encodable` as a JSON response, keys in `encode(to:)` order (see ``OrderedJSONEncoder``).
///
/// ```swift
/// router.post("/v1/datasource") { request, context in
///     JSONResponse(SavedEnvelope(id: 21, message: "Datasource created", description: "CO_APP"), status: .created)
/// }
/// ```
public struct JSONResponse<Value: Encodable>: ResponseGenerator {
    public var value: Value
    public var status: HTTPResponse.Status
    public var headers: HTTPFields

    public init(_ value: Value, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) {
        self.value = value
        self.status = status
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = Response.json(try OrderedJSONEncoder().encode(value), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}

extension Response {
    /// A response with these JSON bytes and `content-type: application/json; charset=utf-8`.
    public static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(bytes.count)],
            body: .init(byteBuffer: buffer))
    }

    /// A JSON response from any `Encodable`, keys in declaration order.
    public static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        .json(try OrderedJSONEncoder().encode(value), status: status)
    }
}

/// The response encoder of ``FerryRequestContext``: handlers that return a `ResponseEncodable` value
/// get ordered JSON too.
public struct FerryResponseEncoder: ResponseEncoder, Sendable {
    public init() {}

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        .json(try OrderedJSONEncoder().encode(value))
    }
}
