import CODBC

/// ODBC SQL data types (SQLDescribeCol, SQLColumns DATA_TYPE) onto Ferry's logical types.
enum ODBCTypes {
    /// SQL Server's DATETIMEOFFSET (msodbcsql's SQL_SS_TIMESTAMPOFFSET): a timestamp with zone.
    static let ssTimestampOffset = -155

    /// The logical type of a column. The SQL data type decides; the driver's type name then refines
    /// what ODBC cannot say: psqlODBC reports bool as SQL_VARCHAR (its default BoolsAsChar=1), json
    /// as SQL_LONGVARCHAR, timestamptz as SQL_TYPE_TIMESTAMP; the SQLite driver reports declared
    /// types it does not know (DECIMAL_TEXT, UUID) as text.
    static func logicalType(sqlType: Int, size: Int, digits: Int, typeName: String) -> SQLType {
        // psqlODBC names types it has no mapping for (json, jsonb, arrays …) "unknown" and reports a
        // guessed VARCHAR(255); the values themselves arrive whole, as text.
        if typeName == "unknown" { return .text(maxLength: nil) }
        let base = baseType(sqlType: sqlType, size: size, digits: digits, typeName: typeName)
        guard !typeName.isEmpty else { return base }
        let named = SQLiteTypes.logicalType(declared: typeName)
        switch (base, named) {
        case (_, .other), (_, .text), (_, .char): return base
        case (.text, _), (.char, _), (.other, _): return named
        case (.timestamp, .timestamptz): return .timestamptz
        case (.float32, .decimal) where declaresExactNumber(typeName), (.float64, .decimal) where declaresExactNumber(typeName):
            // The SQLite driver reports NUMERIC(12,2) as SQL_DOUBLE: the declared exact type wins.
            return named
        case (.decimal, .decimal(let p?, let s)) where declaresExactNumber(typeName):
            // The declared "(p,s)" wins over COLUMN_SIZE/DECIMAL_DIGITS, which some drivers misreport.
            return .decimal(precision: p, scale: s)
        default: return base
        }
    }

    /// The type name is NUMERIC/DECIMAL (not MONEY, whose text carries a currency sign).
    static func declaresExactNumber(_ typeName: String) -> Bool {
        let base = TypeMapping.splitArgs(typeName.lowercased()).0
        return ["numeric", "decimal", "dec", "number", "decimal_text", "numeric_text"].contains(base)
    }

    static func baseType(sqlType: Int, size: Int, digits: Int, typeName: String) -> SQLType {
        switch Int32(truncatingIfNeeded: sqlType) {
        case SQL_BIT: return .bool
        case SQL_TINYINT, SQL_SMALLINT: return .int16
        case SQL_INTEGER: return .int32
        case SQL_BIGINT: return .int64
        case SQL_REAL: return .float32
        case SQL_FLOAT, SQL_DOUBLE: return .float64
        case SQL_DECIMAL, SQL_NUMERIC: return .decimal(precision: size > 0 ? size : nil, scale: size > 0 ? max(digits, 0) : nil)
        case SQL_CHAR, SQL_WCHAR: return size > 0 ? .char(length: size) : .text(maxLength: nil)
        case SQL_VARCHAR, SQL_WVARCHAR: return .text(maxLength: size > 0 ? size : nil)
        case SQL_LONGVARCHAR, SQL_WLONGVARCHAR: return .text(maxLength: nil)
        case SQL_BINARY, SQL_VARBINARY, SQL_LONGVARBINARY: return .bytes
        case SQL_TYPE_DATE, SQL_DATE: return .date
        case SQL_TYPE_TIME, SQL_TIME: return .time
        case SQL_TYPE_TIMESTAMP, SQL_TIMESTAMP: return .timestamp
        case SQL_GUID: return .uuid
        default:
            if sqlType == ssTimestampOffset { return .timestamptz }
            return .other(typeName.isEmpty ? "SQL type \(sqlType)" : typeName)
        }
    }

    /// "numeric(38,10)", "varchar(50)", "int8": the type name with the size where the size is part of the type.
    static func nativeType(typeName: String, sqlType: Int, size: Int, digits: Int) -> String {
        guard !typeName.contains("("), size > 0 else { return typeName }
        switch Int32(truncatingIfNeeded: sqlType) {
        case SQL_DECIMAL, SQL_NUMERIC: return "\(typeName)(\(size),\(max(digits, 0)))"
        case SQL_CHAR, SQL_WCHAR, SQL_VARCHAR, SQL_WVARCHAR, SQL_BINARY, SQL_VARBINARY: return "\(typeName)(\(size))"
        default: return typeName
        }
    }
}
