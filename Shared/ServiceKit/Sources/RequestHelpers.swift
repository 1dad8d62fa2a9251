import Foundation
import Hummingbird
import HTTPTypes
import NIOCore

extension Request {
    /// Collects the body (at most `limit` bytes, else 413) and decodes it as JSON.
    /// Empty body → 400 `{field: "body", message: "request body is required"}`; a `DecodingError` → 400 naming
    /// the field (see ``FerryError/from(decodingError:body:)``).
    public func decodeJSON<T: Decodable>(
        _ type: T.Type = T.self,
        context: some RequestContext,
        limit: Int = FerryLimits.maxRequestBodyBytes
    ) async throws -> T {
        let bytes = try await collectBytes(limit: limit)
        guard bytes.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            throw FerryError.invalidField("body", "request body is required")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw FerryError.from(decodingError: error, body: bytes)
        }
    }

    /// The raw body, at most `limit` bytes (else 413).
    public func collectBytes(limit: Int = FerryLimits.maxRequestBodyBytes) async throws -> [UInt8] {
        do {
            var buffer = try await body.collect(upTo: limit)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch is NIOTooManyBytesError {
            throw FerryError.payloadTooLarge(limit: limit)
        }
    }

    /// An optional integer query parameter: nil when absent or empty, 400 `{field: name, message: "must be an integer"}`
    /// when not numeric.
    public func queryInt(_ name: String) throws -> Int? {
        guard let raw = uri.queryParameters.get(name), !raw.isEmpty else { return nil }
        guard let value = Int(raw) else { throw FerryError.invalidField(name, "must be an integer") }
        return value
    }

    /// An optional 64-bit integer query parameter (same rules as ``queryInt(_:)``).
    public func queryInt64(_ name: String) throws -> Int64? {
        guard let raw = uri.queryParameters.get(name), !raw.isEmpty else { return nil }
        guard let value = Int64(raw) else { throw FerryError.invalidField(name, "must be an integer") }
        return value
    }

    /// An optional string query parameter (percent-decoded); nil when absent or empty.
    public func queryString(_ name: String) -> String? {
        guard let raw = uri.queryParameters.get(name), !raw.isEmpty else { return nil }
        return raw
    }

    /// The value of a request header, or nil.
    public func header(_ name: String) -> String? {
        guard let fieldName = HTTPField.Name(name) else { return nil }
        return headers[fieldName]
    }
}

extension Parameters {
    /// A path parameter that must be an integer: 400 `{field: name, message: "must be an integer"}` otherwise.
    public func requireInt64(_ name: String) throws -> Int64 {
        guard let raw = get(name) else { throw FerryError.invalidField(name, "is required") }
        guard let value = Int64(raw) else { throw FerryError.invalidField(name, "must be an integer") }
        return value
    }

    /// A path parameter that must be an integer (Int).
    public func requireInt(_ name: String) throws -> Int {
        guard let raw = get(name) else { throw FerryError.invalidField(name, "is required") }
        guard let value = Int(raw) else { throw FerryError.invalidField(name, "must be an integer") }
        return value
    }

    /// A path parameter that must be present (its text).
    public func requireString(_ name: String) throws -> String {
        guard let raw = get(name), !raw.isEmpty else { throw FerryError.invalidField(name, "is required") }
        return raw
    }
}

extension RequestContext {
    /// `context.requireInt64("uid")` for a route `/v1/datasource/{uid}`.
    public func requireInt64(_ name: String) throws -> Int64 { try parameters.requireInt64(name) }
    public func requireInt(_ name: String) throws -> Int { try parameters.requireInt(name) }
    public func requireString(_ name: String) throws -> String { try parameters.requireString(name) }
}
