import FerrySQL

/// After a step's rows, the target's own sequences behind the columns it wrote (serial and identity columns of a
/// table the user made, e.g. with `pg_dump --schema-only`; discovery names them, ``ColumnInfo/sequence``) are moved up
/// to the largest value those rows brought, as pgloader does: the rows carry the source's ids, and the application's
/// next insert into the target would otherwise draw one of them again. A sequence is never moved back, nor one that
/// counts down. A sequence the target's user may not read or set is left as it is (the rows are in; only the log
/// says so).
enum TargetSequences {
    /// The columns of `table` among `written` that a sequence numbers.
    static func numbered(_ table: TableInfo, written: [String]) -> [ColumnInfo] {
        table.columns.filter { $0.sequence != nil && written.contains($0.name) }
    }

    static func advance(_ c: any SQLConnection, table: TableRef, columns: [ColumnInfo], warn: (String) -> Void) {
        let d = c.dialect
        for column in columns {
            guard let sequence = column.sequence else { continue }
            do {
                _ = try c.query("""
                    SELECT setval($1::regclass, x.m) FROM (SELECT max(\(d.quote(column.name)))::bigint AS m FROM \(d.qualified(table))) x,
                      pg_catalog.pg_sequence s
                    WHERE s.seqrelid = $1::regclass AND s.seqincrement > 0 AND x.m IS NOT NULL
                      AND x.m > COALESCE(pg_sequence_last_value($1::regclass), s.seqstart - 1)
                    """, [.text(sequence)])
            } catch {
                warn("could not move sequence \(sequence) of target table \(table) past the copied values: \(error)")
            }
        }
    }
}
