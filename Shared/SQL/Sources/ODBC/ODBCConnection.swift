import CODBC
import Foundation

/// Any database with an ODBC driver, through unixODBC: DSN-less (`Driver={…};…`) or `DSN=…`
/// connection strings. The dialect comes from the DBMS behind the driver (SQL_DBMS_NAME).
/// For PostgreSQL the session time zone is set to UTC, so timestamptz values (bound and read as
/// timestamps, ODBC having no zoned type) mean UTC instants.
///
/// Driver limits seen on this machine (unixODBC 2.3.11):
/// - psqlODBC 13.02: json/jsonb result columns are typed "unknown", so their values come back as
///   `.text` (whole and exact; `describeTable` does say json). ±infinity dates/timestamps are
///   written correctly but read back as dates psqlODBC makes up ("9999-12-31 23:59:59",
///   "0000-00-00"). A result is buffered whole in memory unless the connection string sets
///   `UseDeclareFetch=1` (then `Fetch=` rows at a time).
/// - libsqliteodbc 0.9998: REAL values are read through SQLite's 15-significant-digit text, even as
///   SQL_C_DOUBLE; every error is HY000 (the SQLite code it passes as native error is mapped);
///   SQLPrimaryKeys' KEY_SEQ follows column order (the key is read with PRAGMA table_info instead).
public final class ODBCConnection: SQLConnection {
    public let dialect: SQLDialect
    /// SQL_DBMS_NAME, SQL_DBMS_VER, SQL_DRIVER_NAME, SQL_DRIVER_VER.
    public let dbmsName: String, dbmsVersion: String, driverName: String, driverVersion: String

    let connection: ODBCConnectionHandle
    /// Escape for `_`/`%` in catalog-function patterns (SQL_SEARCH_PATTERN_ESCAPE); empty when none.
    let searchEscape: String
    /// Reused by execute/query; cursors and prepared statements get their own handles.
    private var direct: ODBCStatementHandle?
    private var inTransaction = false
    private let secrets: [String]

    public init(connectionString: String) throws {
        let parsed = ODBCConnectionString(connectionString)
        secrets = parsed.secrets
        let environment = try ODBCEnvironment()
        connection = try ODBCConnectionHandle(environment: environment)
        guard let dbc = connection.handle else { throw DriverError.usage("ODBC", "no connection handle") }
        var cs = Array(connectionString.utf8)
        guard cs.count < Int(Int16.max) else { throw DriverError.usage("ODBC", "the connection string is too long") }
        // Fail within seconds on an unreachable server, where a driver honours it.
        _ = SQLSetConnectAttr(dbc, SQLINTEGER(SQL_ATTR_LOGIN_TIMEOUT), SQLPOINTER(bitPattern: 15), SQLINTEGER(SQL_IS_UINTEGER))
        var outLength: SQLSMALLINT = 0
        let rc = SQLDriverConnect(dbc, nil, &cs, SQLSMALLINT(cs.count), nil, 0, &outLength, SQLUSMALLINT(SQL_DRIVER_NOPROMPT))
        guard ODBCReturn.ok(rc) else {
            throw ODBCConnection.connectError(ODBCDiagnostics.error(SQL_HANDLE_DBC, dbc, context: "connecting", redact: parsed.secrets), parsed)
        }
        connection.markConnected()

        func info(_ type: Int32) -> String {
            var buf = [SQLCHAR](repeating: 0, count: 256)
            var length: SQLSMALLINT = 0
            guard ODBCReturn.ok(SQLGetInfo(dbc, SQLUSMALLINT(type), &buf, SQLSMALLINT(buf.count), &length)) else { return "" }
            return String(decoding: buf.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        dbmsName = info(SQL_DBMS_NAME)
        dbmsVersion = info(SQL_DBMS_VER)
        driverName = info(SQL_DRIVER_NAME)
        driverVersion = info(SQL_DRIVER_VER)
        searchEscape = info(SQL_SEARCH_PATTERN_ESCAPE)
        dialect = SQLDialect.forDBMS(dbmsName)
        connection.family = dialect.family
        if dialect.family == .postgresql {
            do { try execute("SET TIME ZONE 'UTC'") } catch { close(); throw error }
        }
    }

    deinit { close() }

    /// A missing driver or DSN gets a message that names it and lists the installed drivers.
    /// unixODBC answers IM002 for an unknown DSN, but for an unregistered Driver= name it tries the
    /// name as a library path and answers 01000 "Can't open lib"; both become IM002 ("not
    /// installed"). A registered driver whose library fails to load is IM003.
    private static func connectError(_ e: DriverError, _ cs: ODBCConnectionString) -> DriverError {
        let installed = ODBCDriverList.installed()
        let list = installed.isEmpty ? "none" : installed.joined(separator: ", ")
        let cannotLoad = e.message.contains("Can't open lib")
        guard e.sqlState == .dataSourceNotFound || cannotLoad else { return e }
        if let driver = cs.driver {
            let registered = installed.contains { $0.caseInsensitiveCompare(driver) == .orderedSame }
            if cannotLoad && (registered || driver.contains("/")) {
                return DriverError(driver: "ODBC", sqlState: .driverCouldNotBeLoaded,
                                   message: "ODBC driver '\(driver)' cannot be loaded (installed drivers: \(list)) [\(e.message)]", kind: .permanent)
            }
            return DriverError(driver: "ODBC", sqlState: .dataSourceNotFound,
                               message: "ODBC driver '\(driver)' is not installed: it is not registered in odbcinst.ini (installed drivers: \(list)) [\(e.message)]",
                               kind: .permanent)
        }
        if let dsn = cs.dsn {
            return DriverError(driver: "ODBC", sqlState: .dataSourceNotFound,
                               message: "ODBC data source '\(dsn)' is not defined in odbc.ini (installed drivers: \(list)) [\(e.message)]", kind: .permanent)
        }
        return DriverError(driver: "ODBC", sqlState: .dataSourceNotFound,
                           message: "the ODBC connection string names neither Driver= nor DSN= [\(e.message)]", kind: .permanent)
    }

    // MARK: statements

    @discardableResult
    public func execute(_ sql: String, _ params: [SQLValue]) throws -> Int {
        let stmt = try directStatement()
        defer { stmt.reset() }
        try run(sql, params, on: stmt)
        return try stmt.affectedRows()
    }

    /// The rows of the first result that has columns.
    public func query(_ sql: String, _ params: [SQLValue]) throws -> SQLResult {
        let stmt = try directStatement()
        defer { stmt.reset() }
        try run(sql, params, on: stmt)
        while true {
            let reader = try ODBCResultReader(stmt)
            if !reader.columns.isEmpty {
                var rows: [[SQLValue]] = []
                while try reader.fetch() { rows.append(try reader.row()) }
                return SQLResult(columns: reader.columns.map(\.info.name), rows: rows)
            }
            let more = SQLMoreResults(try stmt.live())
            if more == ODBCReturn.noData { return SQLResult(columns: [], rows: []) }
            try stmt.check(more, "reading the next result")
        }
    }

    public func prepare(_ sql: String) throws -> any PreparedStatement {
        try DriverError.attributed(to: sql) {
            try ODBCPreparedStatement(try ODBCStatementHandle(connection: connection), try PlaceholderSQL(sql, style: .positional), family: dialect.family)
        }
    }

    public func openCursor(_ sql: String, _ params: [SQLValue]) throws -> any RowCursor {
        let stmt = try ODBCStatementHandle(connection: connection)
        try run(sql, params, on: stmt)
        return ODBCCursor(try ODBCResultReader(stmt))
    }

    /// Translates `$n` to `?`, binds the values per occurrence and runs SQLExecDirect; errors name `sql`.
    private func run(_ sql: String, _ params: [SQLValue], on statement: ODBCStatementHandle) throws {
        try DriverError.attributed(to: sql) { try execDirect(sql, params, on: statement) }
    }

    private func execDirect(_ sql: String, _ params: [SQLValue], on statement: ODBCStatementHandle) throws {
        let placeholders = try PlaceholderSQL(sql, style: .positional)
        try placeholders.check(valueCount: params.count, driver: "ODBC")
        let stmt = try statement.live()
        let bound = ODBCParameters(count: placeholders.occurrences.count, family: dialect.family)
        try bound.bind(placeholders.occurrences.map { params[$0] }, to: statement)
        var text = Array(placeholders.sql.utf8)
        let rc = withExtendedLifetime(bound) { SQLExecDirect(stmt, &text, SQLINTEGER(text.count)) }
        // SQL_NO_DATA: an UPDATE/DELETE that matched no row.
        if rc != ODBCReturn.noData { try statement.check(rc, "executing") }
    }

    private func directStatement() throws -> ODBCStatementHandle {
        if let direct { return direct }
        let s = try ODBCStatementHandle(connection: connection)
        direct = s
        return s
    }

    // MARK: transactions

    public func begin() throws {
        try setAutocommit(false)
        inTransaction = true
    }

    public func commit() throws {
        try endTransaction(SQL_COMMIT, "committing")
    }

    /// A no-op outside a transaction.
    public func rollback() throws {
        guard inTransaction else { return }
        try endTransaction(SQL_ROLLBACK, "rolling back")
    }

    private func endTransaction(_ completion: Int32, _ context: String) throws {
        let dbc = try connection.live()
        let rc = SQLEndTran(SQLSMALLINT(SQL_HANDLE_DBC), dbc, SQLSMALLINT(completion))
        guard ODBCReturn.ok(rc) else { throw ODBCDiagnostics.error(SQL_HANDLE_DBC, dbc, context: context, redact: secrets) }
        inTransaction = false
        try setAutocommit(true)
    }

    private func setAutocommit(_ on: Bool) throws {
        let dbc = try connection.live()
        let value = SQLPOINTER(bitPattern: UInt(on ? SQL_AUTOCOMMIT_ON : SQL_AUTOCOMMIT_OFF))
        let rc = SQLSetConnectAttr(dbc, SQLINTEGER(SQL_ATTR_AUTOCOMMIT), value, SQLINTEGER(SQL_IS_UINTEGER))
        guard ODBCReturn.ok(rc) else {
            throw ODBCDiagnostics.error(SQL_HANDLE_DBC, dbc, context: on ? "turning autocommit on" : "starting a transaction", redact: secrets)
        }
    }

    // MARK: metadata

    /// "PostgreSQL 15.18 via psqlodbcw.so 13.02.0000".
    public func serverVersion() throws -> String {
        "\(dbmsName) \(dbmsVersion) via \(driverName) \(driverVersion)"
    }

    public func close() {
        direct?.free()
        direct = nil
        if inTransaction, let dbc = connection.handle, connection.connected {
            _ = SQLEndTran(SQLSMALLINT(SQL_HANDLE_DBC), dbc, SQLSMALLINT(SQL_ROLLBACK))
            inTransaction = false
        }
        connection.disconnect()
    }
}
