/// The logical type of a column, independent of the database. Drivers map their native types
/// onto it (discovery) and back (CREATE TABLE for a missing target); `TypeMapping` holds the tables.
public enum SQLType: Sendable, Hashable, Codable {
    case bool
    case int16, int32, int64
    case float32, float64
    /// precision/scale nil = unconstrained numeric.
    case decimal(precision: Int?, scale: Int?)
    /// maxLength nil = unbounded text.
    case text(maxLength: Int?)
    /// Fixed-width character (blank-padded), e.g. CHAR(10).
    case char(length: Int)
    case bytes
    case date
    case time
    case timestamp
    case timestamptz
    case uuid
    case json
    /// A native type with no portable equivalent; carried as text between different databases.
    case other(String)

    /// The name shown in discovery answers and the docs.
    public var name: String {
        switch self {
        case .bool: return "boolean"
        case .int16: return "smallint"
        case .int32: return "integer"
        case .int64: return "bigint"
        case .float32: return "real"
        case .float64: return "double"
        case .decimal(let p, let s):
            if let p { return s.map { "decimal(\(p),\($0))" } ?? "decimal(\(p))" }
            return "decimal"
        case .text(let n): return n.map { "varchar(\($0))" } ?? "text"
        case .char(let n): return "char(\(n))"
        case .bytes: return "bytes"
        case .date: return "date"
        case .time: return "time"
        case .timestamp: return "timestamp"
        case .timestamptz: return "timestamptz"
        case .uuid: return "uuid"
        case .json: return "json"
        case .other(let n): return n
        }
    }

    public var isInteger: Bool {
        switch self { case .int16, .int32, .int64: return true; default: return false }
    }
}
