/// The small statements whose spelling differs between engines, so callers never branch on `family`.
extension SQLDialect {
    /// Whether tables live in schemas the engine can create (PostgreSQL): the checkpoint table gets its own.
    public var hasCreatableSchemas: Bool { family == .postgresql }

    /// `CREATE SCHEMA IF NOT EXISTS`, where the engine has it (nil elsewhere: nothing to create).
    public func createSchemaIfMissing(_ schema: String) -> String? {
        hasCreatableSchemas ? "CREATE SCHEMA IF NOT EXISTS \(quote(schema))" : nil
    }

    /// Empties a table: TRUNCATE where it is transactional and cheap, DELETE elsewhere.
    public func truncate(_ t: TableRef) -> String {
        family == .postgresql || family == .mysql ? "TRUNCATE TABLE \(qualified(t))" : "DELETE FROM \(qualified(t))"
    }

    /// A query that answers one row when the table holds any (that meets `condition`, when given).
    public func anyRowProbe(_ t: TableRef, where condition: String? = nil) -> String {
        let whereClause = condition.map { " WHERE \($0)" } ?? ""
        switch family {
        case .sqlserver: return "SELECT TOP 1 1 FROM \(qualified(t))\(whereClause)"
        case .oracle: return "SELECT 1 FROM \(qualified(t)) WHERE \(condition.map { "(\($0)) AND " } ?? "")ROWNUM = 1"
        default: return "SELECT 1 FROM \(qualified(t))\(whereClause) LIMIT 1"
        }
    }

    public func savepoint(_ name: String) -> String {
        family == .sqlserver ? "SAVE TRANSACTION \(name)" : "SAVEPOINT \(name)"
    }

    public func rollbackToSavepoint(_ name: String) -> String {
        family == .sqlserver ? "ROLLBACK TRANSACTION \(name)" : "ROLLBACK TO SAVEPOINT \(name)"
    }

    /// Releases a savepoint (nil where the engine has no such statement: SQL Server).
    public func releaseSavepoint(_ name: String) -> String? {
        family == .sqlserver ? nil : "RELEASE SAVEPOINT \(name)"
    }

    /// Lets the current transaction's COMMIT return before its log is flushed (nil where the engine cannot).
    public var asynchronousCommit: String? {
        family == .postgresql ? "SET LOCAL synchronous_commit TO off" : nil
    }

    /// Gives a keyless table its primary key, where the engine can (PostgreSQL; nil elsewhere: SQLite cannot add
    /// one after CREATE TABLE). Ferry adds a new target's key once its rows are in (one sorted index build).
    public func addPrimaryKey(_ t: TableRef, columns: [String]) -> String? {
        family == .postgresql ? "ALTER TABLE \(qualified(t)) ADD PRIMARY KEY (\(columnList(columns)))" : nil
    }

    /// Suffix of a SELECT that locks the rows it reads until the transaction ends (nil where the engine has none).
    public var lockingRead: String? { family == .postgresql ? " FOR UPDATE" : nil }
}

extension SQLDialect {
    /// A column type from the type mapping table, for DDL Ferry writes itself (the checkpoint table).
    public func columnType(_ t: SQLType) -> String { TypeMapping.columnType(t, for: family) }

    /// Whether `INSERT … ON CONFLICT (key) DO UPDATE` is spoken here (else update-then-insert).
    public var hasInsertOnConflict: Bool { family == .postgresql || family == .sqlite }

    /// Takes a lock held until the transaction ends, keyed by `$1` (a bigint), where the engine has one:
    /// DDL of parallel steps is serialised by it (nil elsewhere: such engines do not race in their catalogs).
    public var transactionLock: String? { family == .postgresql ? "SELECT pg_advisory_xact_lock($1)" : nil }

    /// Between an INSERT's column list and its rows: the source's values go into the target's identity columns
    /// too, `GENERATED ALWAYS` ones included (PostgreSQL refuses them otherwise; COPY takes them as given).
    public var insertOverride: String { family == .postgresql ? " OVERRIDING SYSTEM VALUE" : "" }

    /// The statistics' row and page counts, bound `$1` = the qualified table name (nil: count instead).
    public var tableStatistics: String? {
        family == .postgresql ? "SELECT reltuples::bigint, relpages::bigint FROM pg_class WHERE oid = to_regclass($1)" : nil
    }
}
