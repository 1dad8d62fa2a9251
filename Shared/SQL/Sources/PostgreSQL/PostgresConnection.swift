import CLibPQ

/// A libpq connection. Every call blocks on the caller's thread; use it from one thread at a time
/// (a `DatabaseSession` does that). Results are read in TEXT format and decoded by type OID;
/// parameters are sent as text with server-inferred types, never spliced into SQL.
public final class PostgresConnection: SQLConnection {
    public let dialect = SQLDialect.postgresql

    /// PGconn*; nil once closed.
    private(set) var conn: OpaquePointer?

    /// A streaming operation that owns the protocol until it ends: nothing else may run meanwhile.
    enum Stream: String { case cursor = "cursor", copyOut = "COPY TO STDOUT", copyIn = "COPY FROM STDIN" }
    var activeStream: Stream?

    private var statementCounter = 0

    public init(conninfo: String) throws {
        guard let c = PQconnectdb(conninfo) else {
            throw DriverError(driver: PostgresError.driver, sqlState: .sqlclientUnableToEstablishConnection, message: "libpq could not allocate a connection", kind: .transient)
        }
        guard PQstatus(c) == CONNECTION_OK else {
            let message = PostgresError.trimmed(PQerrorMessage(c))
            PQfinish(c)
            throw PostgresError.connect(message: message)
        }
        // NOTICEs (e.g. "table does not exist, skipping") would go to stderr otherwise.
        PQsetNoticeProcessor(c, { _, _ in }, nil)
        conn = c
        // What the text decoders rely on: ISO dates, UTC, shortest-exact floats, UTF-8.
        try execute("SET DateStyle = 'ISO, MDY'; SET TimeZone = 'UTC'; SET extra_float_digits = 3; SET client_encoding = 'UTF8'")
    }

    deinit { close() }

    public func close() {
        guard let c = conn else { return }
        conn = nil
        PQfinish(c)
    }

    /// The PGconn for a new command; fails when closed or while a cursor/COPY owns the connection.
    func handle() throws -> OpaquePointer {
        guard let c = conn else { throw PostgresError.usage("connection is closed") }
        if let s = activeStream { throw PostgresError.usage("a \(s.rawValue) is in progress on this connection; finish or close it first") }
        return c
    }

    func error(_ result: OpaquePointer?) -> DriverError { PostgresError.from(result: result, connection: conn) }

    /// Takes ownership of a PGresult: answers it when the command succeeded, throws its error otherwise.
    func checked(_ res: OpaquePointer?) throws -> PostgresResult {
        guard let res else { throw error(nil) }
        switch PQresultStatus(res) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PostgresResult(res)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            // A COPY started through execute/query: end it so the connection stays usable.
            let status = PQresultStatus(res)
            PQclear(res)
            if status != PGRES_COPY_IN { requestCancel() }
            drainPending()
            throw PostgresError.usage("COPY … STDIN/STDOUT must go through copyIn/copyOut")
        default:
            let e = error(res)
            PQclear(res)
            throw e
        }
    }

    /// Runs one command (several `;`-separated ones when there are no parameters).
    func run(_ sql: String, _ params: ArraySlice<SQLValue>) throws -> PostgresResult {
        let c = try handle()
        return try DriverError.attributed(to: sql) {
            if params.isEmpty { return try checked(PQexec(c, sql)) }
            let res = try PostgresParameters.with(params) { n, values in
                PQexecParams(c, sql, n, nil, values, nil, nil, 0)
            }
            return try checked(res)
        }
    }

    // MARK: SQLConnection

    @discardableResult
    public func execute(_ sql: String, _ params: [SQLValue]) throws -> Int {
        try run(sql, params[...]).affectedRows
    }

    public func query(_ sql: String, _ params: [SQLValue]) throws -> SQLResult {
        try run(sql, params[...]).sqlResult()
    }

    public func prepare(_ sql: String) throws -> any PreparedStatement {
        try prepareStatement(sql)
    }

    /// Prepares once under a connection-unique name; executes with PQexecPrepared.
    public func prepareStatement(_ sql: String) throws -> PostgresPreparedStatement {
        let c = try handle()
        statementCounter += 1
        let name = "ferry_stmt_\(statementCounter)"
        _ = try DriverError.attributed(to: sql) { try checked(PQprepare(c, name, sql, 0, nil)) }
        return PostgresPreparedStatement(connection: self, name: name)
    }

    public func openCursor(_ sql: String, _ params: [SQLValue]) throws -> any RowCursor {
        try PostgresCursor(connection: self, sql: sql, params: params[...])
    }

    public func begin() throws { try execute("BEGIN") }
    public func commit() throws { try execute("COMMIT") }
    public func rollback() throws { try execute("ROLLBACK") }

    /// Reads what the server sent meanwhile without waiting (PQconsumeInput does not block): a server that ended
    /// the session (a restart, a failover, a timeout) left its FATAL message, then EOF. The first read takes the
    /// message, the second meets the EOF and turns the status bad; on a live idle connection both find nothing.
    public var isAlive: Bool {
        guard let c = conn, activeStream == nil else { return conn != nil }
        return PQconsumeInput(c) == 1 && PQconsumeInput(c) == 1 && PQstatus(c) == CONNECTION_OK
    }

    /// "PostgreSQL 15.18" (server_version up to the first space, without the packager's suffix).
    public func serverVersion() throws -> String {
        let c = try handle()
        guard let p = PQparameterStatus(c, "server_version") else {
            let v = try run("SHOW server_version", []).string(0, 0) ?? "unknown"
            return "PostgreSQL " + (v.split(separator: " ").first.map(String.init) ?? v)
        }
        let v = String(cString: p)
        return "PostgreSQL " + (v.split(separator: " ").first.map(String.init) ?? v)
    }

    /// A string literal for SQL that cannot take parameters (COPY): PQescapeLiteral's quoting.
    public func escapeLiteral(_ s: String) throws -> String {
        guard let c = conn else { throw PostgresError.usage("connection is closed") }
        if s.utf8.contains(0) {
            throw DriverError(driver: PostgresError.driver, sqlState: .characterNotInRepertoire, message: "literal contains a NUL character", kind: .badData)
        }
        let escaped = PQescapeLiteral(c, s, s.utf8.count)
        guard let escaped else { throw error(nil) }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    /// True inside a transaction block (also when it has failed and awaits ROLLBACK).
    public var inTransaction: Bool {
        guard let c = conn else { return false }
        let s = PQtransactionStatus(c)
        return s == PQTRANS_INTRANS || s == PQTRANS_INERROR
    }

    // MARK: cancelling

    /// Asks the server to cancel the running statement (over a separate socket; a no-op when idle).
    func requestCancel() {
        guard let c = conn, let cancel = PQgetCancel(c) else { return }
        var errbuf = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &errbuf, Int32(errbuf.count))
        PQfreeCancel(cancel)
    }

    /// A handle that cancels this connection's running statement from any thread.
    public func makeCancelHandle() -> PostgresCancelHandle? {
        guard let c = conn, let cancel = PQgetCancel(c) else { return nil }
        return PostgresCancelHandle(cancel)
    }

    /// Reads and drops everything still pending (COPY data included) until the connection is idle.
    /// Errors are dropped too: callers use this after an error or a deliberate cancel.
    func drainPending() {
        guard let c = conn else { return }
        while let res = PQgetResult(c) {
            let status = PQresultStatus(res)
            PQclear(res)
            if status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH {
                discardCopyOutData()
            } else if status == PGRES_COPY_IN {
                _ = PQputCopyEnd(c, "abandoned by client")
            }
        }
    }

    /// Frees CopyData messages until libpq reports the end of the COPY.
    func discardCopyOutData() {
        guard let c = conn else { return }
        var p: UnsafeMutablePointer<CChar>?
        while true {
            let n = PQgetCopyData(c, &p, 0)
            if let buf = p { PQfreemem(buf); p = nil }
            if n < 0 { return }
        }
    }
}

/// Cancels a connection's running statement from any thread (PQcancel is thread-safe and uses its
/// own socket). Keep it only as long as the connection lives.
public final class PostgresCancelHandle: @unchecked Sendable {
    private let cancelHandle: OpaquePointer

    init(_ h: OpaquePointer) { cancelHandle = h }
    deinit { PQfreeCancel(cancelHandle) }

    /// True when the request was sent (the statement may still complete first).
    @discardableResult
    public func cancel() -> Bool {
        var errbuf = [CChar](repeating: 0, count: 256)
        return PQcancel(cancelHandle, &errbuf, Int32(errbuf.count)) == 1
    }
}
