import FerryModels

/// What can go wrong talking to another service.
public enum HTTPClientError: Error, Sendable, CustomStringConvertible {
    /// No HTTP answer at all: connection refused or reset, DNS failure, timeout (curl code 28) …
    /// `code` is libcurl's `CURLcode`.
    case transport(code: Int, message: String, url: String)
    /// A non-2xx answer (only from the typed helpers; ``HTTPClient/send(_:_:body:headers:timeout:)`` returns
    /// every status). `envelope` is the parsed ``ErrorEnvelope`` when the body is one.
    case status(Int, envelope: ErrorEnvelope?, body: [UInt8])
    /// A 2xx answer whose body is not the expected JSON.
    case decoding(String)

    /// libcurl's code for an operation timeout.
    public static let timeoutCode = 28
    /// libcurl's code for a refused / failed connect.
    public static let connectFailedCode = 7

    public var description: String {
        switch self {
        case .transport(let code, let message, let url):
            return "HTTP transport error calling \(url): \(message) (curl code \(code))"
        case .status(let status, let envelope, let body):
            if let envelope {
                let fields = envelope.errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
                return "HTTP \(status): \(envelope.message)\(fields.isEmpty ? "" : " [\(fields)]")"
            }
            let text = String(decoding: body.prefix(300), as: UTF8.self)
            return "HTTP \(status)\(text.isEmpty ? "" : ": \(text)")"
        case .decoding(let message):
            return "Unexpected response body: \(message)"
        }
    }

    /// The HTTP status of a `.status` error, else nil.
    public var statusCode: Int? {
        if case .status(let status, _, _) = self { return status }
        return nil
    }

    /// The error envelope of a `.status` error, else nil.
    public var envelope: ErrorEnvelope? {
        if case .status(_, let envelope, _) = self { return envelope }
        return nil
    }

    /// True for a transport timeout (curl code 28).
    public var isTimeout: Bool {
        if case .transport(let code, _, _) = self { return code == Self.timeoutCode }
        return false
    }

    /// True for transport errors where the request certainly or probably never reached a handler,
    /// or the connection broke: worth one more try for idempotent methods. Timeouts are not.
    var isRetryableTransport: Bool {
        guard case .transport(let code, _, _) = self else { return false }
        // 6 couldn't resolve host, 7 couldn't connect, 52 empty reply, 55 send error, 56 recv error (reset)
        return [6, 7, 52, 55, 56].contains(code)
    }
}
