/// Which columns can drive an incremental window (SPEC §3a): values that grow with each change and compare in their
/// own type — a time (timestamp with or without zone, date) or an integer (a version counter). Text is refused: it
/// compares as text, so a format such as `dd/MM/yyyy` would order windows wrongly and lose rows.
/// The catalog applies it when a flow is created or changed, the executor again when a step opens its window.
public enum DeltaColumnRule {
    /// The column of `table` named `column` (case-insensitively), or why it cannot be a delta column.
    public static func check(_ column: String, in table: TableInfo) -> Result<ColumnInfo, Problem> {
        guard let c = table.columns.first(where: { $0.name.caseInsensitiveCompare(column) == .orderedSame }) else {
            return .failure(.missing(column: column, table: table.ref.description, columns: table.columns.map(\.name)))
        }
        return accepts(c.type) ? .success(c) : .failure(.unsupportedType(column: c.name, table: table.ref.description, nativeType: c.nativeType))
    }

    public static func accepts(_ type: SQLType) -> Bool {
        switch type {
        case .timestamp, .timestamptz, .date, .int16, .int32, .int64: true
        case .decimal(_, let scale): scale == 0
        default: false
        }
    }

    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case missing(column: String, table: String, columns: [String])
        case unsupportedType(column: String, table: String, nativeType: String)

        public var description: String {
            switch self {
            case .missing(let column, let table, let columns):
                "column \(column) does not exist in source table \(table) (columns: \(columns.joined(separator: ", ")))"
            case .unsupportedType(let column, let table, let nativeType):
                "column \(column) of source table \(table) is \(nativeType): a delta column must be a timestamp, date or integer column"
            }
        }
    }
}
