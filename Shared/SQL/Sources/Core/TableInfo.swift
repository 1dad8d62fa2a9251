/// A table's name, possibly schema-qualified.
public struct TableRef: Sendable, Hashable, Codable, CustomStringConvertible {
    public var schema: String?
    public var name: String
    public init(schema: String? = nil, name: String) { self.schema = schema; self.name = name }
    public var description: String { schema.map { "\($0).\(name)" } ?? name }
}

/// One discovered column.
public struct ColumnInfo: Sendable, Hashable, Codable {
    public var name: String
    /// The database's own type name, e.g. "numeric(15,2)", "character(10)", "INTEGER".
    public var nativeType: String
    public var type: SQLType
    public var nullable: Bool
    /// The table computes it (`GENERATED ALWAYS AS (…)`): read from a source like any column, never written into
    /// a target (PostgreSQL refuses COPY into it, SQLite any INSERT).
    public var generated: Bool
    /// The sequence that numbers it (a serial or identity column; PostgreSQL), qualified: a load that writes the
    /// column moves it past the values written (the executor's `TargetSequences`).
    public var sequence: String?
    public init(name: String, nativeType: String, type: SQLType, nullable: Bool, generated: Bool = false,
                sequence: String? = nil) {
        self.name = name; self.nativeType = nativeType; self.type = type; self.nullable = nullable
        self.generated = generated; self.sequence = sequence
    }

    private enum CodingKeys: String, CodingKey { case name, nativeType, type, nullable, generated, sequence }

    /// `generated` and `sequence` may be absent (a column described by an older version).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name), nativeType: try c.decode(String.self, forKey: .nativeType),
                  type: try c.decode(SQLType.self, forKey: .type), nullable: try c.decode(Bool.self, forKey: .nullable),
                  generated: try c.decodeIfPresent(Bool.self, forKey: .generated) ?? false,
                  sequence: try c.decodeIfPresent(String.self, forKey: .sequence))
    }
}

/// A discovered table: columns in ordinal order and the primary key columns in key order.
public struct TableInfo: Sendable, Hashable, Codable {
    public var ref: TableRef
    public var columns: [ColumnInfo]
    public var primaryKey: [String]
    /// PostgreSQL tables read for target creation: the user-defined types their columns use.
    public var userTypes: PostgresUserTypes?
    public init(ref: TableRef, columns: [ColumnInfo], primaryKey: [String]) {
        self.ref = ref; self.columns = columns; self.primaryKey = primaryKey
    }
    public func column(named n: String) -> ColumnInfo? { columns.first { $0.name == n } }
}

/// Rows of a small query result (metadata, catalog stores). Engines stream instead.
public struct SQLResult: Sendable {
    public var columns: [String]
    public var rows: [[SQLValue]]
    public init(columns: [String], rows: [[SQLValue]]) { self.columns = columns; self.rows = rows }
    public subscript(row: Int, column: String) -> SQLValue {
        guard let i = columns.firstIndex(of: column), row < rows.count else { return .null }
        return rows[row][i]
    }
}
