/// What differs between the SQL of the engines Ferry writes to: identifier quoting, type names for
/// CREATE TABLE, upsert syntax. ODBC connections pick the family of the DBMS behind the driver.
public struct SQLDialect: Sendable, Hashable {
    public enum Family: String, Sendable, Hashable, Codable {
        case postgresql, sqlite, mysql, sqlserver, oracle, db2, generic
    }

    public var family: Family
    public init(_ family: Family) { self.family = family }

    public static let postgresql = SQLDialect(.postgresql)
    public static let sqlite = SQLDialect(.sqlite)

    /// Family from an ODBC driver's SQL_DBMS_NAME ("PostgreSQL", "SQLite", "Microsoft SQL Server", …).
    public static func forDBMS(_ name: String) -> SQLDialect {
        let n = name.lowercased()
        if n.contains("postgres") { return .postgresql }
        if n.contains("sqlite") { return .sqlite }
        if n.contains("mysql") || n.contains("mariadb") { return SQLDialect(.mysql) }
        if n.contains("sql server") { return SQLDialect(.sqlserver) }
        if n.contains("oracle") { return SQLDialect(.oracle) }
        if n.contains("db2") { return SQLDialect(.db2) }
        return SQLDialect(.generic)
    }

    /// Quotes a validated identifier. Callers validate with `Identifier.problem` first; quoting also
    /// doubles any quote character so that even an unvalidated name cannot escape.
    public func quote(_ name: String) -> String {
        switch family {
        case .mysql: return "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
        case .sqlserver: return "[" + name.replacingOccurrences(of: "]", with: "]]") + "]"
        default: return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }

    public func qualified(_ t: TableRef) -> String {
        if let s = t.schema, !s.isEmpty, family != .sqlite { return quote(s) + "." + quote(t.name) }
        return quote(t.name)
    }

    public func columnList(_ names: [String]) -> String { names.map(quote).joined(separator: ", ") }

    /// The placeholder for the n-th (1-based) parameter as written in Ferry's SQL.
    public static func placeholder(_ n: Int) -> String { "$\(n)" }
}
