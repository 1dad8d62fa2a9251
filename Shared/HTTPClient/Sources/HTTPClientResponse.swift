import FerryModels
import Foundation

/// One response header line, in the order the server sent it.
public struct HTTPHeaderField: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A complete HTTP answer as received by ``HTTPClient``: any status, headers in wire order, raw body.
///
/// Named `HTTPClientResponse` (not `HTTPResponse`) because Hummingbird re-exports swift-http-types'
/// `HTTPResponse`, and every service imports both.
public struct HTTPClientResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeaderField]
    public var body: [UInt8]

    public init(status: Int, headers: [HTTPHeaderField] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// True for 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// First header with this name (case-insensitive), or nil.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Decodes the body as JSON. Throws ``HTTPClientError/decoding(_:)`` naming the failing field.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch let error as DecodingError {
            throw HTTPClientError.decoding("\(T.self): \(error.ferryDescription)")
        } catch {
            throw HTTPClientError.decoding("\(T.self): \(error)")
        }
    }

    /// The ``ErrorEnvelope`` carried by the body, when it is one (`"success": false` with a message).
    public var errorEnvelope: ErrorEnvelope? {
        guard !body.isEmpty, let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: Data(body)),
            !envelope.success
        else { return nil }
        return envelope
    }
}

extension DecodingError {
    /// `path: problem`, with the coding path written as `a.b[0].c`.
    public var ferryDescription: String {
        switch self {
        case .typeMismatch(let type, let context):
            return "\(CodingPathFormatter.format(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(CodingPathFormatter.format(context.codingPath)): expected \(type), found null"
        case .keyNotFound(let key, let context):
            return "\(CodingPathFormatter.format(context.codingPath + [key])): missing"
        case .dataCorrupted(let context):
            return "\(CodingPathFormatter.format(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(self)"
        }
    }
}

/// Writes a Codable coding path the way API users read it: `bundledTables[0].sourceTableId`.
public enum CodingPathFormatter {
    public static func format(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let index = key.intValue, key.stringValue == "Index \(index)" || key.stringValue == "\(index)" {
                out += "[\(index)]"
            } else {
                if !out.isEmpty { out += "." }
                out += key.stringValue
            }
        }
        return out
    }
}
