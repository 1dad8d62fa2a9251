import Foundation
import FerryModels
import HTTPTypes
import Hummingbird

/// Turns every error thrown below it into an ``ErrorEnvelope`` response:
/// ``FerryError`` as is; Hummingbird's own errors (404 no route, 413 body too large …) with their status;
/// `DecodingError` → 400 naming the field; a ``RetryableError`` (a database out of reach for a moment) → 503;
/// anything else → 500 "Internal server error", with the cause logged.
public struct ErrorEnvelopeMiddleware: RouterMiddleware {
    public typealias Context = FerryRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let ferryError = Self.ferryError(for: error, request: request)
            let detail = "\(request.method) \(request.uri.path) \(ferryError.status.code): \(ferryError.cause ?? ferryError.envelope.message)"
            if ferryError.status == .internalServerError {
                context.logger.error("\(detail)")  // a bug: the cause is logged, the client sees "Internal server error"
            } else if ferryError.status.code >= 500 {
                context.logger.warning("\(detail)")
            } else if ferryError.cause != nil {
                context.logger.debug("\(detail)")
            }
            return try ferryError.response(from: request, context: context)
        }
    }

    static func ferryError(for error: any Error, request: Request) -> FerryError {
        switch error {
        case let error as FerryError:
            return error
        case let error as DecodingError:
            return .from(decodingError: error)
        case let error as HTTPError:
            if error.status == .notFound, error.body == nil {
                return .noRoute(method: request.method.rawValue, path: request.uri.path)
            }
            var ferryError = FerryError(status: error.status, message: error.body ?? defaultMessage(error.status, request))
            if error.status.code >= 500 { ferryError.cause = error.description }
            return ferryError
        case let error as any HTTPResponseError:
            if error.status == .contentTooLarge { return .payloadTooLarge(limit: FerryLimits.maxRequestBodyBytes) }
            return FerryError(status: error.status, message: defaultMessage(error.status, request),
                              cause: error.status.code >= 500 ? String(reflecting: error) : nil)
        case is CancellationError:
            return FerryError(status: .serviceUnavailable, message: "Request cancelled (service shutting down)")
        case let error as any RetryableError where error.isRetryable:
            var unavailable = FerryError.unavailable("The service's database is unavailable for the moment; retry (\(error))")
            unavailable.cause = String(describing: error)
            return unavailable
        default:
            return .internal(error)
        }
    }

    static func defaultMessage(_ status: HTTPResponse.Status, _ request: Request) -> String {
        switch status {
        case .notFound: "No route for \(request.method) \(request.uri.path)"
        case .methodNotAllowed: "Method \(request.method) not allowed on \(request.uri.path)"
        case .contentTooLarge: "Request body is larger than \(FerryLimits.maxRequestBodyBytes) bytes"
        case .internalServerError: "Internal server error"
        default: status.reasonPhrase
        }
    }
}
