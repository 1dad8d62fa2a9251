/// A table's size from the engine's statistics where it keeps them (PostgreSQL's `pg_class`), else counted:
/// the partition planner sizes its ranges by it, the splitter chooses how to sample by it, and a step's progress
/// shows its rows against it.
public struct TableSize: Sendable, Equatable {
    /// Rows by the statistics (`reltuples`; −1 on PostgreSQL 14+ until the table is first analysed or vacuumed).
    public var rows: Int64
    /// Pages on disk (`relpages`).
    public var pages: Int64

    /// The statistics in one read, or nil on an engine without them.
    public static func statistics(_ c: any SQLConnection, table: TableRef) throws -> TableSize? {
        guard let sql = c.dialect.tableStatistics else { return nil }
        guard let row = try c.query(sql, [.text(c.dialect.qualified(table))]).rows.first,
              let rows = row[0].int64, let pages = row[1].int64 else { return nil }
        return TableSize(rows: rows, pages: pages)
    }

    /// Rows by the statistics when they know any, else `COUNT(*)`.
    public static func rows(_ c: any SQLConnection, table: TableRef) throws -> Int64 {
        if let n = try statistics(c, table: table)?.rows, n > 0 { return n }
        return try c.query("SELECT COUNT(*) FROM \(c.dialect.qualified(table))").rows.first?.first?.int64 ?? 0
    }
}
