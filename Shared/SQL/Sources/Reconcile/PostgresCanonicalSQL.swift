/// ``CanonicalText`` and ``RowHash`` spelled in PostgreSQL's SQL, so a PostgreSQL side digests its rows where
/// they are (only three numbers per key range cross the network). Each expression answers exactly the text
/// `CanonicalText.of` gives for the value the column holds (the tests compare them type by type).
enum PostgresCanonicalSQL {
    /// The canonical text of column `q` (quoted) of logical type `type`; NULL stays NULL.
    static func text(_ q: String, _ type: SQLType) -> String {
        switch type {
        case .bool: return "(CASE \(q) WHEN true THEN 'true' WHEN false THEN 'false' END)"
        case .int16, .int32, .int64: return "\(q)::text"
        // Shortest round-trip digits (extra_float_digits > 0, as Ferry's sessions set it) read back as numeric:
        // plain digits, no exponent; a float4 as the float8 it widens to.
        case .float32, .float64: return "trim_scale(\(q)::float8::text::numeric)::text"
        case .decimal: return "trim_scale(\(q)::numeric)::text"
        case .bytes: return "encode(\(q), 'hex')"
        case .date: return "(CASE WHEN isfinite(\(q)) THEN to_char(\(q), 'YYYY-MM-DD') ELSE \(q)::text END)"
        case .time: return "to_char(\(q), 'HH24:MI:SS.US')"
        case .timestamp:
            return "(CASE WHEN isfinite(\(q)) THEN to_char(\(q), 'YYYY-MM-DD\"T\"HH24:MI:SS.US') ELSE \(q)::text END)"
        case .timestamptz:
            return "(CASE WHEN isfinite(\(q)) THEN to_char(\(q) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') ELSE \(q)::text END)"
        case .text, .char, .uuid, .json, .other: return "\(q)::text"
        }
    }

    /// The row's canonical encoding (``RowHash``) over already-canonical text columns `names`.
    static func encoding(_ names: [String]) -> String {
        names.map { "coalesce('V' || octet_length(\($0)) || ':' || \($0), 'N')" }.joined(separator: " || ")
    }

    /// `SELECT <canonical columns> … OFFSET 0`: the inner query computes each canonical text once (OFFSET 0 keeps
    /// the planner from folding it into the outer expressions, which name each column twice).
    static func canonicalRows(from table: String, columns: [(quoted: String, type: SQLType)], extra: [String],
                              where condition: String?) -> (sql: String, names: [String]) {
        let names = columns.indices.map { "ferry_c\($0)" }
        let list = zip(columns, names).map { "\(text($0.0.quoted, $0.0.type)) AS \($0.1)" } + extra
        let filter = condition.map { " WHERE \($0)" } ?? ""
        return ("SELECT \(list.joined(separator: ", ")) FROM \(table)\(filter) OFFSET 0", names)
    }

    /// Rows, and the sums of the halves of each row's hash (`OFFSET 0` again: both sums read one `md5` per row).
    static func digestSQL(from table: String, columns: [(quoted: String, type: SQLType)], where condition: String?) -> String {
        let (inner, names) = canonicalRows(from: table, columns: columns, extra: [], where: condition)
        return "SELECT count(*), coalesce(sum(('x' || substr(ferry_h, 1, 8))::bit(32)::int), 0),"
            + " coalesce(sum(('x' || substr(ferry_h, 9, 8))::bit(32)::int), 0)"
            + " FROM (SELECT md5(\(encoding(names))) AS ferry_h FROM (\(inner)) ferry_r OFFSET 0) ferry_d"
    }

    /// Each row's key columns (as stored) and its hash's 16 hex digits, in key order.
    static func rowHashSQL(from table: String, columns: [(quoted: String, type: SQLType)], key: [String],
                           where condition: String?) -> String {
        let keyNames = key.indices.map { "ferry_k\($0)" }
        let (inner, names) = canonicalRows(from: table, columns: columns,
                                           extra: zip(key, keyNames).map { "\($0.0) AS \($0.1)" }, where: condition)
        return "SELECT \(keyNames.joined(separator: ", ")), substr(md5(\(encoding(names))), 1, 16)"
            + " FROM (\(inner)) ferry_r ORDER BY \(keyNames.joined(separator: ", "))"
    }
}
