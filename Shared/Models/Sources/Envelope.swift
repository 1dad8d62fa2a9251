/// The response envelopes every Ferry service speaks (SPEC §2, seed 002 §5.1).

/// One problem with one field of a request.
public struct FieldError: Codable, Sendable, Hashable {
    public var field: String
    public var message: String
    public init(field: String, message: String) { self.field = field; self.message = message }
}

/// Every error answer: `{"success": false, "message": "...", "errors": [{"field": "...", "message": "..."}]}`,
/// plus `"code"` where a caller must tell two answers of one status apart (a 404 of an unknown route is
/// not a 404 of an unknown job execution).
public struct ErrorEnvelope: Codable, Sendable, Hashable, Error {
    public var success: Bool
    public var message: String
    public var errors: [FieldError]
    /// Absent from most answers (and from the JSON then).
    public var code: ErrorCode?
    public init(message: String, errors: [FieldError] = [], code: ErrorCode? = nil) {
        self.success = false; self.message = message; self.errors = errors; self.code = code
    }
}

/// A machine-readable kind of error answer. A struct, not an enum, so an envelope from a newer service with
/// a code this version does not know still decodes.
public struct ErrorCode: RawRepresentable, Codable, Sendable, Hashable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    /// 404 because no route matches the method and path (the service lacks this API), not because a
    /// resource is unknown.
    public static let noRoute = ErrorCode(rawValue: "NO_ROUTE")
}

/// Create/update answers carry both seed shapes: `{"uid": 21, "success": true, "id": 21, "message": "...", "description": "..."}`.
public struct SavedEnvelope: Codable, Sendable, Hashable {
    public var uid: Int64
    public var success: Bool
    public var id: Int64
    public var message: String
    public var description: String?
    public init(id: Int64, message: String, description: String?) {
        self.uid = id; self.success = true; self.id = id; self.message = message; self.description = description
    }
}

/// A plain success answer without an id (delete, stop …).
public struct MessageEnvelope: Codable, Sendable, Hashable {
    public var success: Bool
    public var message: String
    public init(message: String) { self.success = true; self.message = message }
}
