import CSQLite

/// Owns one sqlite3* handle. Statements keep a strong reference to it so it outlives them;
/// sqlite3_close_v2 defers the real close until the last statement is finalized.
final class SQLiteDatabase {
    private(set) var handle: OpaquePointer?

    init(path: String) throws {
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            let code = db.map { sqlite3_extended_errcode($0) } ?? rc
            sqlite3_close_v2(db)
            throw SQLiteError.make(code: code, message: "cannot open database '\(path)': \(message)")
        }
        sqlite3_extended_result_codes(db, 1)
        handle = db
    }

    /// The live handle, or a usage error once the connection is closed.
    func open() throws -> OpaquePointer {
        guard let handle else { throw DriverError.usage("SQLite", "the connection is closed") }
        return handle
    }

    /// The error for a failed call, with the handle's message for it.
    func error(_ rc: Int32) -> DriverError {
        guard let handle else { return SQLiteError.make(code: rc, message: String(cString: sqlite3_errstr(rc))) }
        let extended = sqlite3_extended_errcode(handle)
        // The handle's code can be stale when the failure did not set it (e.g. misuse): trust rc then.
        let code = extended & 0xFF == rc & 0xFF ? extended : rc
        return SQLiteError.make(code: code, message: String(cString: sqlite3_errmsg(handle)))
    }

    func close() {
        guard let handle else { return }
        sqlite3_close_v2(handle)
        self.handle = nil
    }

    deinit { close() }
}
