import HTTPTypes
import Hummingbird

/// The one guard for Ferry's two shared secrets: every path under a guarded first segment needs its header
/// equal to the configured secret (constant-time compare), else 401 "Missing or invalid <header>".
/// `/v1/…` (the public API) takes `X-API-Key`; `/internal/…` (service to service: credentials, the work
/// queue) takes `X-Ferry-Internal-Token`. The guard looks at the path, not at the matched route, so an
/// unknown `/v1` path without the key is a 401, not a 404 that reveals what exists.
public struct SharedSecretMiddleware: RouterMiddleware {
    public typealias Context = FerryRequestContext

    /// One guarded first path segment.
    public struct Guard: Sendable {
        public var segment: String
        public var header: HTTPField.Name
        public var secret: String
        public init(segment: String, header: HTTPField.Name, secret: String) {
            self.segment = segment; self.header = header; self.secret = secret
        }
    }

    public static let apiKeyHeader = HTTPField.Name("X-API-Key")!
    public static let internalTokenHeader = HTTPField.Name("X-Ferry-Internal-Token")!

    let guards: [Guard]

    public init(guards: [Guard]) { self.guards = guards }

    /// `/v1` behind the API key, `/internal` behind the internal token.
    public init(apiKey: String, internalToken: String) {
        self.init(guards: [Guard(segment: "v1", header: Self.apiKeyHeader, secret: apiKey),
                           Guard(segment: "internal", header: Self.internalTokenHeader, secret: internalToken)])
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let segment = firstPathSegment(request.uri.path)
        if let g = guards.first(where: { $0.segment == segment }) {
            // An empty configured secret opens nothing.
            guard let given = request.headers[g.header], !g.secret.isEmpty, constantTimeEquals(given, g.secret) else {
                throw FerryError.unauthorized("Missing or invalid \(g.header.rawName)")
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
