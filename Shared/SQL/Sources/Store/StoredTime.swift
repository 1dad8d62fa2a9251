import FerryTime

/// Store timestamps are kept as their ISO-8601 text (`Timestamp.iso`, readable in any SQL client and in every
/// row written so far) and compared as time: bind ``SQLValue/time(_:)`` and wrap both sides of a comparison in
/// ``SQLDialect/storedTime(_:)`` — never compare the text itself (an offset or a missing fraction would sort wrong).
extension SQLValue {
    /// A timestamp as the stores keep it.
    public static func time(_ t: Timestamp) -> SQLValue { .text(t.iso) }
    public static func timeOrNull(_ t: Timestamp?) -> SQLValue { t.map(time) ?? .null }
}

extension SQLDialect {
    /// `expr` (a stored timestamp column or a placeholder bound with ``SQLValue/time(_:)``) as a value that
    /// compares as time: PostgreSQL casts to timestamptz; SQLite's julianday() (a day number, exact to well under
    /// a millisecond, and NULL for NULL as the column is).
    public func storedTime(_ expr: String) -> String {
        switch family {
        case .postgresql: return "CAST(\(expr) AS timestamptz)"
        case .sqlite: return "julianday(\(expr))"
        default: return "CAST(\(expr) AS TIMESTAMP)"
        }
    }
}

/// A stored timestamp column read as time (any ISO-8601 text the column holds).
extension Timestamp: StoredValue {
    public init?(stored: SQLValue) {
        guard let text = stored.textValue, let t = Timestamp(iso: text) else { return nil }
        self = t
    }
    public static var storedTypeName: String { "an ISO-8601 timestamp" }
}
