import FerryServiceKit

/// `GET /openapi.json`: the merged document (``OpenAPIMerger``), rebuilt from the services' own
/// `/openapi.json` at most every few seconds. A service that is down is left out, with a note in
/// `info.description`; such a partial document is kept only briefly, so it heals as soon as the service is back.
struct OpenAPIController: Sendable {
    let cache: OpenAPIDocumentCache

    func addRoutes(to group: FerryRouterGroup) {
        group.get("openapi.json") { _, _ in
            var response = Response.json(await cache.document())
            response.headers[.cacheControl] = "no-cache"
            return response
        }
    }
}

actor OpenAPIDocumentCache {
    let upstreams: Upstreams
    let ttl: Duration
    let partialTTL: Duration
    private var cached: (bytes: [UInt8], at: ContinuousClock.Instant, complete: Bool)?
    private var inFlight: Task<(bytes: [UInt8], complete: Bool), Never>?

    init(upstreams: Upstreams, ttl: Duration = .seconds(5), partialTTL: Duration = .seconds(1)) {
        self.upstreams = upstreams
        self.ttl = ttl
        self.partialTTL = partialTTL
    }

    func document() async -> [UInt8] {
        if let cached, cached.at.duration(to: .now) < (cached.complete ? ttl : partialTTL) {
            return cached.bytes
        }
        if let inFlight { return await inFlight.value.bytes }
        let upstreams = self.upstreams
        let task = Task { await Self.build(upstreams) }
        inFlight = task
        let built = await task.value
        cached = (built.bytes, .now, built.complete)
        inFlight = nil
        return built.bytes
    }

    static func build(_ upstreams: Upstreams) async -> (bytes: [UInt8], complete: Bool) {
        let sources = await withTaskGroup(of: OpenAPIMerger.Source.self) { group in
            for upstream in Upstream.allCases {
                group.addTask { await fetch(upstream, client: upstreams.client(upstream)) }
            }
            var found: [Upstream: OpenAPIMerger.Source] = [:]
            for await source in group { found[source.upstream] = source }
            return Upstream.allCases.compactMap { found[$0] }
        }
        let merged = OpenAPIMerger.merge(sources)
        return (merged.serialized(), sources.allSatisfy { $0.document != nil })
    }

    static func fetch(_ upstream: Upstream, client: HTTPClient) async -> OpenAPIMerger.Source {
        do {
            let response = try await client.send("GET", "/openapi.json", headers: ["Accept": "application/json"], timeout: .seconds(3))
            guard response.status == 200 else {
                return .init(upstream: upstream, document: nil, problem: "its /openapi.json answered HTTP \(response.status)")
            }
            let document = try JSONDocument.parse(response.body)
            guard document["paths"]?.objectMembers != nil else {
                return .init(upstream: upstream, document: nil, problem: "its /openapi.json has no paths")
            }
            return .init(upstream: upstream, document: document, problem: nil)
        } catch let error as HTTPClientError {
            if case .transport(_, let message, _) = error {
                return .init(upstream: upstream, document: nil, problem: "service unavailable (\(message))")
            }
            return .init(upstream: upstream, document: nil, problem: "\(error)")
        } catch {
            return .init(upstream: upstream, document: nil, problem: "its /openapi.json is not valid JSON (\(error))")
        }
    }
}
