import HTTPTypes
import Hummingbird

/// Every `/v1/…` route needs `X-API-Key` equal to the configured key (constant-time compare), else
/// 401 "Missing or invalid X-API-Key".
public struct APIKeyMiddleware: RouterMiddleware {
    public typealias Context = FerryRequestContext

    public static let headerName = HTTPField.Name("X-API-Key")!

    let apiKey: String

    public init(apiKey: String) {
        self.apiKey = apiKey
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if firstPathSegment(request.uri.path) == "v1" {
            guard let given = request.headers[Self.headerName], !apiKey.isEmpty, constantTimeEquals(given, apiKey) else {
                throw FerryError.unauthorized("Missing or invalid X-API-Key")
            }
        }
        return try await next(request, context)
    }
}

/// First non-empty segment of a path, lowercased ("//V1/x" → "v1": the router ignores empty segments,
/// so the guard must too).
func firstPathSegment(_ path: String) -> String {
    path.split(separator: "/", omittingEmptySubsequences: true).first.map { $0.lowercased() } ?? ""
}
