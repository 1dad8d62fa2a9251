/// The type mapping table: logical `SQLType` → the column type Ferry creates in each target family,
/// and native type names → `SQLType` for discovery. README "Type mapping" shows the same table.
public enum TypeMapping {
    /// Column type for CREATE TABLE of a missing target.
    public static func columnType(_ t: SQLType, for family: SQLDialect.Family) -> String {
        switch family {
        case .postgresql: return postgres(t)
        case .sqlite: return sqlite(t)
        case .mysql: return mysql(t)
        case .sqlserver: return sqlserver(t)
        case .oracle: return oracle(t)
        case .db2, .generic: return generic(t)
        }
    }

    static func postgres(_ t: SQLType) -> String {
        switch t {
        case .bool: return "boolean"
        case .int16: return "smallint"
        case .int32: return "integer"
        case .int64: return "bigint"
        case .float32: return "real"
        case .float64: return "double precision"
        case .decimal(let p, let s): return p.map { "numeric(\($0),\(s ?? 0))" } ?? "numeric"
        case .text(let n): return n.map { "varchar(\($0))" } ?? "text"
        case .char(let n): return "char(\(n))"
        case .bytes: return "bytea"
        case .date: return "date"
        case .time: return "time"
        case .timestamp: return "timestamp"
        case .timestamptz: return "timestamptz"
        case .uuid: return "uuid"
        case .json: return "jsonb"
        case .other: return "text"
        }
    }

    /// SQLite keeps declared types as affinity hints; the declared name is kept meaningful so that
    /// discovery of a Ferry-made SQLite table maps back to the same logical type. Only where it differs from
    /// the standard names:
    static func sqlite(_ t: SQLType) -> String {
        switch t {
        case .float64: return "DOUBLE"
        // DECIMAL_TEXT has TEXT affinity (its name contains TEXT): SQLite keeps the exact digits
        // instead of turning them into a 15-digit REAL; discovery maps it back to decimal(p,s).
        case .decimal(let p, let s): return p.map { "DECIMAL_TEXT(\($0),\(s ?? 0))" } ?? "DECIMAL_TEXT"
        case .text(let n): return n.map { "VARCHAR(\($0))" } ?? "TEXT"
        case .timestamptz: return "TIMESTAMPTZ"
        case .uuid: return "UUID"
        case .json: return "JSON"
        case .other: return "TEXT"
        default: return generic(t)
        }
    }

    /// MySQL/MariaDB, where it differs from the standard names.
    static func mysql(_ t: SQLType) -> String {
        switch t {
        case .int32: return "INT"
        case .float32: return "FLOAT"
        case .float64: return "DOUBLE"
        case .decimal(let p, let s): return "DECIMAL(\(min(p ?? 65, 65)),\(min(s ?? 10, 30)))"
        case .text(let n): return n.map { "VARCHAR(\($0))" } ?? "LONGTEXT"
        case .bytes: return "LONGBLOB"
        case .time: return "TIME(6)"
        case .timestamp, .timestamptz: return "DATETIME(6)"
        case .json: return "JSON"
        case .other: return "LONGTEXT"
        default: return generic(t)
        }
    }

    static func sqlserver(_ t: SQLType) -> String {
        switch t {
        case .bool: return "BIT"
        case .int16: return "SMALLINT"
        case .int32: return "INT"
        case .int64: return "BIGINT"
        case .float32: return "REAL"
        case .float64: return "FLOAT"
        case .decimal(let p, let s): return "DECIMAL(\(min(p ?? 38, 38)),\(min(s ?? 10, 38)))"
        case .text(let n): return n.map { $0 <= 4000 ? "NVARCHAR(\($0))" : "NVARCHAR(MAX)" } ?? "NVARCHAR(MAX)"
        case .char(let n): return "NCHAR(\(n))"
        case .bytes: return "VARBINARY(MAX)"
        case .date: return "DATE"
        case .time: return "TIME(6)"
        case .timestamp: return "DATETIME2(6)"
        case .timestamptz: return "DATETIMEOFFSET(6)"
        case .uuid: return "UNIQUEIDENTIFIER"
        case .json: return "NVARCHAR(MAX)"
        case .other: return "NVARCHAR(MAX)"
        }
    }

    static func oracle(_ t: SQLType) -> String {
        switch t {
        case .bool: return "NUMBER(1)"
        case .int16: return "NUMBER(5)"
        case .int32: return "NUMBER(10)"
        case .int64: return "NUMBER(19)"
        case .float32: return "BINARY_FLOAT"
        case .float64: return "BINARY_DOUBLE"
        case .decimal(let p, let s): return p.map { "NUMBER(\(min($0, 38)),\(s ?? 0))" } ?? "NUMBER"
        case .text(let n): return n.map { $0 <= 4000 ? "VARCHAR2(\($0))" : "CLOB" } ?? "CLOB"
        case .char(let n): return "CHAR(\(n))"
        case .bytes: return "BLOB"
        case .date: return "DATE"
        case .time: return "VARCHAR2(15)"
        case .timestamp: return "TIMESTAMP(6)"
        case .timestamptz: return "TIMESTAMP(6) WITH TIME ZONE"
        case .uuid: return "CHAR(36)"
        case .json: return "CLOB"
        case .other: return "CLOB"
        }
    }

    /// The standard SQL names: DB2 and unknown ODBC targets, and the base the SQLite and MySQL tables start from.
    static func generic(_ t: SQLType) -> String {
        switch t {
        case .bool: return "BOOLEAN"
        case .int16: return "SMALLINT"
        case .int32: return "INTEGER"
        case .int64: return "BIGINT"
        case .float32: return "REAL"
        case .float64: return "DOUBLE PRECISION"
        case .decimal(let p, let s): return p.map { "DECIMAL(\($0),\(s ?? 0))" } ?? "DECIMAL(38,10)"
        case .text(let n): return n.map { "VARCHAR(\($0))" } ?? "VARCHAR(32000)"
        case .char(let n): return "CHAR(\(n))"
        case .bytes: return "BLOB"
        case .date: return "DATE"
        case .time: return "TIME"
        case .timestamp: return "TIMESTAMP"
        case .timestamptz: return "TIMESTAMP"
        case .uuid: return "CHAR(36)"
        case .json: return "VARCHAR(32000)"
        case .other: return "VARCHAR(32000)"
        }
    }

    /// Logical type of a declared/native type name as PostgreSQL (format_type), SQLite (declared type)
    /// or an ODBC driver (TYPE_NAME) spells it. Unknown names become `.other(name)`.
    public static func logicalType(native raw: String) -> SQLType {
        let n = raw.lowercased().trimmingCharacters(in: .whitespaces)
        let (base, args) = splitArgs(n)
        if postgresOnly(base) || (base == "bit" && (args.first ?? 1) > 1) { return .other(raw) }
        switch base {
        case "bool", "boolean", "bit": return .bool
        case "int2", "smallint", "tinyint", "smallserial": return .int16
        case "int4", "int", "integer", "mediumint", "serial": return .int32
        case "int8", "bigint", "bigserial": return .int64
        case "float4", "real", "float": return args.first.map { $0 <= 24 ? .float32 : .float64 } ?? (base == "float" ? .float64 : .float32)
        case "float8", "double", "double precision", "binary_double": return .float64
        case "numeric", "decimal", "number", "money", "dec", "decimal_text", "numeric_text":
            if base == "number", args.count == 2, args[1] == 0, let p = args.first, p <= 18 { return p <= 4 ? .int16 : p <= 9 ? .int32 : .int64 }
            return .decimal(precision: args.first, scale: args.count > 1 ? args[1] : (args.isEmpty ? nil : 0))
        case "text", "clob", "longtext", "mediumtext", "ntext", "string", "name", "citext": return .text(maxLength: nil)
        case "varchar", "character varying", "nvarchar", "varchar2", "nvarchar2", "varying character":
            return .text(maxLength: args.first)
        case "char", "character", "bpchar", "nchar", "native character":
            return .char(length: args.first ?? 1)
        case "bytea", "blob", "binary", "varbinary", "longblob", "image", "raw", "longvarbinary": return .bytes
        case "date": return .date
        case "time", "time without time zone": return .time
        case "timestamp", "timestamp without time zone", "datetime", "datetime2", "smalldatetime": return .timestamp
        case "timestamptz", "timestamp with time zone", "datetimeoffset": return .timestamptz
        case "uuid", "uniqueidentifier": return .uuid
        case "json", "jsonb": return .json
        default:
            if base.hasPrefix("timestamp") && base.contains("with time zone") && !base.contains("without") { return .timestamptz }
            if base.hasPrefix("timestamp") { return .timestamp }
            if base.hasPrefix("time") && !base.contains("zone") { return .time }
            if base.contains("int") { return .int64 }               // SQLite affinity rule 1
            if base.contains("char") || base.contains("text") || base.contains("clob") { return .text(maxLength: nil) }
            return .other(raw)
        }
    }

    /// PostgreSQL's arrays, ranges, intervals and geometric types: no other engine has them, so they travel as
    /// their text. Named before the SQLite affinity rule, which would take "integer[]", "int4range", "interval" or
    /// "point" (all containing "int") for integers.
    static func postgresOnly(_ base: String) -> Bool {
        base.hasSuffix("[]") || base.hasSuffix("range") || base.hasPrefix("interval")
            || ["point", "line", "lseg", "box", "path", "polygon", "circle"].contains(base)
    }

    /// "numeric(15,2)" → ("numeric", [15, 2]); "timestamp(3) with time zone" → ("timestamp with time zone", [3]).
    static func splitArgs(_ n: String) -> (String, [Int]) {
        guard let open = n.firstIndex(of: "("), let close = n[open...].firstIndex(of: ")") else { return (n, []) }
        let args = n[n.index(after: open)..<close].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let base = (String(n[..<open]) + String(n[n.index(after: close)...]))
            .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return (base, args)
    }
}
