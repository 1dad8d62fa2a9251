import CODBC

/// Discovery through the ODBC catalog functions (SQLTables, SQLColumns, SQLPrimaryKeys), so it
/// works for any driver. With psqlODBC a nil schema means "public", PostgreSQL's default; for
/// other DBMSs a nil schema searches every schema the driver reports.
extension ODBCConnection {
    public func listTables(schema: String?) throws -> [TableRef] {
        let schemaPattern = (schema ?? defaultSchema).map(escapePattern)
        let rows = try catalogRows("listing tables") { stmt in
            withODBCString(schemaPattern) { s, sl in
                withODBCString("%") { t, tl in
                    withODBCString("TABLE,VIEW") { types, typesLength in
                        SQLTables(stmt, nil, 0, s, sl, t, tl, types, typesLength)
                    }
                }
            }
        }
        // TABLE_CAT, TABLE_SCHEM, TABLE_NAME, TABLE_TYPE, REMARKS
        return rows.compactMap { row in
            guard let name = row[2], !name.isEmpty else { return nil }
            if dialect.family == .sqlite && name.lowercased().hasPrefix("sqlite_") { return nil }
            return TableRef(schema: row[1].flatMap { $0.isEmpty ? nil : $0 }, name: name)
        }
    }

    public func describeTable(_ table: TableRef) throws -> TableInfo? {
        let schema = table.schema ?? defaultSchema
        let rows = try catalogRows("describing \(table)") { stmt in
            withODBCString(schema.map(escapePattern)) { s, sl in
                withODBCString(escapePattern(table.name)) { t, tl in
                    withODBCString("%") { c, cl in SQLColumns(stmt, nil, 0, s, sl, t, tl, c, cl) }
                }
            }
        }
        // TABLE_CAT 0, TABLE_SCHEM 1, TABLE_NAME 2, COLUMN_NAME 3, DATA_TYPE 4, TYPE_NAME 5,
        // COLUMN_SIZE 6, BUFFER_LENGTH 7, DECIMAL_DIGITS 8, NUM_PREC_RADIX 9, NULLABLE 10, …, ORDINAL_POSITION 16
        // Patterns may match more than asked (no escape character, or the same name in several
        // schemas): keep exact name matches of the first schema seen.
        let exact = rows.filter { $0[2] == table.name }
        guard let first = exact.first else { return nil }
        let foundSchema = first[1].flatMap { $0.isEmpty ? nil : $0 }
        let mine = exact.filter { $0[1] == first[1] }
        func ordinal(_ row: [String?]) -> Int { row.count > 16 ? Int(row[16] ?? "") ?? 0 : 0 }
        let ordered = mine.enumerated()
            .sorted { (ordinal($0.element), $0.offset) < (ordinal($1.element), $1.offset) }   // stable: drivers without ORDINAL_POSITION keep their order
            .map(\.element)
        let columns = ordered.map { row -> ColumnInfo in
            let sqlType = Int(row[4] ?? "") ?? 0
            let typeName = row[5] ?? ""
            let size = Int(row[6] ?? "") ?? 0
            let digits = Int(row[8] ?? "") ?? 0
            return ColumnInfo(name: row[3] ?? "",
                              nativeType: ODBCTypes.nativeType(typeName: typeName, sqlType: sqlType, size: size, digits: digits),
                              type: ODBCTypes.logicalType(sqlType: sqlType, size: size, digits: digits, typeName: typeName),
                              nullable: (Int(row[10] ?? "") ?? 1) != Int(SQL_NO_NULLS))
        }
        let key = try primaryKey(table.name, schema: foundSchema)
        // A key column never holds NULL, whatever NULLABLE says (libsqliteodbc reports 1 for them).
        let keyed = columns.map { c -> ColumnInfo in
            var c = c
            if key.contains(c.name) { c.nullable = false }
            return c
        }
        return TableInfo(ref: TableRef(schema: table.schema ?? foundSchema, name: table.name), columns: keyed, primaryKey: key)
    }

    /// Key columns in key order. libsqliteodbc (0.9998) numbers KEY_SEQ in column order rather
    /// than key order, so for SQLite the key comes from PRAGMA table_info through the same connection.
    private func primaryKey(_ name: String, schema: String?) throws -> [String] {
        if dialect.family == .sqlite {
            return try query("SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk", [.text(name)]).rows.compactMap { $0[0].string }
        }
        let rows = try catalogRows("reading the primary key of \(name)") { stmt in
            withODBCString(schema) { s, sl in
                withODBCString(name) { t, tl in SQLPrimaryKeys(stmt, nil, 0, s, sl, t, tl) }
            }
        }
        // TABLE_CAT, TABLE_SCHEM, TABLE_NAME, COLUMN_NAME, KEY_SEQ, PK_NAME
        return rows.filter { $0[2] == name }
            .sorted { (Int($0[4] ?? "") ?? 0) < (Int($1[4] ?? "") ?? 0) }
            .compactMap { $0[3] }
    }

    /// psqlODBC's catalog functions otherwise search every schema.
    private var defaultSchema: String? { dialect.family == .postgresql ? "public" : nil }

    /// A name as a catalog-function pattern: `_` and `%` taken literally.
    private func escapePattern(_ name: String) -> String {
        guard !searchEscape.isEmpty else { return name }
        var out = ""
        for ch in name {
            if ch == "_" || ch == "%" || String(ch) == searchEscape { out += searchEscape }
            out.append(ch)
        }
        return out
    }

    /// Runs one catalog function on a fresh statement and reads its rows as text.
    private func catalogRows(_ context: String, _ call: (SQLHSTMT) -> SQLRETURN) throws -> [[String?]] {
        let statement = try ODBCStatementHandle(connection: connection)
        defer { statement.free() }
        try statement.check(call(try statement.live()), context)
        let reader = try ODBCResultReader(statement)
        var rows: [[String?]] = []
        while try reader.fetch() { rows.append(try reader.textRow()) }
        return rows
    }
}

/// A String as the (SQLCHAR*, length) pair of ODBC's ANSI functions; nil stays a null pointer.
/// The bytes end in a NUL so even "" has a valid pointer.
func withODBCString<R>(_ s: String?, _ body: (UnsafeMutablePointer<SQLCHAR>?, SQLSMALLINT) -> R) -> R {
    guard let s else { return body(nil, 0) }
    var bytes = Array(s.utf8) + [0]
    return bytes.withUnsafeMutableBufferPointer { body($0.baseAddress, SQLSMALLINT($0.count - 1)) }
}
