import FerrySQL

/// DDL that parallel steps may run at once on one target. PostgreSQL's `CREATE SCHEMA/TABLE IF NOT EXISTS`
/// race in its catalogs (two sessions both see "missing", one fails with 23505 on `pg_namespace` or
/// `pg_type`), so there the body runs in a transaction under one advisory lock; elsewhere it runs as is.
enum SerializedDDL {
    /// "FERRYDDL": one lock for all of Ferry's DDL on a target.
    static let lockKey: Int64 = 0x4645_5252_5944_444C

    static func run(_ c: any SQLConnection, _ body: () throws -> Void) throws {
        guard let lock = c.dialect.transactionLock else { return try body() }
        try c.transaction {
            _ = try c.query(lock, [.int(lockKey)])
            try body()
        }
    }
}
