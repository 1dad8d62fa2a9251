import CODBC

/// SQLPrepare once; each execution binds its row (values re-ordered per `?` occurrence) and SQLExecute.
final class ODBCPreparedStatement: PreparedStatement {
    private let statement: ODBCStatementHandle
    private let placeholders: PlaceholderSQL
    private let family: SQLDialect.Family

    init(_ statement: ODBCStatementHandle, _ placeholders: PlaceholderSQL, family: SQLDialect.Family) throws {
        self.statement = statement
        self.placeholders = placeholders
        self.family = family
        var sql = Array(placeholders.sql.utf8)
        try statement.check(SQLPrepare(try statement.live(), &sql, SQLINTEGER(sql.count)), "preparing a statement")
    }

    @discardableResult
    func execute(_ params: ArraySlice<SQLValue>) throws -> Int {
        try placeholders.check(valueCount: params.count, driver: "ODBC")
        let stmt = try statement.live()
        defer { statement.reset() }
        let bound = ODBCParameters(count: placeholders.occurrences.count, family: family)
        try bound.bind(placeholders.occurrences.map { params[params.startIndex + $0] }, to: statement)
        let rc = withExtendedLifetime(bound) { SQLExecute(stmt) }
        if rc != ODBCReturn.noData { try statement.check(rc, "executing a prepared statement") }
        return try statement.affectedRows()
    }

    func close() { statement.free() }
}
