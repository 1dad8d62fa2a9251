import CLibPQ

/// Discovery: tables, columns, keys, result shapes. Names are always bound as parameters.
extension PostgresConnection {
    /// Ordinary and partitioned tables and views of `schema` (default: current_schema()); partitions
    /// are left out (their parent lists their rows), as are pg_catalog and information_schema.
    public func listTables(schema: String?) throws -> [TableRef] {
        let r = try run("""
            SELECT n.nspname, c.relname
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = COALESCE($1::text, current_schema())
              AND c.relkind IN ('r', 'p', 'v') AND NOT c.relispartition
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            ORDER BY c.relname
            """, [schema.flatMap { $0.isEmpty ? nil : SQLValue.text($0) } ?? .null])
        return (0..<r.rowCount).map { TableRef(schema: r.string($0, 0), name: r.string($0, 1) ?? "") }
    }

    /// Columns in attnum order (nativeType = format_type(atttypid, atttypmod)), generated ones marked, the sequence
    /// of serial and identity ones named, and the primary key in key order; nil when no such table/view exists. The answer carries `table` as given.
    /// The logical type of an enum column is text, of a domain column its base type's (for targets that
    /// cannot have the type itself).
    public func describeTable(_ table: TableRef) throws -> TableInfo? {
        guard let oid = try relationOID(table) else { return nil }
        // attgenerated came with PostgreSQL 12's generated columns.
        let generated = PQserverVersion(try handle()) >= 120_000 ? "a.attgenerated <> ''" : "false"
        let cols = try run("""
            SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, t.typtype::text,
              t.typbasetype, pg_catalog.format_type(t.typbasetype, t.typtypmod), \(generated),
              pg_catalog.pg_get_serial_sequence($1::oid::regclass::text, a.attname)
            FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """, [.text(oid)])
        let columns = try (0..<cols.rowCount).map { i -> ColumnInfo in
            let native = cols.string(i, 1) ?? "text"
            let type = try logicalType(native: native, kind: cols.string(i, 3) ?? "b",
                                       base: (cols.string(i, 4) ?? "0", cols.string(i, 5) ?? ""))
            return ColumnInfo(name: cols.string(i, 0) ?? "", nativeType: native, type: type, nullable: cols.string(i, 2) != "t",
                              generated: cols.string(i, 6) == "t", sequence: cols.string(i, 7))
        }
        let pk = try run("""
            SELECT a.attname
            FROM pg_catalog.pg_index i
            CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE i.indrelid = $1::oid AND i.indisprimary
            ORDER BY k.ord
            """, [.text(oid)])
        return TableInfo(ref: table, columns: columns, primaryKey: (0..<pk.rowCount).compactMap { pk.string($0, 0) })
    }

    /// The type OID of each column in attnum order as binary COPY carries its values: atttypid, except that
    /// a domain is its base type (a result column of a domain reports the base type too, and COPY checks the
    /// domain's constraints) and an enum is text (its binary form is the label's text). Passthrough compares
    /// these with the source's; the COPY writer encodes by them. Throws 42P01 when the table does not exist.
    public func columnTypeOIDs(of table: TableRef) throws -> [UInt32] {
        guard let oid = try relationOID(table) else {
            throw DriverError(driver: PostgresError.driver, sqlState: .undefinedTable, message: "relation \"\(table)\" does not exist")
        }
        let r = try run("""
            SELECT a.atttypid, t.typtype::text, t.typbasetype FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """, [.text(oid)])
        return try (0..<r.rowCount).map { i in
            try wireOID(UInt32(r.string(i, 0) ?? "0") ?? 0, kind: r.string(i, 1) ?? "b", base: r.string(i, 2) ?? "0")
        }
    }

    /// Result column OIDs as binary COPY carries them, as `columnTypeOIDs` answers them: an enum's is text
    /// (result columns of domains already report the base type).
    private func wireTypeOIDs(_ oids: [UInt32]) throws -> [UInt32] {
        try oids.map { oid in
            guard oid >= 16384 else { return oid }   // built-in types (below FirstNormalObjectId) are what they are
            let r = try run("SELECT typtype::text, typbasetype FROM pg_catalog.pg_type WHERE oid = $1::oid", [.text(String(oid))])
            guard r.rowCount == 1 else { return oid }
            return try wireOID(oid, kind: r.string(0, 0) ?? "b", base: r.string(0, 1) ?? "0")
        }
    }

    /// Enum → text; domain → its base, followed through domains over domains (bounded).
    private func wireOID(_ oid: UInt32, kind: String, base: String) throws -> UInt32 {
        var (oid, kind, base) = (oid, kind, base)
        for _ in 0..<8 {
            switch kind {
            case "e": return PostgresOID.text
            case "d":
                let r = try run("SELECT b.oid, b.typtype::text, b.typbasetype FROM pg_catalog.pg_type b WHERE b.oid = $1::oid", [.text(base)])
                guard r.rowCount == 1 else { return oid }
                (oid, kind, base) = (UInt32(r.string(0, 0) ?? "0") ?? 0, r.string(0, 1) ?? "b", r.string(0, 2) ?? "0")
            default: return oid
            }
        }
        return oid
    }

    /// Result column names and type OIDs of a query, without running it (PQprepare + PQdescribePrepared
    /// of the unnamed statement). The OIDs are those binary COPY carries: an enum column's is text's, so that
    /// passthrough compares it equal to an enum target column (see `columnTypeOIDs`).
    public func describeQuery(_ sql: String) throws -> [(name: String, oid: UInt32)] {
        let c = try handle()
        _ = try checked(PQprepare(c, "", sql, 0, nil))
        let d = try checked(PQdescribePrepared(c, ""))
        let names = (0..<d.columnCount).map { d.columnName($0) }
        let oids = try wireTypeOIDs((0..<d.columnCount).map { d.columnOID($0) })
        return Array(zip(names, oids))
    }

    /// Enums are text; a domain is its base type, followed through domains over domains (bounded).
    private func logicalType(native: String, kind: String, base: (oid: String, formatted: String)) throws -> SQLType {
        var (kind, base) = (kind, base)
        for _ in 0..<8 {
            switch kind {
            case "e": return .text(maxLength: nil)
            case "d":
                let r = try run("""
                    SELECT b.typtype::text, b.typbasetype, pg_catalog.format_type(b.typbasetype, b.typtypmod)
                    FROM pg_catalog.pg_type b WHERE b.oid = $1::oid
                    """, [.text(base.oid)])
                guard r.rowCount == 1, let k = r.string(0, 0) else { return TypeMapping.logicalType(native: base.formatted) }
                if k != "d" && k != "e" { return TypeMapping.logicalType(native: base.formatted) }
                kind = k
                base = (r.string(0, 1) ?? "0", r.string(0, 2) ?? "")
            default: return TypeMapping.logicalType(native: native)
            }
        }
        return TypeMapping.logicalType(native: native)
    }

    /// pg_class.oid (as text) of a table, view, materialized view or foreign table.
    func relationOID(_ table: TableRef) throws -> String? {
        let r = try run("""
            SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = COALESCE($1::text, current_schema()) AND c.relname = $2::text
              AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
            """, [table.schema.flatMap { $0.isEmpty ? nil : SQLValue.text($0) } ?? .null, .text(table.name)])
        return r.rowCount > 0 ? r.string(0, 0) : nil
    }
}
