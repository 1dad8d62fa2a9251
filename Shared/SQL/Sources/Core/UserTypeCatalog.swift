/// A capability of drivers whose engine has user-defined types a table can use (PostgreSQL's enums, domains,
/// composites, ranges): the engine reads their definitions from the source to create them in a target of the
/// same engine, asking `connection.userTypeCatalog` rather than downcasting to a driver class.
public protocol UserTypeCatalog: SQLConnection {
    /// The user-defined types the table's columns use, dependencies included.
    func userTypes(of table: TableRef) throws -> PostgresUserTypes
}

extension SQLConnection {
    public var userTypeCatalog: (any UserTypeCatalog)? { self as? any UserTypeCatalog }
}

extension PostgresConnection: UserTypeCatalog {}

extension SQLDialect {
    /// Whether a created table may use types defined by the user (else such columns map to their base type).
    public var hasUserDefinedTypes: Bool { family == .postgresql }
}
