import Foundation
import HTTPTypes
import Hummingbird
import Metrics

/// One log line per request — method, path, status, milliseconds; never headers, query strings or bodies —
/// and the Prometheus request counter and duration histogram, labelled by route template, method and status.
public struct RequestLoggingMiddleware: RouterMiddleware {
    public typealias Context = FerryRequestContext

    public static let requestsMetric = "ferry_http_requests_total"
    public static let durationMetric = "ferry_http_request_duration_seconds"

    let service: String

    public init(service: String) {
        self.service = service
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: Int(response.status.code), elapsed: ContinuousClock.now - start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError).map { Int($0.status.code) } ?? 500
            record(request, context, status: status, elapsed: ContinuousClock.now - start)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: Int, elapsed: Duration) {
        let route = context.endpointPath ?? "NotFound"
        let method = request.method.rawValue
        let dimensions = [("service", service), ("route", route), ("method", method), ("status", String(status))]
        Counter(label: Self.requestsMetric, dimensions: dimensions).increment()
        Metrics.Timer(label: Self.durationMetric, dimensions: dimensions, preferredDisplayUnit: .seconds)
            .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)

        let milliseconds = elapsed.inSeconds * 1000
        let path = request.uri.path
        // Probes, scrapes and the executors' routine work traffic (a long-polled claim every few seconds per
        // executor, heartbeats) would drown the log at info; they log at debug unless they fail.
        let quiet = path == "/health" || path == "/metrics"
            || (status < 400 && (path == "/internal/work/claim" || (path.hasPrefix("/internal/work/") && path.hasSuffix("/beat"))))
        context.logger.log(
            level: quiet ? .debug : (status == 500 ? .error : status >= 500 ? .warning : .info),
            "\(method) \(path) \(status) \(String(format: "%.1f", milliseconds))ms",
            metadata: ["http.method": .string(method), "http.path": .string(path), "http.status": .stringConvertible(status),
                       "http.ms": .string(String(format: "%.1f", milliseconds))])
    }
}
