import CODBC

/// ODBC return codes (SQLRETURN) as Swift constants; the C macros import as Int32.
enum ODBCReturn {
    static let success = SQLRETURN(SQL_SUCCESS)
    static let successWithInfo = SQLRETURN(SQL_SUCCESS_WITH_INFO)
    static let noData = SQLRETURN(SQL_NO_DATA)

    static func ok(_ rc: SQLRETURN) -> Bool { rc == success || rc == successWithInfo }
}

/// The ODBC 3 environment handle.
final class ODBCEnvironment {
    private(set) var handle: SQLHENV?

    init() throws {
        var h: SQLHANDLE?
        guard ODBCReturn.ok(SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_ENV), nil, &h)), let h else {
            throw DriverError(driver: "ODBC", sqlState: .memoryAllocationError, message: "cannot allocate an ODBC environment (is unixODBC installed?)", kind: .permanent)
        }
        handle = h
        let rc = SQLSetEnvAttr(h, SQLINTEGER(SQL_ATTR_ODBC_VERSION), SQLPOINTER(bitPattern: Int(SQL_OV_ODBC3)), 0)
        guard ODBCReturn.ok(rc) else { throw ODBCDiagnostics.error(SQL_HANDLE_ENV, h, context: "setting ODBC version 3") }
    }

    deinit {
        if let handle { SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_ENV), handle) }
    }
}

/// A connection handle; keeps its environment alive. `disconnect()` also frees, in the driver
/// manager, every statement still allocated on it.
final class ODBCConnectionHandle {
    let environment: ODBCEnvironment
    private(set) var handle: SQLHDBC?
    private(set) var connected = false
    /// The DBMS family once known, for error mapping (see `ODBCDiagnostics.error`).
    var family: SQLDialect.Family = .generic

    init(environment: ODBCEnvironment) throws {
        self.environment = environment
        var h: SQLHANDLE?
        guard ODBCReturn.ok(SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_DBC), environment.handle, &h)), let h else {
            throw ODBCDiagnostics.error(SQL_HANDLE_ENV, environment.handle, context: "allocating a connection handle")
        }
        handle = h
    }

    func markConnected() { connected = true }

    /// The handle while connected; a usage error after close.
    func live() throws -> SQLHDBC {
        guard let handle, connected else { throw DriverError.usage("ODBC", "the connection is closed") }
        return handle
    }

    func disconnect() {
        guard let handle else { return }
        if connected { SQLDisconnect(handle) }
        connected = false
        SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_DBC), handle)
        self.handle = nil
    }

    deinit { disconnect() }
}

/// A statement handle; keeps its connection alive. Freed explicitly by `free()` or on deinit —
/// unless the connection was closed first, in which case SQLDisconnect already freed it.
final class ODBCStatementHandle {
    let connection: ODBCConnectionHandle
    private var raw: SQLHSTMT?

    init(connection: ODBCConnectionHandle) throws {
        self.connection = connection
        let dbc = try connection.live()
        var h: SQLHANDLE?
        guard ODBCReturn.ok(SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_STMT), dbc, &h)), let h else {
            throw ODBCDiagnostics.error(SQL_HANDLE_DBC, dbc, context: "allocating a statement")
        }
        raw = h
    }

    /// The handle while it and its connection are open.
    func live() throws -> SQLHSTMT {
        guard let raw, connection.connected else { throw DriverError.usage("ODBC", "the statement or its connection is closed") }
        return raw
    }

    /// Throws the statement's diagnostics unless `rc` is a success.
    func check(_ rc: SQLRETURN, _ context: String) throws {
        guard !ODBCReturn.ok(rc) else { return }
        throw ODBCDiagnostics.error(SQL_HANDLE_STMT, raw, context: context, family: connection.family)
    }

    /// Closes an open result and unbinds parameters: ready for the next execution.
    func reset() {
        guard let raw, connection.connected else { return }
        SQLFreeStmt(raw, SQLUSMALLINT(SQL_CLOSE))
        SQLFreeStmt(raw, SQLUSMALLINT(SQL_RESET_PARAMS))
    }

    /// Rows affected by the execution (0 when the driver does not know), draining any further
    /// results (a script of several statements) so the handle is free for the next execution.
    func affectedRows() throws -> Int {
        let stmt = try live()
        var total = 0
        while true {
            var n: SQLLEN = 0
            if ODBCReturn.ok(SQLRowCount(stmt, &n)), n > 0 { total += Int(n) }
            let more = SQLMoreResults(stmt)
            if more == ODBCReturn.noData { return total }
            if !ODBCReturn.ok(more) {
                let e = ODBCDiagnostics.error(SQL_HANDLE_STMT, stmt, context: "reading the next result", family: connection.family)
                // A driver without SQLMoreResults (IM001) or without batches (HYC00) has no further result.
                if e.sqlState == .functionNotSupported || e.sqlState == .optionalFeatureNotImplemented { return total }
                throw e
            }
        }
    }

    func free() {
        guard let raw else { return }
        if connection.connected { SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_STMT), raw) }
        self.raw = nil
    }

    deinit { free() }
}
