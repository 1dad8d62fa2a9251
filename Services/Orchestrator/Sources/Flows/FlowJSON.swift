import FerryServiceKit
import FerrySQL
import Foundation

/// A request body as plain JSON, so seed 001's bodies can be checked rule by rule with the field named
/// (`scheduleParams.interval`) and numbers or booleans sent as text (`"interval": "15"`) read as their values.
indirect enum JSONValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    var objectKeys: [String] {
        guard case .object(let members) = self else { return [] }
        return members.keys.sorted()
    }

    var isNull: Bool { self == .null }
}

/// Collects every problem of a body so one 400 names them all.
struct FlowFieldCheck {
    private(set) var errors: [FieldError] = []

    mutating func fail(_ field: String, _ message: String) { errors.append(FieldError(field: field, message: message)) }

    var ok: Bool { errors.isEmpty }

    /// The 400 for what was collected: one field → "field: problem", several → "Validation failed".
    func throwIfFailed() throws {
        if errors.count == 1 { throw FerryError.invalidField(errors[0].field, errors[0].message) }
        if !errors.isEmpty { throw FerryError.validation(errors) }
    }

    /// An integer, also from its text (`"1612310466"`); nil when absent or null, an error when not an integer.
    mutating func int(_ value: JSONValue?, _ field: String, in range: ClosedRange<Int64>) -> Int64? {
        guard let value, !value.isNull else { return nil }
        var parsed: Int64?
        switch value {
        case .int(let i): parsed = i
        case .double(let d) where d.rounded() == d && abs(d) < 9e15: parsed = Int64(d)
        case .string(let s): parsed = Int64(s.trimmingCharacters(in: .whitespaces))
        default: parsed = nil
        }
        guard let i = parsed else { fail(field, "must be an integer"); return nil }
        guard range.contains(i) else { fail(field, "must be between \(range.lowerBound) and \(range.upperBound)"); return nil }
        return i
    }

    /// A number, also from its text.
    mutating func number(_ value: JSONValue?, _ field: String) -> Double? {
        guard let value, !value.isNull else { return nil }
        switch value {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .string(let s):
            if let d = Double(s.trimmingCharacters(in: .whitespaces)), d.isFinite { return d }
        default: break
        }
        fail(field, "must be a number")
        return nil
    }

    /// A boolean, also from `"true"` / `"false"`.
    mutating func bool(_ value: JSONValue?, _ field: String) -> Bool? {
        guard let value, !value.isNull else { return nil }
        switch value {
        case .bool(let b): return b
        case .string(let s) where s.lowercased() == "true": return true
        case .string(let s) where s.lowercased() == "false": return false
        default:
            fail(field, "must be a boolean (true or false)")
            return nil
        }
    }

    /// A string of at most `max` characters without control characters; blank counts as absent.
    mutating func string(_ value: JSONValue?, _ field: String, max: Int = 256) -> String? {
        guard let value, !value.isNull else { return nil }
        guard case .string(let raw) = value else { fail(field, "must be a string"); return nil }
        let s = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if s.isEmpty { return nil }
        if s.count > max { fail(field, "must be at most \(max) characters"); return nil }
        if s.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }) {
            fail(field, "must not contain control characters")
            return nil
        }
        return s
    }

    /// One of an enum's raw values.
    mutating func oneOf<E: RawRepresentable & CaseIterable>(_ value: JSONValue?, _ field: String, _ type: E.Type) -> E?
    where E.RawValue == String {
        guard let value, !value.isNull else { return nil }
        guard case .string(let s) = value, let e = E(rawValue: s) else {
            fail(field, "must be one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return e
    }

    /// A column name by the SQL layer's identifier rules.
    mutating func identifier(_ value: JSONValue?, _ field: String) -> String? {
        guard let s = string(value, field, max: 128) else { return nil }
        if let problem = Identifier.problem(s) { fail(field, problem); return nil }
        return s
    }

    /// An object (or absent); anything else is an error.
    mutating func object(_ value: JSONValue?, _ field: String) -> JSONValue? {
        guard let value, !value.isNull else { return nil }
        guard case .object = value else { fail(field, "must be an object"); return nil }
        return value
    }

    /// Names keys that are not in `known`.
    mutating func unknownKeys(_ value: JSONValue, _ prefix: String, known: Set<String>) {
        for key in value.objectKeys where !known.contains(key) {
            fail(prefix.isEmpty ? key : "\(prefix).\(key)", "is not a known field")
        }
    }
}
