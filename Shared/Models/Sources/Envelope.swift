/// The response envelopes every Ferry service speaks (SPEC §2, seed 002 §5.1).

/// One problem with one field of a request.
public struct FieldError: Codable, Sendable, Hashable {
    public var field: String
    public var message: String
    public init(field: String, message: String) { self.field = field; self.message = message }
}

/// Every error answer: `{"success": false, "message": "...", "errors": [{"field": "...", "message": "..."}]}`.
public struct ErrorEnvelope: Codable, Sendable, Hashable, Error {
    public var success: Bool
    public var message: String
    public var errors: [FieldError]
    public init(message: String, errors: [FieldError] = []) {
        self.success = false; self.message = message; self.errors = errors
    }
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
