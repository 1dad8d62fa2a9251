import FerryHTTPClient
import FerryModels

/// Every failure `ferry` reports: one line on stderr, then a non-zero exit.
public struct CLIError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var exitCode: Int32

    public init(_ message: String, exitCode: Int32 = ExitCode.error) {
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String { message }

    /// Exit statuses: 0 done (a followed job COMPLETED), 1 an error, 2 a followed job ended otherwise, 3 a check
    /// found a difference (a manifest's files changed, a target that differs from its source).
    public enum ExitCode {
        public static let error: Int32 = 1
        public static let jobNotCompleted: Int32 = 2
        public static let checkFailed: Int32 = 3
    }

    /// What an answer of the gateway means for the user, in one line.
    static func from(_ error: HTTPClientError, gateway: String, keySource: String) -> CLIError {
        switch error {
        case .transport(let code, let message, _):
            if code == HTTPClientError.connectFailedCode {
                return CLIError("cannot reach Ferry at \(gateway) (connection refused): is it running? `make run` starts it; --url or FERRY_URL point elsewhere")
            }
            if code == HTTPClientError.timeoutCode {
                return CLIError("Ferry at \(gateway) did not answer in time")
            }
            return CLIError("cannot reach Ferry at \(gateway): \(message)")
        case .status(let status, let envelope, let body):
            if status == 401 {
                return CLIError("the API key was refused by \(gateway) (key from \(keySource)); pass the right one with --api-key or FERRY_API_KEY")
            }
            if let envelope {
                let fields = envelope.errors
                    .filter { !envelope.message.contains($0.message) }
                    .map { "\($0.field): \($0.message)" }
                return CLIError(envelope.message + (fields.isEmpty ? "" : " (" + fields.joined(separator: "; ") + ")"))
            }
            let text = String(decoding: body.prefix(200), as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            return CLIError("HTTP \(status) from \(gateway)\(text.isEmpty ? "" : ": " + text)")
        case .decoding(let message):
            return CLIError("unexpected answer from \(gateway): \(message)")
        }
    }
}
