import Foundation
import Hummingbird

/// Every error a Ferry service answers: an HTTP status and the ``ErrorEnvelope``
/// `{"success": false, "message": "...", "errors": [{"field": "...", "message": "..."}]}`.
///
/// Throw it from a handler; ``ErrorEnvelopeMiddleware`` (or Hummingbird itself) turns it into the response.
public struct FerryError: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var envelope: ErrorEnvelope
    /// What really went wrong, for the log only — never sent to the client.
    public var cause: String?

    public init(status: HTTPResponse.Status, message: String, errors: [FieldError] = [], code: ErrorCode? = nil,
                cause: String? = nil) {
        self.status = status
        self.envelope = ErrorEnvelope(message: message, errors: errors, code: code)
        self.cause = cause
    }

    /// 400 — `field` (when given) is repeated in `errors` with the same message.
    public static func badRequest(_ message: String, field: String? = nil) -> FerryError {
        FerryError(status: .badRequest, message: message, errors: field.map { [FieldError(field: $0, message: message)] } ?? [])
    }

    /// 400 for one bad field: message `"<field>: <problem>"`, errors `[{field, problem}]`.
    /// Used for body decoding errors and path/query parameters.
    public static func invalidField(_ field: String, _ problem: String) -> FerryError {
        let message = field == "body" ? problem.prefix(1).uppercased() + problem.dropFirst() : "\(field): \(problem)"
        return FerryError(status: .badRequest, message: message, errors: [FieldError(field: field, message: problem)])
    }

    /// 400 "Validation failed" with every field problem.
    public static func validation(_ errors: [FieldError]) -> FerryError {
        FerryError(status: .badRequest, message: "Validation failed", errors: errors)
    }

    /// 401.
    public static var unauthorized: FerryError { unauthorized("Unauthorized") }

    /// 401 with a message, e.g. "Missing or invalid X-API-Key".
    public static func unauthorized(_ message: String) -> FerryError {
        FerryError(status: .unauthorized, message: message)
    }

    /// 404 "`what` not found", e.g. `.notFound("Datasource 21")`.
    public static func notFound(_ what: String) -> FerryError {
        FerryError(status: .notFound, message: "\(what) not found")
    }

    /// 404 "No route for GET /v1/x" with code NO_ROUTE: the service has no such route at all.
    public static func noRoute(method: String, path: String) -> FerryError {
        FerryError(status: .notFound, message: "No route for \(method) \(path)", code: .noRoute)
    }

    /// 409, e.g. delete of something in use, launch of a bundle already running.
    public static func conflict(_ message: String) -> FerryError {
        FerryError(status: .conflict, message: message)
    }

    /// 413.
    public static func payloadTooLarge(limit: Int) -> FerryError {
        FerryError(status: .contentTooLarge, message: "Request body is larger than \(limit) bytes")
    }

    /// 422 — well-formed but unusable (e.g. a table with no primary key and no custom SQL).
    public static func unprocessable(_ message: String, field: String? = nil) -> FerryError {
        FerryError(status: .unprocessableContent, message: message, errors: field.map { [FieldError(field: $0, message: message)] } ?? [])
    }

    /// 502 — another service failed or answered nonsense. `detail` is shown to the client.
    public static func badGateway(service: String, detail: String) -> FerryError {
        FerryError(status: .badGateway, message: "\(service) service error: \(detail)", cause: detail)
    }

    /// 502 from a failed call to another service, keeping its message when it answered an envelope.
    public static func badGateway(service: String, error: any Error) -> FerryError {
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .status(let status, let envelope, _):
                return badGateway(service: service, detail: envelope.map { "HTTP \(status): \($0.message)" } ?? "HTTP \(status)")
            case .transport(_, let message, _):
                return badGateway(service: service, detail: message)
            case .decoding(let message):
                return badGateway(service: service, detail: "unexpected answer (\(message))")
            }
        }
        return badGateway(service: service, detail: "\(error)")
    }

    /// 503.
    public static func unavailable(_ message: String) -> FerryError {
        FerryError(status: .serviceUnavailable, message: message)
    }

    /// 500 — a real bug. The client sees "Internal server error"; `cause` is logged.
    public static func `internal`(_ cause: String) -> FerryError {
        FerryError(status: .internalServerError, message: "Internal server error", cause: cause)
    }

    /// 500 from an unexpected error.
    public static func `internal`(_ error: any Error) -> FerryError {
        .internal(String(reflecting: error))
    }

    public var description: String {
        var text = "FerryError(\(status.code) \(envelope.message)"
        if !envelope.errors.isEmpty { text += " " + envelope.errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ") }
        if let cause { text += " cause: \(cause)" }
        return text + ")"
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONResponse(envelope, status: status).response(from: request, context: context)
        if status == .unauthorized, response.headers[.wwwAuthenticate] == nil {
            response.headers[.wwwAuthenticate] = "ApiKey"
        }
        return response
    }
}
