import CLibPQ

/// A server-side prepared statement (PQprepare once, PQexecPrepared per execute); close() deallocates it.
public final class PostgresPreparedStatement: PreparedStatement {
    let connection: PostgresConnection
    public let name: String
    private var closed = false

    init(connection: PostgresConnection, name: String) {
        self.connection = connection
        self.name = name
    }

    @discardableResult
    public func execute(_ params: ArraySlice<SQLValue>) throws -> Int {
        try run(params).affectedRows
    }

    /// Executes and materialises the (small) result.
    public func query(_ params: [SQLValue]) throws -> SQLResult {
        try run(params[...]).sqlResult()
    }

    private func run(_ params: ArraySlice<SQLValue>) throws -> PostgresResult {
        guard !closed else { throw PostgresError.usage("prepared statement \(name) is closed") }
        let c = try connection.handle()
        let res = try PostgresParameters.with(params) { n, values in
            PQexecPrepared(c, name, n, values, nil, nil, 0)
        }
        return try connection.checked(res)
    }

    /// DEALLOCATE; failures (a closed connection, an aborted transaction) are ignored: the statement
    /// dies with its session anyway.
    public func close() {
        guard !closed else { return }
        closed = true
        _ = try? connection.execute("DEALLOCATE " + SQLDialect.postgresql.quote(name))
    }
}
