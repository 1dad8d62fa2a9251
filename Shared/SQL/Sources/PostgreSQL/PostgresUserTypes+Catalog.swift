/// Reading `PostgresUserTypes` from a source's catalog (pg_type, pg_enum, pg_constraint, pg_attribute, pg_range).
extension PostgresConnection {
    /// The user-defined types the columns of `table` use, dependencies first; empty when it uses none or
    /// does not exist. Built-in types and types an extension owns are not "user-defined" here: they are
    /// named as format_type spells them (an extension must be installed in the target by its owner).
    public func userTypes(of table: TableRef) throws -> PostgresUserTypes {
        guard let relation = try relationOID(table) else { return PostgresUserTypes() }
        // Objects initdb creates have OIDs below FirstNormalObjectId (16384): built-in types need no look-up.
        let cols = try run("""
            SELECT a.attname, a.atttypid, pg_catalog.format_type(a.atttypid, a.atttypmod)
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid >= 16384
            ORDER BY a.attnum
            """, [.text(relation)])
        var reader = PostgresUserTypeReader(connection: self)
        var columns: [String: PostgresTypeReference] = [:]
        for i in 0..<cols.rowCount {
            let ref = try reader.reference(UInt32(cols.string(i, 1) ?? "") ?? 0, formatted: cols.string(i, 2) ?? "")
            if case .user = ref { columns[cols.string(i, 0) ?? ""] = ref }
        }
        return PostgresUserTypes(types: reader.ordered, columns: columns)
    }
}

/// Walks type dependencies depth first, so each type lands in `ordered` after the types it needs.
struct PostgresUserTypeReader {
    let connection: PostgresConnection
    private(set) var ordered: [PostgresUserType] = []
    private var names: [UInt32: String] = [:]
    private var notCreatable: Set<UInt32> = []

    init(connection: PostgresConnection) { self.connection = connection }

    /// How a definition refers to type `oid` (format_type's spelling `formatted` unless it is user-defined).
    mutating func reference(_ oid: UInt32, formatted: String) throws -> PostgresTypeReference {
        guard oid >= 16384, let row = try typeRow(oid) else { return .native(formatted) }
        if let element = row.arrayOf {
            return try visit(element).map { .user(name: $0, array: true) } ?? .native(formatted)
        }
        return try visit(oid, row).map { .user(name: $0, array: false) } ?? .native(formatted)
    }

    /// The type's name once it (and what it needs) is in `ordered`; nil when Ferry cannot create it.
    private mutating func visit(_ oid: UInt32, _ known: TypeRow? = nil) throws -> String? {
        if let n = names[oid] { return n }
        if notCreatable.contains(oid) || oid < 16384 { return nil }
        guard let row = try known ?? typeRow(oid), !row.fromExtension else { notCreatable.insert(oid); return nil }
        names[oid] = row.name   // before the dependencies: PostgreSQL has no cycles, this only guards the walk
        let definition: PostgresUserType.Definition?
        switch row.kind {
        case "e": definition = .enumeration(labels: try labels(oid))
        case "d":
            definition = .domain(base: try reference(row.baseOID, formatted: row.baseFormatted), notNull: row.notNull,
                                 defaultExpression: row.defaultExpression, collation: row.collation, checks: try checks(oid))
        case "c" where row.relationKind == "c":   // a table's row type comes with its table, not as a type
            definition = .composite(attributes: try attributes(row.relation))
        case "r": definition = try range(oid)
        default: definition = nil                   // base types (C functions), pseudo-types, multiranges
        }
        guard let definition else {
            names[oid] = nil
            notCreatable.insert(oid)
            return nil
        }
        ordered.append(PostgresUserType(name: row.name, definition: definition))
        return row.name
    }

    struct TypeRow {
        var name: String
        /// pg_type.typtype: b base, c composite, d domain, e enum, r range, m multirange, p pseudo.
        var kind: String
        /// Set for array types: the element type.
        var arrayOf: UInt32?
        var baseOID: UInt32
        var baseFormatted: String
        var notNull: Bool
        var defaultExpression: String?
        var collation: String?
        var relation: String
        var relationKind: String?
        var fromExtension: Bool
    }

    private var rows: [UInt32: TypeRow] = [:]

    private mutating func typeRow(_ oid: UInt32) throws -> TypeRow? {
        if let r = rows[oid] { return r }
        let r = try connection.run("""
            SELECT t.typname, t.typtype::text, (SELECT e.oid FROM pg_catalog.pg_type e WHERE e.typarray = t.oid LIMIT 1),
              t.typbasetype, pg_catalog.format_type(t.typbasetype, t.typtypmod), t.typnotnull,
              pg_catalog.pg_get_expr(t.typdefaultbin, 0),
              CASE WHEN t.typcollation <> 0 AND t.typcollation IS DISTINCT FROM
                (SELECT b.typcollation FROM pg_catalog.pg_type b WHERE b.oid = t.typbasetype) THEN \(Self.collationName("t.typcollation")) END,
              t.typrelid, (SELECT c.relkind::text FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid),
              EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_type'::regclass
                      AND d.objid = t.oid AND d.deptype = 'e')
            FROM pg_catalog.pg_type t WHERE t.oid = $1::oid
            """, [.text(String(oid))])
        guard r.rowCount == 1 else { return nil }
        let row = TypeRow(name: r.string(0, 0) ?? "", kind: r.string(0, 1) ?? "", arrayOf: r.string(0, 2).flatMap { UInt32($0) },
                          baseOID: UInt32(r.string(0, 3) ?? "") ?? 0, baseFormatted: r.string(0, 4) ?? "",
                          notNull: r.string(0, 5) == "t", defaultExpression: r.string(0, 6), collation: r.string(0, 7),
                          relation: r.string(0, 8) ?? "0", relationKind: r.string(0, 9), fromExtension: r.string(0, 10) == "t")
        rows[oid] = row
        return row
    }

    private func labels(_ oid: UInt32) throws -> [String] {
        let r = try connection.run("SELECT enumlabel FROM pg_catalog.pg_enum WHERE enumtypid = $1::oid ORDER BY enumsortorder",
                                   [.text(String(oid))])
        return (0..<r.rowCount).map { r.string($0, 0) ?? "" }
    }

    private func checks(_ oid: UInt32) throws -> [PostgresUserType.Check] {
        let r = try connection.run("""
            SELECT conname, pg_catalog.pg_get_constraintdef(oid) FROM pg_catalog.pg_constraint
            WHERE contypid = $1::oid AND contype = 'c' ORDER BY conname
            """, [.text(String(oid))])
        return (0..<r.rowCount).map { .init(name: r.string($0, 0) ?? "", definition: r.string($0, 1) ?? "") }
    }

    private mutating func attributes(_ relation: String) throws -> [PostgresUserType.Attribute] {
        let r = try connection.run("""
            SELECT a.attname, a.atttypid, pg_catalog.format_type(a.atttypid, a.atttypmod),
              CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation THEN \(Self.collationName("a.attcollation")) END
            FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type at ON at.oid = a.atttypid
            WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """, [.text(relation)])
        return try (0..<r.rowCount).map { i in
            PostgresUserType.Attribute(name: r.string(i, 0) ?? "",
                                       type: try reference(UInt32(r.string(i, 1) ?? "") ?? 0, formatted: r.string(i, 2) ?? ""),
                                       collation: r.string(i, 3))
        }
    }

    private mutating func range(_ oid: UInt32) throws -> PostgresUserType.Definition? {
        let r = try connection.run("""
            SELECT r.rngsubtype, pg_catalog.format_type(r.rngsubtype, NULL),
              CASE WHEN NOT opc.opcdefault THEN pg_catalog.quote_ident(opn.nspname) || '.' || pg_catalog.quote_ident(opc.opcname) END,
              CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation THEN \(Self.collationName("r.rngcollation")) END,
              CASE WHEN pn.nspname = 'pg_catalog' THEN 'pg_catalog.' || pg_catalog.quote_ident(p.proname) END
            FROM pg_catalog.pg_range r
            JOIN pg_catalog.pg_type st ON st.oid = r.rngsubtype
            JOIN pg_catalog.pg_opclass opc ON opc.oid = r.rngsubopc
            JOIN pg_catalog.pg_namespace opn ON opn.oid = opc.opcnamespace
            LEFT JOIN pg_catalog.pg_proc p ON p.oid = r.rngsubdiff
            LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
            WHERE r.rngtypid = $1::oid
            """, [.text(String(oid))])
        guard r.rowCount == 1 else { return nil }
        return .range(subtype: try reference(UInt32(r.string(0, 0) ?? "") ?? 0, formatted: r.string(0, 1) ?? ""),
                      opclass: r.string(0, 2), collation: r.string(0, 3), subtypeDiff: r.string(0, 4))
    }

    /// SQL for the qualified, quoted name of the collation whose OID `expression` gives.
    private static func collationName(_ expression: String) -> String {
        """
        (SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
         FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = \(expression))
        """
    }
}
