import Foundation
import HTTPTypes
import Hummingbird

/// Takes the caller's `X-Request-Id` (when it is a sane token) or makes one, echoes it on the response,
/// and puts it into the request's logger metadata as `request_id`.
public struct RequestIDMiddleware: RouterMiddleware {
    public typealias Context = FerryRequestContext

    public static let headerName = HTTPField.Name("X-Request-Id")!

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = request.headers[Self.headerName].flatMap(Self.sanitize) ?? Self.generate()
        var context = context
        context.requestID = id
        context.logger[metadataKey: "request_id"] = .string(id)
        var response = try await next(request, context)
        response.headers[Self.headerName] = id
        return response
    }

    /// Accepts 1…128 characters of `[A-Za-z0-9._:-]`; anything else is replaced (it goes into logs).
    static func sanitize(_ value: String) -> String? {
        guard (1...128).contains(value.utf8.count),
            value.utf8.allSatisfy({ byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
            })
        else { return nil }
        return value
    }

    static func generate() -> String {
        UUID().uuidString.lowercased()
    }
}
