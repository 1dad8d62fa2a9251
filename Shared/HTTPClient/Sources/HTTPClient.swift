import FerryModels
import Foundation

/// Service-to-service HTTP over libcurl.
///
/// ```swift
/// let catalog = HTTPClient(baseURL: "http://127.0.0.1:8081", headers: ["X-API-Key": key])
/// let saved: SavedEnvelope = try await catalog.post("/v1/datasource", body)
/// let raw = try await catalog.send("GET", "/health")          // any status, throws only transport errors
/// ```
///
/// Idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) are tried up to `maxAttempts` times (backoff
/// 100 ms, 400 ms) on connect failures, resets and 502/503/504. POST and PATCH are never retried.
public final class HTTPClient: Sendable {
    public let baseURL: String
    public let defaultHeaders: [String: String]
    public let timeout: Duration
    public let connectTimeout: Duration
    public let maxAttempts: Int

    public init(
        baseURL: String,
        headers: [String: String] = [:],
        timeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(5),
        maxAttempts: Int = 3
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.defaultHeaders = headers
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxAttempts = max(1, maxAttempts)
    }

    /// A copy with more default headers (e.g. `X-Request-Id` of the request being served).
    public func with(headers extra: [String: String]) -> HTTPClient {
        HTTPClient(
            baseURL: baseURL, headers: defaultHeaders.merging(extra) { _, new in new },
            timeout: timeout, connectTimeout: connectTimeout, maxAttempts: maxAttempts)
    }

    // MARK: Raw

    /// Sends one request and answers whatever status comes back. Throws only ``HTTPClientError/transport(code:message:url:)``
    /// (and `CancellationError` when the task is cancelled mid-transfer).
    /// `path` is appended to `baseURL` (it may carry a query string); an absolute `http(s)://` URL is used as is.
    public func send(
        _ method: String,
        _ path: String,
        body: [UInt8]? = nil,
        headers: [String: String] = [:],
        timeout: Duration? = nil
    ) async throws -> HTTPClientResponse {
        let method = method.uppercased()
        let request = CurlRequest(
            method: method,
            url: url(for: path),
            headerLines: headerLines(extra: headers, hasBody: body != nil),
            body: body,
            timeoutMilliseconds: Self.milliseconds(timeout ?? self.timeout),
            connectTimeoutMilliseconds: Self.milliseconds(connectTimeout)
        )
        let idempotent = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].contains(method)
        let policy = idempotent ? RetryPolicy(maxAttempts: maxAttempts, delays: Self.backoff) : .never
        return try await policy.run(retryWhen: { outcome in
            switch outcome {
            case .success(let response): return [502, 503, 504].contains(response.status)
            case .failure(let error): return (error as? HTTPClientError)?.isRetryableTransport == true
            }
        }) { _ in try await Self.execute(request) }
    }

    /// Pauses between tries of an idempotent request.
    static let backoff: [Duration] = [.milliseconds(100), .milliseconds(400)]

    /// Like ``send(_:_:body:headers:timeout:)`` but throws ``HTTPClientError/status(_:envelope:body:)`` for non-2xx.
    public func sendChecked(
        _ method: String,
        _ path: String,
        body: [UInt8]? = nil,
        headers: [String: String] = [:],
        timeout: Duration? = nil
    ) async throws -> HTTPClientResponse {
        let response = try await send(method, path, body: body, headers: headers, timeout: timeout)
        guard response.isSuccess else {
            throw HTTPClientError.status(response.status, envelope: response.errorEnvelope, body: response.body)
        }
        return response
    }

    // MARK: JSON helpers (throw `.status` for non-2xx, `.decoding` for an unexpected body)

    public func get<T: Decodable>(_ path: String, as type: T.Type = T.self, headers: [String: String] = [:]) async throws -> T {
        try await sendChecked("GET", path, headers: headers).decode(T.self)
    }

    public func post<B: Encodable, T: Decodable>(_ path: String, _ body: B, as type: T.Type = T.self, headers: [String: String] = [:]) async throws -> T {
        try await sendChecked("POST", path, body: Self.encode(body), headers: headers).decode(T.self)
    }

    public func put<B: Encodable, T: Decodable>(_ path: String, _ body: B, as type: T.Type = T.self, headers: [String: String] = [:]) async throws -> T {
        try await sendChecked("PUT", path, body: Self.encode(body), headers: headers).decode(T.self)
    }

    public func patch<B: Encodable, T: Decodable>(_ path: String, _ body: B, as type: T.Type = T.self, headers: [String: String] = [:]) async throws -> T {
        try await sendChecked("PATCH", path, body: Self.encode(body), headers: headers).decode(T.self)
    }

    public func delete<T: Decodable>(_ path: String, as type: T.Type = T.self, headers: [String: String] = [:]) async throws -> T {
        try await sendChecked("DELETE", path, headers: headers).decode(T.self)
    }

    /// POST whose answer body is not needed (checks the status only).
    public func postNoContent<B: Encodable>(_ path: String, _ body: B, headers: [String: String] = [:]) async throws {
        _ = try await sendChecked("POST", path, body: Self.encode(body), headers: headers)
    }


    // MARK: Internals

    static func encode<B: Encodable>(_ body: B) throws -> [UInt8] {
        try OrderedJSONEncoder().encode(body)
    }

    private static func execute(_ request: CurlRequest) async throws -> HTTPClientResponse {
        try Task.checkCancellation()
        let flag = CurlCancelFlag()
        return try await withTaskCancellationHandler {
            try await CurlRuntime.pool.runIfActive {
                try CurlTransfer.perform(request, cancel: flag)
            }
        } onCancel: {
            flag.cancel()
        }
    }

    func url(for path: String) -> String {
        if path.hasPrefix("http://") || path.hasPrefix("https://") { return path }
        if path.isEmpty { return baseURL }
        return path.hasPrefix("/") ? baseURL + path : baseURL + "/" + path
    }

    private func headerLines(extra: [String: String], hasBody: Bool) -> [String] {
        var merged: [String: (name: String, value: String)] = [:]
        func put(_ name: String, _ value: String) { merged[name.lowercased()] = (name, value) }
        put("Accept", "application/json")
        if hasBody { put("Content-Type", "application/json") }
        for (name, value) in defaultHeaders { put(name, value) }
        for (name, value) in extra { put(name, value) }
        return merged.values
            .sorted { $0.name.lowercased() < $1.name.lowercased() }
            .map { header in
                // Header injection guard: no CR/LF inside a value.
                let value = header.value.filter { $0 != "\r" && $0 != "\n" }
                return value.isEmpty ? "\(header.name);" : "\(header.name): \(value)"
            }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int(clamping: max(1, ms))
    }
}
