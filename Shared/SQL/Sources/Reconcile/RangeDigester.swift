/// One side of a reconciliation: a table on one connection, the columns compared (in the pair's order, typed as
/// this side holds them) and its key columns (in key order, named as on this side).
public struct ReconcileTable: Sendable, Hashable {
    public var table: TableRef
    public var columns: [ColumnInfo]
    public var key: [String]
    /// How this side's rows are hashed: both sides of a pair must hash alike (``TableReconciler`` chooses).
    public var hashing: RowHashing = .canonical
    public init(table: TableRef, columns: [ColumnInfo], key: [String]) {
        self.table = table; self.columns = columns; self.key = key
    }

    var keyTypes: [SQLType] { key.map { k in columns.first { $0.name == k }?.type ?? .text(maxLength: nil) } }
}

/// A WHERE condition selecting one key range of a side, with its bound parameters (`$1…`); nil = every row.
public struct RangeFilter: Sendable, Hashable {
    public var sql: String?
    public var parameters: [SQLValue]
    public init(sql: String?, parameters: [SQLValue]) { self.sql = sql; self.parameters = parameters }
    public static let all = RangeFilter(sql: nil, parameters: [])
}

/// How a side hashes its rows: by their canonical texts (comparable across engines), or by PostgreSQL's own type
/// hashes when both sides are PostgreSQL with the same column types (``PostgresNativeHashSQL``).
public enum RowHashing: Sendable, Hashable { case canonical, postgresNative }

/// One key of a listed range: its columns' canonical texts and the row's hash ("" when only counting).
public struct KeyedRowHash: Sendable, Hashable {
    public var key: [String]
    public var hash: String
}

/// Counts, digests and lists the rows of one key range on one connection, where the rows are: in SQL on
/// PostgreSQL (``PostgresCanonicalSQL``) and on Ferry's SQLite connections (``SQLiteDigestFunctions``); through any
/// other driver (ODBC) the rows stream through Ferry and are hashed as they pass, in batches (memory bounded).
public enum RangeDigester {
    enum Strategy { case postgresNative, postgresSQL, sqliteFunctions, streamed }

    static func strategy(_ c: any SQLConnection, _ t: ReconcileTable) -> Strategy {
        if t.hashing == .postgresNative && c.dialect.family == .postgresql { return .postgresNative }
        if c is SQLiteConnection { return .sqliteFunctions }
        return c.dialect.family == .postgresql ? .postgresSQL : .streamed
    }

    public static func count(_ c: any SQLConnection, _ t: ReconcileTable, _ range: RangeFilter) throws -> Int64 {
        let sql = "SELECT count(*) FROM \(c.dialect.qualified(t.table))" + (range.sql.map { " WHERE \($0)" } ?? "")
        return try c.query(sql, range.parameters).rows.first?.first?.int64 ?? 0
    }

    public static func digest(_ c: any SQLConnection, _ t: ReconcileTable, _ range: RangeFilter) throws -> RangeDigest {
        try digest(c, t, range, how: strategy(c, t))
    }

    /// `how`: the strategy to use instead of the connection's own (tests stream a SQLite table through Ferry).
    static func digest(_ c: any SQLConnection, _ t: ReconcileTable, _ range: RangeFilter, how: Strategy) throws -> RangeDigest {
        let d = c.dialect
        let from = d.qualified(t.table)
        let sql: String
        switch how {
        case .postgresNative:
            sql = PostgresNativeHashSQL.digestSQL(from: from, rowHash: PostgresNativeHashSQL.rowHash(t.columns, quote: d.quote),
                                                  where: range.sql)
        case .postgresSQL:
            sql = PostgresCanonicalSQL.digestSQL(from: from, columns: t.columns.map { (d.quote($0.name), $0.type) },
                                                 where: range.sql)
        case .sqliteFunctions:
            sql = SQLiteDigestFunctions.digestSQL(from: from, arguments: sqliteArguments(t, d), where: range.sql)
        case .streamed:
            var digest = RangeDigest()
            let types = t.columns.map(\.type)
            try stream(c, t, range, columns: t.columns.map(\.name)) { row in digest.add(RowHash(row, types: types)); return true }
            return digest
        }
        return RangeDigest(sumsRow: try c.query(sql, range.parameters).rows.first ?? [])
    }

    /// The range's keys in key order with each row's hash (`withHash`) — at most `limit` of them; `complete` is
    /// false when the range holds more.
    public static func keys(_ c: any SQLConnection, _ t: ReconcileTable, _ range: RangeFilter, withHash: Bool,
                            limit: Int) throws -> (rows: [KeyedRowHash], complete: Bool) {
        let d = c.dialect
        let from = d.qualified(t.table)
        let keyTypes = t.keyTypes
        let filter = range.sql.map { " WHERE \($0)" } ?? ""
        let order = " ORDER BY \(d.columnList(t.key))"
        var out: [KeyedRowHash] = []
        var complete = true
        func canonicalKey(_ row: ArraySlice<SQLValue>) -> [String] {
            zip(row, keyTypes).map { CanonicalText.of($0.0, as: $0.1) ?? "NULL" }
        }
        let sql: String
        switch (withHash, strategy(c, t)) {
        case (false, _):
            sql = "SELECT \(d.columnList(t.key)) FROM \(from)\(filter)\(order)"
        case (true, .postgresNative):
            sql = PostgresNativeHashSQL.rowHashSQL(from: from, rowHash: PostgresNativeHashSQL.rowHash(t.columns, quote: d.quote),
                                                   key: t.key.map(d.quote), where: range.sql)
        case (true, .postgresSQL):
            sql = PostgresCanonicalSQL.rowHashSQL(from: from, columns: t.columns.map { (d.quote($0.name), $0.type) },
                                                  key: t.key.map(d.quote), where: range.sql)
        case (true, .sqliteFunctions):
            sql = "SELECT \(d.columnList(t.key)), ferry_row_hash(\(sqliteArguments(t, d))) FROM \(from)\(filter)\(order)"
        case (true, .streamed):
            let types = t.columns.map(\.type)
            let keyIndexes = t.key.compactMap { k in t.columns.firstIndex { $0.name == k } }
            try stream(c, t, range, columns: t.columns.map(\.name), order: order) { row in
                guard out.count < limit else { complete = false; return false }
                let key = keyIndexes.map { CanonicalText.of(row[row.startIndex + $0], as: types[$0]) ?? "NULL" }
                out.append(KeyedRowHash(key: key, hash: RowHash(row, types: types).hex))
                return true
            }
            return (out, complete)
        }
        try stream(c, sql, range.parameters) { row in
            guard out.count < limit else { complete = false; return false }
            let key = canonicalKey(row.prefix(t.key.count))
            out.append(KeyedRowHash(key: key, hash: withHash ? (row.last?.string ?? "") : ""))
            return true
        }
        return (out, complete)
    }

    private static func sqliteArguments(_ t: ReconcileTable, _ d: SQLDialect) -> String {
        "'\(SQLiteDigestFunctions.typeCodes(t.columns.map(\.type)))', " + d.columnList(t.columns.map(\.name))
    }

    private static func stream(_ c: any SQLConnection, _ t: ReconcileTable, _ range: RangeFilter, columns: [String],
                               order: String = "", _ body: (ArraySlice<SQLValue>) -> Bool) throws {
        let d = c.dialect
        let sql = "SELECT \(d.columnList(columns)) FROM \(d.qualified(t.table))" + (range.sql.map { " WHERE \($0)" } ?? "") + order
        try stream(c, sql, range.parameters, body)
    }

    /// Streams a query's rows in batches; `body` answers false to stop early.
    private static func stream(_ c: any SQLConnection, _ sql: String, _ params: [SQLValue],
                               _ body: (ArraySlice<SQLValue>) -> Bool) throws {
        let cursor = try c.openCursor(sql, params)
        defer { cursor.close() }
        var batch = RowBatch(columnCount: cursor.columns.count, reservingRows: 1000)
        while true {
            batch.removeAll()
            guard try cursor.next(into: &batch, maxRows: 1000) > 0 else { return }
            for r in 0..<batch.rowCount where !body(batch.row(r)) { return }
        }
    }
}

extension ReconcileTable {
    /// Both sides of a planned table pair: the plan's columns position for position (a mapping set's renames
    /// applied), each typed as its own table declares it; nil when the plan has no key (custom SQL without one)
    /// or names a column a table lacks.
    public static func pair(plan: LoadPlan, source: TableInfo, target: TableInfo) -> (ReconcileTable, ReconcileTable)? {
        guard !plan.keyColumns.isEmpty, plan.keyColumns.count == plan.targetKeyColumns.count else { return nil }
        let s = plan.sourceColumns.compactMap(source.column(named:))
        let t = plan.targetColumns.compactMap(target.column(named:))
        guard s.count == plan.sourceColumns.count, t.count == plan.targetColumns.count else { return nil }
        return (ReconcileTable(table: source.ref, columns: s, key: plan.keyColumns),
                ReconcileTable(table: target.ref, columns: t, key: plan.targetKeyColumns))
    }
}
