import CSQLite

/// A SQLite database file through libsqlite3. Opened read-write (created when missing; its parent
/// directory must exist), in WAL mode with synchronous=NORMAL, a 10 s busy timeout and foreign keys on.
/// Not thread-safe (NOMUTEX): one caller thread, as every `SQLConnection`.
public final class SQLiteConnection: SQLConnection {
    public let dialect = SQLDialect.sqlite
    public let path: String
    private let database: SQLiteDatabase
    private var cache = SQLiteStatementCache(capacity: 64)

    public init(path: String) throws {
        self.path = path
        database = try SQLiteDatabase(path: path)
        do {
            // busy_timeout first, so that switching to WAL waits for another connection's lock.
            for pragma in ["PRAGMA busy_timeout=10000", "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"] {
                try execute(pragma)
            }
            // Reconciliation digests rows inside SQLite: its hash functions live on every Ferry connection.
            let rc = SQLiteDigestFunctions.register(try database.open())
            guard rc == SQLITE_OK else { throw database.error(rc) }
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Statements held by the execute/query cache (for tests).
    var cachedStatementCount: Int { cache.count }

    // MARK: statements

    @discardableResult
    public func execute(_ sql: String, _ params: [SQLValue]) throws -> Int {
        var changes = 0
        try forEachStatement(sql, params) { changes += try $0.runToCompletion() }
        return changes
    }

    /// Materialises the rows of the last statement in `sql` that returns columns (normally the only one).
    public func query(_ sql: String, _ params: [SQLValue]) throws -> SQLResult {
        var result = SQLResult(columns: [], rows: [])
        try forEachStatement(sql, params) { stmt in
            let types = stmt.declaredTypes()
            var rows: [[SQLValue]] = []
            while try stmt.step() {
                rows.append((0..<types.count).map { stmt.value($0, types[$0]) })
            }
            if stmt.columnCount > 0 { result = SQLResult(columns: stmt.columnNames(), rows: rows) }
        }
        return result
    }

    public func prepare(_ sql: String) throws -> any PreparedStatement {
        try DriverError.attributed(to: sql) {
            let translated = try PlaceholderSQL(sql, style: .numbered)
            return SQLitePreparedStatement(try SQLiteStatement.prepareSingle(database, translated.sql, persistent: true), parameterCount: translated.parameterCount)
        }
    }

    /// Steps to the first row before returning, so that errors (syntax, BUSY) surface here.
    public func openCursor(_ sql: String, _ params: [SQLValue]) throws -> any RowCursor {
        let translated = try PlaceholderSQL(sql, style: .numbered)
        try translated.check(valueCount: params.count, driver: "SQLite")
        let stmt = try SQLiteStatement.prepareSingle(database, translated.sql, persistent: false)
        try stmt.bind(params[...])
        return SQLiteCursor(stmt, firstRow: try stmt.step())
    }

    /// Runs each statement of `sql` in turn, bound and handed to `body` before stepping. A single
    /// statement (the usual case) is cached by its text and reset after use; a script of several
    /// is prepared statement by statement, so later ones may use what earlier ones create.
    private func forEachStatement(_ sql: String, _ params: [SQLValue], _ body: (SQLiteStatement) throws -> Void) throws {
        try DriverError.attributed(to: sql) { try forEachStatementOf(sql, params, body) }
    }

    private func forEachStatementOf(_ sql: String, _ params: [SQLValue], _ body: (SQLiteStatement) throws -> Void) throws {
        let db = try database.open()
        if let cached = cache.lookup(sql) {
            try PlaceholderSQL.check(valueCount: params.count, parameterCount: cached.parameterCount, driver: "SQLite")
            defer { cached.statement.reset() }
            try cached.statement.bind(params[...])
            try body(cached.statement)
            return
        }
        let translated = try PlaceholderSQL(sql, style: .numbered)
        try translated.check(valueCount: params.count, driver: "SQLite")
        try translated.sql.withCString { start in
            var cursor = start
            var first = true
            while true {
                var raw: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let rc = sqlite3_prepare_v3(db, cursor, -1, first ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0, &raw, &tail)
                guard rc == SQLITE_OK else { throw database.error(rc) }
                guard let raw else { return }   // only whitespace or comments left
                let stmt = SQLiteStatement(database: database, handle: raw)
                let single = first && SQLiteStatement.isBlank(tail)
                if single { cache.insert(sql, stmt, parameterCount: translated.parameterCount) }
                defer { stmt.reset() }
                try stmt.bind(params[...])
                try body(stmt)
                guard !single, let tail else { return }
                cursor = tail
                first = false
            }
        }
    }

    // MARK: transactions

    /// IMMEDIATE: a writer takes the write lock up front, so two writers never deadlock upgrading
    /// read locks (which SQLite answers with BUSY that no waiting resolves).
    public func begin() throws { try execute("BEGIN IMMEDIATE") }

    public func commit() throws { try execute("COMMIT") }

    /// A no-op outside a transaction (SQLite may already have rolled back after an error).
    public func rollback() throws {
        guard let db = database.handle, sqlite3_get_autocommit(db) == 0 else { return }
        try execute("ROLLBACK")
    }

    // MARK: metadata

    public func serverVersion() throws -> String { "SQLite " + String(cString: sqlite3_libversion()) }

    /// Tables and views of the main database, or of an attached one when `schema` names it
    /// (any other schema name is ignored: SQLite has no schemas). SQLite's own sqlite_% tables are left out.
    public func listTables(schema: String?) throws -> [TableRef] {
        let attached = try attachedDatabase(schema)
        let master = attached.map { dialect.quote($0) + ".sqlite_master" } ?? "sqlite_master"
        let result = try query("SELECT name FROM \(master) WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
        let refSchema = attached == "main" ? nil : attached
        return result.rows.compactMap { $0[0].string.map { TableRef(schema: refSchema, name: $0) } }
    }

    /// Columns from PRAGMA table_xinfo: nativeType is the declared type; a column is nullable unless
    /// NOT NULL or part of the primary key; generated columns (hidden 2 virtual, 3 stored; table_info leaves them
    /// out) are marked, a virtual table's hidden ones (1) left out; the key is in key order (a rowid table without
    /// one has none).
    public func describeTable(_ table: TableRef) throws -> TableInfo? {
        let attached = try attachedDatabase(table.schema)
        let sql = """
            SELECT name, type, "notnull", pk, hidden FROM pragma_table_xinfo($1\(attached == nil ? "" : ", $2"))
            WHERE hidden <> 1 ORDER BY cid
            """
        let rows = try query(sql, [.text(table.name)] + (attached.map { [SQLValue.text($0)] } ?? [])).rows
        guard !rows.isEmpty else { return nil }
        var key: [(position: Int64, name: String)] = []
        let columns = rows.map { row -> ColumnInfo in
            let name = row[0].string ?? "", declared = row[1].string ?? ""
            let pk = row[3].int64 ?? 0
            if pk > 0 { key.append((pk, name)) }
            return ColumnInfo(name: name, nativeType: declared, type: SQLiteTypes.logicalType(declared: declared),
                              nullable: (row[2].int64 ?? 0) == 0 && pk == 0, generated: (row[4].int64 ?? 0) >= 2)
        }
        return TableInfo(ref: table, columns: columns, primaryKey: key.sorted { $0.position < $1.position }.map(\.name))
    }

    /// `schema` when it names an attached database ("main", "temp" or an ATTACH name), else nil.
    private func attachedDatabase(_ schema: String?) throws -> String? {
        guard let schema, !schema.isEmpty else { return nil }
        let names = try query("SELECT name FROM pragma_database_list").rows.compactMap { $0[0].string }
        return names.first { $0.caseInsensitiveCompare(schema) == .orderedSame }
    }

    public func close() {
        cache.removeAll()
        database.close()
    }
}
