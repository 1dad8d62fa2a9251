import FerryServiceKit

/// One HTTP client per upstream service (libcurl; idle handles keep their connections, so calls reuse them).
///
/// The clients carry no credentials of their own: the caller's `X-API-Key` is forwarded, and the internal
/// token is never sent from the public side.
public struct Upstreams: Sendable {
    public let clients: [Upstream: HTTPClient]

    public init(config: ServiceConfig, timeout: Duration = .seconds(120)) {
        var clients: [Upstream: HTTPClient] = [:]
        for upstream in Upstream.allCases {
            // No retries at the gateway: the caller sees exactly what the service answered (a 503 stays a
            // 503), and a POST is never sent twice. libcurl itself re-sends on a reused connection the
            // service had already closed.
            clients[upstream] = HTTPClient(
                baseURL: config.url(upstream.service), headers: [:], timeout: timeout,
                connectTimeout: .seconds(3), maxAttempts: 1)
        }
        self.clients = clients
    }

    public func client(_ upstream: Upstream) -> HTTPClient { clients[upstream]! }

    public func baseURL(_ upstream: Upstream) -> String { client(upstream).baseURL }
}
