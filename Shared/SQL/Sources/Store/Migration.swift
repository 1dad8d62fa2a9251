/// One versioned schema change of a service's metadata store. The SQL is written once with a few
/// tokens that differ between SQLite and PostgreSQL:
///   {ID}   → auto-increment primary key column type
///   {BLOB} → binary column type
///   {BIGINT}, {REAL} → 64-bit integer / double column types
public struct Migration: Sendable {
    public var version: Int
    public var statements: [String]
    public init(_ version: Int, _ statements: [String]) { self.version = version; self.statements = statements }

    func sql(for family: SQLDialect.Family) -> [String] {
        let tokens: [String: String] = family == .postgresql
            ? ["{ID}": "BIGSERIAL PRIMARY KEY", "{BLOB}": "BYTEA", "{BIGINT}": "BIGINT", "{REAL}": "DOUBLE PRECISION"]
            : ["{ID}": "INTEGER PRIMARY KEY AUTOINCREMENT", "{BLOB}": "BLOB", "{BIGINT}": "INTEGER", "{REAL}": "REAL"]
        return statements.map { s in tokens.reduce(s) { $0.replacingOccurrences(of: $1.key, with: $1.value) } }
    }
}
