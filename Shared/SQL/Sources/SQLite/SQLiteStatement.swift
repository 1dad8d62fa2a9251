import CSQLite

/// Owns one sqlite3_stmt and binds Ferry values into it.
///
/// Bound forms (read back by `SQLiteValueReader`): int/bool → INTEGER (bool 0/1), double → REAL
/// (NaN as the text "NaN": SQLite would store NULL), decimal → TEXT (exact; see `SQLiteTypes` for
/// the column type that keeps it text), text/json → TEXT, bytes → BLOB, temporal values →
/// ISO text (`ISOTemporalText`), uuid → lowercase TEXT.
final class SQLiteStatement {
    let database: SQLiteDatabase
    private(set) var handle: OpaquePointer?

    init(database: SQLiteDatabase, handle: OpaquePointer) {
        self.database = database
        self.handle = handle
    }

    /// Prepares the single statement in `sql` (already in `?N` form); a usage error when it holds more.
    /// `persistent`: a hint that the statement will be reused many times.
    static func prepareSingle(_ database: SQLiteDatabase, _ sql: String, persistent: Bool) throws -> SQLiteStatement {
        let db = try database.open()
        return try sql.withCString { start in
            var raw: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v3(db, start, -1, persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0, &raw, &tail)
            guard rc == SQLITE_OK else { throw database.error(rc) }
            guard let raw else { throw DriverError.usage("SQLite", "the SQL holds no statement") }
            let statement = SQLiteStatement(database: database, handle: raw)
            guard isBlank(tail) else {
                throw DriverError.usage("SQLite", "a prepared statement or cursor takes exactly one SQL statement")
            }
            return statement
        }
    }

    /// True when only whitespace and semicolons follow (no further statement).
    static func isBlank(_ tail: UnsafePointer<CChar>?) -> Bool {
        guard var p = tail else { return true }
        while p.pointee != 0 {
            switch UInt8(bitPattern: p.pointee) {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ";"): p += 1
            default: return false
            }
        }
        return true
    }

    private func live() throws -> OpaquePointer {
        guard let handle, database.handle != nil else { throw DriverError.usage("SQLite", "the statement or its connection is closed") }
        return handle
    }

    var columnCount: Int { handle.map { Int(sqlite3_column_count($0)) } ?? 0 }

    // MARK: binding

    /// Binds values to ?1…?n. Extra values beyond the statement's highest number are ignored
    /// (the caller checked the count against the whole SQL text, which may hold several statements).
    func bind(_ params: ArraySlice<SQLValue>) throws {
        let stmt = try live()
        let slots = Int(sqlite3_bind_parameter_count(stmt))
        for (offset, value) in params.prefix(slots).enumerated() {
            let rc = bind(value, stmt, Int32(offset + 1))
            guard rc == SQLITE_OK else { throw database.error(rc) }
        }
    }

    private func bind(_ value: SQLValue, _ stmt: OpaquePointer, _ i: Int32) -> Int32 {
        switch value {
        case .null: return sqlite3_bind_null(stmt, i)
        case .bool(let b): return sqlite3_bind_int64(stmt, i, b ? 1 : 0)
        case .int(let v): return sqlite3_bind_int64(stmt, i, v)
        case .double(let d): return d.isNaN ? bindText("NaN", stmt, i) : sqlite3_bind_double(stmt, i, d)
        case .decimal(let s), .text(let s), .json(let s): return bindText(s, stmt, i)
        case .bytes(let b):
            guard !b.isEmpty else { return sqlite3_bind_zeroblob(stmt, i, 0) }   // a nil pointer would bind NULL
            return b.withUnsafeBytes { sqlite3_bind_blob64(stmt, i, $0.baseAddress, sqlite3_uint64($0.count), SQLiteStatement.transient) }
        case .date(let d): return bindText(ISOTemporalText.date(d), stmt, i)
        case .time(let t): return bindText(ISOTemporalText.time(t), stmt, i)
        case .timestamp(let t): return bindText(ISOTemporalText.timestamp(t, zulu: false), stmt, i)
        case .timestamptz(let t): return bindText(ISOTemporalText.timestamp(t, zulu: true), stmt, i)
        case .uuid(let u): return bindText(u.uuidString.lowercased(), stmt, i)
        }
    }

    private func bindText(_ s: String, _ stmt: OpaquePointer, _ i: Int32) -> Int32 {
        var s = s
        return s.withUTF8 { buf in
            guard let base = buf.baseAddress, buf.count > 0 else { return sqlite3_bind_text(stmt, i, "", 0, SQLiteStatement.transient) }
            return base.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                sqlite3_bind_text64(stmt, i, $0, sqlite3_uint64(buf.count), SQLiteStatement.transient, UInt8(SQLITE_UTF8))
            }
        }
    }

    /// SQLITE_TRANSIENT (a cast macro Swift does not import): SQLite copies the bound bytes.
    static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

    // MARK: running

    /// Steps once: true when a row is ready, false when the statement is done.
    func step() throws -> Bool {
        let rc = sqlite3_step(try live())
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(rc)
        }
    }

    /// Steps to the end (rows, if any, are discarded); answers the rows this statement changed.
    func runToCompletion() throws -> Int {
        let db = try database.open()
        let before = sqlite3_total_changes64(db)
        while try step() {}
        // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE, stale after DDL or SELECT.
        return sqlite3_total_changes64(db) == before ? 0 : Int(sqlite3_changes64(db))
    }

    /// Makes the statement reusable and releases its read snapshot; bindings are cleared so a
    /// value can never leak from one execution into the next.
    func reset() {
        guard let handle, database.handle != nil else { return }
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func finalize() {
        guard let handle else { return }
        sqlite3_finalize(handle)
        self.handle = nil
    }

    deinit { finalize() }

    // MARK: result columns

    /// Logical type per result column from its declared type; nil for expressions (no declared type).
    func declaredTypes() -> [SQLType?] {
        guard let handle else { return [] }
        return (0..<Int32(columnCount)).map { i in
            sqlite3_column_decltype(handle, i).map { SQLiteTypes.logicalType(declared: String(cString: $0)) }
        }
    }

    func columnNames() -> [String] {
        guard let handle else { return [] }
        return (0..<Int32(columnCount)).map { i in sqlite3_column_name(handle, i).map { String(cString: $0) } ?? "" }
    }

    /// Column descriptions; `rowReady` lets expression columns take the storage class of the first row.
    func columnInfos(rowReady: Bool) -> [ColumnInfo] {
        guard let handle else { return [] }
        let names = columnNames()
        return (0..<Int32(columnCount)).map { i in
            if let decl = sqlite3_column_decltype(handle, i) {
                let native = String(cString: decl)
                return ColumnInfo(name: names[Int(i)], nativeType: native, type: SQLiteTypes.logicalType(declared: native), nullable: true)
            }
            let type: SQLType
            switch rowReady ? sqlite3_column_type(handle, i) : SQLITE_NULL {
            case SQLITE_INTEGER: type = .int64
            case SQLITE_FLOAT: type = .float64
            case SQLITE_TEXT: type = .text(maxLength: nil)
            case SQLITE_BLOB: type = .bytes
            default: type = .other("")
            }
            return ColumnInfo(name: names[Int(i)], nativeType: "", type: type, nullable: true)
        }
    }

    /// The current row's value in column `i`, decoded for the column's declared type.
    func value(_ i: Int, _ type: SQLType?) -> SQLValue {
        guard let handle else { return .null }
        return SQLiteValueReader.read(handle, Int32(i), type)
    }
}
