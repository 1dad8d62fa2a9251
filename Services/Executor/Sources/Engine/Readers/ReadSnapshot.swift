import FerrySQL

/// The source as one snapshot from the first row read until the step's content check has run, so the check
/// compares the target with exactly the rows that were read. Without it a writer adding or changing source rows
/// during the copy would make a correct copy look short (and fail it under the default `reconcile: count`).
/// PostgreSQL: a REPEATABLE READ, READ ONLY transaction (its snapshot is taken by the reader's COPY, the first
/// statement in it). SQLite in WAL mode: a deferred read transaction (one WAL snapshot, blocking no writer).
/// Elsewhere none — a rollback-journal SQLite file would lock its writers out for the step, ODBC drivers manage
/// transactions by attribute — and the check reads the source again.
struct ReadSnapshot {
    let opened: Bool

    static let none = ReadSnapshot(opened: false)

    static func begin(_ c: any SQLConnection) throws -> ReadSnapshot {
        switch c.dialect.family {
        case .postgresql:
            try c.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return ReadSnapshot(opened: true)
        case .sqlite:
            guard try c.query("PRAGMA journal_mode").rows.first?.string(0)?.lowercased() == "wal" else { return .none }
            try c.execute("BEGIN")
            return ReadSnapshot(opened: true)
        default:
            return .none
        }
    }

    /// Ends the read transaction (it wrote nothing: COMMIT and ROLLBACK are the same here).
    func end(_ c: any SQLConnection) { if opened { _ = try? c.execute("COMMIT") } }
}
