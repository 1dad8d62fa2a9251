/// One compiled statement reused for every execution: bind, step to the end, reset.
final class SQLitePreparedStatement: PreparedStatement {
    private let statement: SQLiteStatement
    private let parameterCount: Int

    init(_ statement: SQLiteStatement, parameterCount: Int) {
        self.statement = statement
        self.parameterCount = parameterCount
    }

    @discardableResult
    func execute(_ params: ArraySlice<SQLValue>) throws -> Int {
        try PlaceholderSQL.check(valueCount: params.count, parameterCount: parameterCount, driver: "SQLite")
        defer { statement.reset() }
        try statement.bind(params)
        return try statement.runToCompletion()
    }

    func close() { statement.finalize() }
}
