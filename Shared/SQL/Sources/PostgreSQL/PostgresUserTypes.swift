/// The user-defined types (enums, domains, composites, ranges) a PostgreSQL table's columns use, read from
/// the source so that a PostgreSQL target lacking them can get them before the table is created, as
/// pg_dump would order them: dependencies first (a domain over an enum after the enum, a composite
/// after the domains its attributes use). Every type goes into one schema, the target table's.
public struct PostgresUserTypes: Sendable, Hashable, Codable {
    /// Dependencies first.
    public var types: [PostgresUserType]
    /// Columns (by name) whose type is a user-defined type or an array of one.
    public var columns: [String: PostgresTypeReference]

    public init(types: [PostgresUserType] = [], columns: [String: PostgresTypeReference] = [:]) {
        self.types = types; self.columns = columns
    }

    public var isEmpty: Bool { types.isEmpty }

    /// The column's type as the target table must name it: qualified with `schema`; nil for built-in types.
    public func columnType(_ column: String, schema: String) -> String? {
        columns[column].map { $0.sql(schema: schema) }
    }

    /// `columns` with the user-defined types named as the target table in `schema` must name them.
    public func retyped(_ columns: [ColumnInfo], schema: String) -> [ColumnInfo] {
        columns.map { c in
            var c = c
            if let t = columnType(c.name, schema: schema) { c.nativeType = t }
            return c
        }
    }

    /// Creates in `schema` each type it lacks, in dependency order; answers the names created.
    /// Idempotent, not race-free: run it where DDL is serialised (one transaction under a lock), since a type
    /// found missing is then created by the same transaction. Unqualified type names inside domain defaults
    /// and CHECK expressions resolve to `schema` first (search_path is set for the rest of the transaction).
    @discardableResult
    public func create(in schema: String, on c: any SQLConnection) throws -> [String] {
        guard !types.isEmpty else { return [] }
        _ = try c.query("SELECT pg_catalog.set_config('search_path', pg_catalog.quote_ident($1) || ', ' || pg_catalog.current_setting('search_path'), true)",
                        [.text(schema)])
        var created: [String] = []
        for t in types {
            let exists = try c.query("""
                SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = $1 AND t.typname = $2
                """, [.text(schema), .text(t.name)])
            if !exists.rows.isEmpty { continue }
            for statement in t.createStatements(schema: schema) { try c.execute(statement) }
            created.append(t.name)
        }
        return created
    }
}

/// How a column, a domain's base, a composite's attribute or a range's subtype names its type.
public enum PostgresTypeReference: Sendable, Hashable, Codable {
    /// A built-in type (or one an extension brings) as format_type spells it: "integer", "character varying(20)".
    case native(String)
    /// A user-defined type created with the table, or an array of it.
    case user(name: String, array: Bool)

    public func sql(schema: String) -> String {
        switch self {
        case .native(let s): return s
        case .user(let name, let array):
            let d = SQLDialect.postgresql
            return d.quote(schema) + "." + d.quote(name) + (array ? "[]" : "")
        }
    }
}

/// One user-defined type and its definition, as the source's catalog holds it.
public struct PostgresUserType: Sendable, Hashable, Codable {
    public struct Check: Sendable, Hashable, Codable {
        public var name: String
        /// pg_get_constraintdef: "CHECK (VALUE >= 1901 AND …)", possibly ending in "NOT VALID".
        public var definition: String
    }

    public struct Attribute: Sendable, Hashable, Codable {
        public var name: String
        public var type: PostgresTypeReference
        /// A qualified collation when it differs from the attribute type's default.
        public var collation: String?
    }

    public enum Definition: Sendable, Hashable, Codable {
        case enumeration(labels: [String])
        case domain(base: PostgresTypeReference, notNull: Bool, defaultExpression: String?, collation: String?, checks: [Check])
        case composite(attributes: [Attribute])
        /// A canonical function (a C function of the source) cannot be carried over; values arrive canonical anyway.
        case range(subtype: PostgresTypeReference, opclass: String?, collation: String?, subtypeDiff: String?)
    }

    public var name: String
    public var definition: Definition

    public init(name: String, definition: Definition) { self.name = name; self.definition = definition }

    /// CREATE TYPE / CREATE DOMAIN (and its constraints) in `schema`.
    public func createStatements(schema: String) -> [String] {
        let d = SQLDialect.postgresql
        let qualified = d.quote(schema) + "." + d.quote(name)
        switch definition {
        case .enumeration(let labels):
            return ["CREATE TYPE \(qualified) AS ENUM (\(labels.map(Self.literal).joined(separator: ", ")))"]
        case .domain(let base, let notNull, let defaultExpression, let collation, let checks):
            var sql = "CREATE DOMAIN \(qualified) AS \(base.sql(schema: schema))"
            if let collation { sql += " COLLATE \(collation)" }
            if let defaultExpression { sql += " DEFAULT \(defaultExpression)" }
            if notNull { sql += " NOT NULL" }
            // Constraints one by one: a NOT VALID one can only be added by ALTER DOMAIN.
            return [sql] + checks.map { "ALTER DOMAIN \(qualified) ADD CONSTRAINT \(d.quote($0.name)) \($0.definition)" }
        case .composite(let attributes):
            let list = attributes.map { a in
                "\(d.quote(a.name)) \(a.type.sql(schema: schema))" + (a.collation.map { " COLLATE \($0)" } ?? "")
            }
            return ["CREATE TYPE \(qualified) AS (\(list.joined(separator: ", ")))"]
        case .range(let subtype, let opclass, let collation, let subtypeDiff):
            var options = ["SUBTYPE = \(subtype.sql(schema: schema))"]
            if let opclass { options.append("SUBTYPE_OPCLASS = \(opclass)") }
            if let collation { options.append("COLLATION = \(collation)") }
            if let subtypeDiff { options.append("SUBTYPE_DIFF = \(subtypeDiff)") }
            return ["CREATE TYPE \(qualified) AS RANGE (\(options.joined(separator: ", ")))"]
        }
    }

    /// A string literal (standard_conforming_strings, on since PostgreSQL 9.1).
    static func literal(_ s: String) -> String { "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'" }
}
