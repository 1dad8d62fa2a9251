/// One open database connection. Calls block (they are C library calls), so a connection is only
/// ever used from its own thread: wrap it in a `DatabaseSession`, never call it on a NIO event loop
/// or the Swift concurrency pool.
///
/// SQL uses `$1, $2, …` placeholders for every driver; SQLite and ODBC drivers translate them.
/// Values are always bound, never spliced into SQL.
public protocol SQLConnection: AnyObject {
    var dialect: SQLDialect { get }

    /// Runs a statement; answers the number of rows affected (0 when the driver does not say).
    @discardableResult
    func execute(_ sql: String, _ params: [SQLValue]) throws -> Int
    /// Runs a query and materialises its (small) result.
    func query(_ sql: String, _ params: [SQLValue]) throws -> SQLResult
    /// A statement prepared once and executed many times (per row in chunk writers).
    func prepare(_ sql: String) throws -> any PreparedStatement
    /// A forward-only streamed result; memory bounded by what the caller asks for per call.
    func openCursor(_ sql: String, _ params: [SQLValue]) throws -> any RowCursor

    func begin() throws
    func commit() throws
    func rollback() throws

    /// "PostgreSQL 15.18", "SQLite 3.40.1", "PostgreSQL 15.18 via psqlODBC 13.02" …
    func serverVersion() throws -> String
    /// Tables (and views) visible in `schema`, or in the connection's default schema when nil.
    func listTables(schema: String?) throws -> [TableRef]
    /// Columns (ordinal order) and primary key; nil when the table does not exist.
    func describeTable(_ table: TableRef) throws -> TableInfo?

    /// False when the server is known to have dropped the connection (checked without a round trip; a driver
    /// that cannot tell says true, and the next statement finds out).
    var isAlive: Bool { get }

    func close()
}

extension SQLConnection {
    public var isAlive: Bool { true }

    @discardableResult
    public func execute(_ sql: String) throws -> Int { try execute(sql, []) }
    public func query(_ sql: String) throws -> SQLResult { try query(sql, []) }

    /// Runs `body` in a transaction: commit on return, rollback on throw.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try begin()
        do {
            let result = try body()
            try commit()
            return result
        } catch {
            try? rollback()
            throw error
        }
    }
}

/// A prepared statement; `execute` binds one row of parameters and runs it.
public protocol PreparedStatement: AnyObject {
    @discardableResult
    func execute(_ params: ArraySlice<SQLValue>) throws -> Int
    func close()
}

extension PreparedStatement {
    @discardableResult
    public func execute(_ params: [SQLValue]) throws -> Int { try execute(params[...]) }
}

/// A forward-only cursor over a streamed result.
public protocol RowCursor: AnyObject {
    /// Result columns with the types the values are decoded as.
    var columns: [ColumnInfo] { get }
    /// Appends up to `maxRows` rows to `batch`; answers how many were appended (0 = end of result).
    func next(into batch: inout RowBatch, maxRows: Int) throws -> Int
    func close()
}

/// A chunk of rows, stored row-major in one flat array (one allocation per chunk, not per row).
public struct RowBatch: Sendable {
    public let columnCount: Int
    public private(set) var values: [SQLValue]
    /// Approximate payload size, for the chunk byte cap.
    public private(set) var byteCount: Int = 0

    public init(columnCount: Int, reservingRows rows: Int = 0) {
        self.columnCount = columnCount
        values = []
        values.reserveCapacity(rows * columnCount)
    }

    public var rowCount: Int { columnCount == 0 ? 0 : values.count / columnCount }
    public var isEmpty: Bool { values.isEmpty }

    public func row(_ i: Int) -> ArraySlice<SQLValue> {
        values[(i * columnCount)..<((i + 1) * columnCount)]
    }

    public subscript(row: Int, column: Int) -> SQLValue { values[row * columnCount + column] }

    /// Appends one value; a row is complete after `columnCount` appends.
    public mutating func append(_ v: SQLValue) {
        values.append(v)
        byteCount += v.approximateSize
    }

    public mutating func append<S: Sequence>(row: S) where S.Element == SQLValue {
        for v in row { append(v) }
    }

    public mutating func removeAll(keepingCapacity: Bool = true) {
        values.removeAll(keepingCapacity: keepingCapacity)
        byteCount = 0
    }
}

extension SQLValue {
    var approximateSize: Int {
        switch self {
        case .text(let s), .decimal(let s), .json(let s): return 16 + s.utf8.count
        case .bytes(let b): return 16 + b.count
        default: return 16
        }
    }
}

extension SQLConnection {
    /// `describeTable`, falling back to a case-insensitive match when the exact name is absent
    /// (users type CUSTOMERS for an unquoted PostgreSQL table `customers`). Ambiguous → nil.
    public func findTable(_ ref: TableRef) throws -> TableInfo? {
        if let t = try describeTable(ref) { return t }
        let matches = try listTables(schema: ref.schema).filter {
            $0.name.caseInsensitiveCompare(ref.name) == .orderedSame
        }
        guard matches.count == 1 else { return nil }
        return try describeTable(matches[0])
    }
}
