import FerryModels
import FerrySQL

/// Collects every problem of a request body so one answer names them all.
struct FieldCheck {
    private(set) var errors: [FieldError] = []

    mutating func fail(_ field: String, _ message: String) { errors.append(FieldError(field: field, message: message)) }

    /// A required, non-blank string of at most `max` characters without control characters.
    mutating func required(_ value: String?, _ field: String, max: Int = 256) -> String {
        guard let v = value?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else {
            fail(field, "is required"); return ""
        }
        return text(v, field, max: max) ?? ""
    }

    /// An optional string: blank becomes nil; too long or with control characters is an error.
    mutating func optional(_ value: String?, _ field: String, max: Int = 256) -> String? {
        guard let v = value?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return text(v, field, max: max)
    }

    private mutating func text(_ v: String, _ field: String, max: Int) -> String? {
        if v.count > max { fail(field, "must be at most \(max) characters"); return nil }
        if v.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) {
            fail(field, "must not contain control characters"); return nil
        }
        return v
    }

    /// An optional identifier (schema/table/column name) validated by the SQL layer's rules.
    mutating func identifier(_ value: String?, _ field: String, required: Bool = false) -> String? {
        guard let v = value, !v.isEmpty else {
            if required { fail(field, "is required") }
            return nil
        }
        if let p = Identifier.problem(v) { fail(field, p); return nil }
        return v
    }

    var ok: Bool { errors.isEmpty }
}

/// The field errors of an invalid request body.
struct ValidationFailure: Error {
    var errors: [FieldError]
}
