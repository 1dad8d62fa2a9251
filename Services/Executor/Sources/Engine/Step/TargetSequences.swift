import FerrySQL

/// After a step's rows, the target's own sequences behind the columns it wrote (serial and identity columns of a
/// table the user made, e.g. with `pg_dump --schema-only`) are moved up to the largest value those rows brought, as
/// pgloader does: the rows carry the source's ids, and the application's next insert into the target would otherwise
/// draw one of them again. A sequence is never moved back, nor one that counts down. PostgreSQL targets only; a
/// sequence the target's user may not read or set is left as it is (the rows are in; only the log says so).
enum TargetSequences {
    /// The sequences moved, by column.
    @discardableResult
    static func advance(_ c: any SQLConnection, table: TableRef, columns: [String],
                        warn: (String) -> Void) -> [String] {
        guard c.dialect.family == .postgresql, !columns.isEmpty else { return [] }
        let d = c.dialect
        let name = d.qualified(table)
        let owned: [(column: String, sequence: String)]
        do {
            owned = try c.query("""
                SELECT a.attname, pg_get_serial_sequence($1, a.attname) FROM pg_catalog.pg_attribute a
                WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
                  AND pg_get_serial_sequence($1, a.attname) IS NOT NULL
                """, [.text(name)]).rows
                .compactMap { r in r[0].textValue.flatMap { col in r[1].textValue.map { (col, $0) } } }
                .filter { columns.contains($0.column) }
        } catch {
            warn("could not read the sequences of target table \(table): \(error)")
            return []
        }
        var moved: [String] = []
        for (column, sequence) in owned {
            do {
                let r = try c.query("""
                    SELECT setval($1::regclass, x.m) FROM (SELECT max(\(d.quote(column)))::bigint AS m FROM \(name)) x,
                      pg_catalog.pg_sequence s
                    WHERE s.seqrelid = $1::regclass AND s.seqincrement > 0 AND x.m IS NOT NULL
                      AND x.m > COALESCE(pg_sequence_last_value($1::regclass), s.seqstart - 1)
                    """, [.text(sequence)])
                if !r.rows.isEmpty { moved.append(column) }
            } catch {
                warn("could not move sequence \(sequence) of target table \(table) past the copied values: \(error)")
            }
        }
        return moved
    }
}
