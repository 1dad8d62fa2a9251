import Foundation

extension FerryError {
    /// A 400 naming the field a `DecodingError` is about:
    /// `{"field": "bundledTables[0].sourceTableId", "message": "expected an integer"}`, a missing key "is required",
    /// a null "must not be null", broken JSON `{"field": "body", "message": "request body is not valid JSON"}`.
    ///
    /// `body`, when given, tells broken JSON apart from valid JSON holding a number that does not fit
    /// (Foundation reports both the same way, with no coding path).
    public static func from(decodingError error: DecodingError, body: [UInt8]? = nil) -> FerryError {
        switch error {
        case .typeMismatch(let type, let context):
            let field = fieldName(context.codingPath)
            return .invalidField(field, "expected \(describe(type))")
        case .valueNotFound(let type, let context):
            let field = fieldName(context.codingPath)
            if context.codingPath.isEmpty { return .invalidField("body", "request body must be \(describe(type))") }
            return .invalidField(field, "must not be null")
        case .keyNotFound(let key, let context):
            return .invalidField(fieldName(context.codingPath + [key]), "is required")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                if let body, (try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])) != nil {
                    return .invalidField("body", "request body holds a number that does not fit its field (an integer was expected, or it is out of range)")
                }
                return .invalidField("body", "request body is not valid JSON")
            }
            let field = fieldName(context.codingPath)
            let description = context.debugDescription
            // Foundation's own wording names Swift types ("Cannot initialize Kind from invalid String value x");
            // messages written by a model's init(from:) are meant for users and kept.
            if description.hasPrefix("Cannot initialize") || description.hasPrefix("Invalid") || description.isEmpty {
                return .invalidField(field, "has an invalid value")
            }
            return .invalidField(field, description)
        @unknown default:
            return .invalidField("body", "request body could not be decoded")
        }
    }

    static func fieldName(_ path: [any CodingKey]) -> String {
        let name = CodingPathFormatter.format(path)
        return name.isEmpty ? "body" : name
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int8.Type, is Int16.Type, is Int32.Type, is Int64.Type,
            is UInt.Type, is UInt8.Type, is UInt16.Type, is UInt32.Type, is UInt64.Type:
            return "an integer"
        case is Double.Type, is Float.Type, is Decimal.Type:
            return "a number"
        case is Bool.Type:
            return "a boolean"
        case is String.Type:
            return "a string"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array<") || name.hasPrefix("[") || name.hasPrefix("Set<") { return "an array" }
            if name.hasPrefix("Dictionary<") { return "an object" }
            return "an object"
        }
    }
}
