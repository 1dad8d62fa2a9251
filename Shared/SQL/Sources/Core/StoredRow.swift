import Foundation
/// A store's result row read by position with the column names beside it, so a value that is not what the
/// schema promises (a NULL in a NOT NULL column, text where a number belongs) throws an error naming the
/// column instead of reading as a silent `0` or `""`.
///
/// ```swift
/// let r = StoredRow(values, columns: ["id", "name", "end_time"])
/// id = try r.require(Int64.self, 0); name = try r.require(String.self, 1); end = try r.optional(String.self, 2)
/// ```
public struct StoredRow: Sendable {
    public let values: [SQLValue]
    public let columns: [String]

    public init(_ values: [SQLValue], columns: [String]) {
        self.values = values; self.columns = columns
    }

    /// The non-NULL value of column `i` as `T`.
    public func require<T: StoredValue>(_ type: T.Type, _ i: Int) throws -> T {
        guard let v = try optional(type, i) else { throw mismatch(i, expected: T.storedTypeName, found: "NULL") }
        return v
    }

    /// The value of column `i` as `T`, nil for NULL.
    public func optional<T: StoredValue>(_ type: T.Type, _ i: Int) throws -> T? {
        guard i < values.count else { throw mismatch(i, expected: T.storedTypeName, found: "no such column") }
        let value = values[i]
        if value.isNull { return nil }
        guard let v = T(stored: value) else {
            throw mismatch(i, expected: T.storedTypeName, found: String((value.textValue ?? "").prefix(40)))
        }
        return v
    }

    /// The value of column `i` as one of `E`'s cases (a typed state or code stored as its raw text).
    public func require<E: RawRepresentable & Sendable>(_ type: E.Type, _ i: Int) throws -> E where E.RawValue == String {
        guard let v = try optional(type, i) else { throw mismatch(i, expected: "one of \(E.self)'s values", found: "NULL") }
        return v
    }

    /// ``require(_:_:)-enum`` for a nullable column: nil for NULL, a throw for text that is no case of `E`.
    public func optional<E: RawRepresentable & Sendable>(_ type: E.Type, _ i: Int) throws -> E? where E.RawValue == String {
        guard let text = try optional(String.self, i) else { return nil }
        guard let v = E(rawValue: text) else { throw mismatch(i, expected: "one of \(E.self)'s values", found: String(text.prefix(40))) }
        return v
    }

    /// A JSON text column decoded as `T`: nil for NULL, a throw for text that is not a `T`'s JSON.
    public func json<T: Decodable>(_ type: T.Type, _ i: Int) throws -> T? {
        guard let text = try optional(String.self, i) else { return nil }
        do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) } catch {
            throw mismatch(i, expected: "JSON of \(T.self)", found: String(text.prefix(40)))
        }
    }

    private func mismatch(_ i: Int, expected: String, found: String) -> DriverError {
        let name = i < columns.count ? columns[i] : "#\(i)"
        return DriverError(driver: "store", sqlState: .dataException,
                           message: "column \(name) (position \(i)): expected \(expected), found \(found)", kind: .permanent)
    }

    /// Column names from a SELECT list as the stores write it ("id, s.name, x AS y" → id, name, y).
    public static func names(_ selectList: String) -> [String] {
        selectList.split(separator: ",").map { item in
            let words = item.split(whereSeparator: { $0 == " " || $0 == "\n" })
            let last = words.last.map(String.init) ?? ""
            return last.split(separator: ".").last.map(String.init) ?? last
        }
    }
}

extension SQLResult {
    /// The rows, each named by the result's columns, for typed decoding.
    public var stored: [StoredRow] { rows.map { StoredRow($0, columns: columns) } }

    /// The first row, typed (nil when there is none).
    public var firstStored: StoredRow? { rows.first.map { StoredRow($0, columns: columns) } }

    /// The one value a `RETURNING id` or a `COUNT(*)` answers: throws when there is no row or it is not a `T`.
    public func single<T: StoredValue>(_ type: T.Type) throws -> T {
        guard let row = firstStored else {
            throw DriverError(driver: "store", sqlState: .dataException, message: "expected one row, the statement answered none",
                              kind: .permanent)
        }
        return try row.require(type, 0)
    }
}

/// A Swift type a stored column decodes into.
public protocol StoredValue: Sendable {
    init?(stored: SQLValue)
    static var storedTypeName: String { get }
}

extension Int64: StoredValue {
    public init?(stored: SQLValue) { guard let v = stored.int64 else { return nil }; self = v }
    public static var storedTypeName: String { "an integer" }
}

extension Int: StoredValue {
    public init?(stored: SQLValue) { guard let v = stored.int64, let i = Int(exactly: v) else { return nil }; self = i }
    public static var storedTypeName: String { "an integer" }
}

extension String: StoredValue {
    public init?(stored: SQLValue) { guard let v = stored.textValue else { return nil }; self = v }
    public static var storedTypeName: String { "text" }
}

extension Double: StoredValue {
    public init?(stored: SQLValue) {
        switch stored {
        case .double(let d): self = d
        case .int(let i): self = Double(i)
        case .decimal(let text): guard let d = Double(text) else { return nil }; self = d
        default: return nil
        }
    }
    public static var storedTypeName: String { "a number" }
}

extension Bool: StoredValue {
    /// Stores keep flags as 0/1 integers (SQLite has no boolean type).
    public init?(stored: SQLValue) {
        switch stored {
        case .bool(let b): self = b
        case .int(0): self = false
        case .int(1): self = true
        default: return nil
        }
    }
    public static var storedTypeName: String { "a 0/1 flag" }
}
