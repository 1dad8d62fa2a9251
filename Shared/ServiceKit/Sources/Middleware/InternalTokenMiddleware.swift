import HTTPTypes
import Hummingbird

/// Every `/internal/…` route (service-to-service: credentials, work queue …) needs `X-Ferry-Internal-Token`
/// equal to the configured token (constant-time compare), else 401.
public struct InternalTokenMiddleware: RouterMiddleware {
    public typealias Context = FerryRequestContext

    public static let headerName = HTTPField.Name("X-Ferry-Internal-Token")!

    let token: String

    public init(token: String) {
        self.token = token
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if firstPathSegment(request.uri.path) == "internal" {
            guard let given = request.headers[Self.headerName], !token.isEmpty, constantTimeEquals(given, token) else {
                throw FerryError.unauthorized("Missing or invalid X-Ferry-Internal-Token")
            }
        }
        return try await next(request, context)
    }
}
