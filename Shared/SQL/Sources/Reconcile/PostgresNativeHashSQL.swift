/// The fast digest of a PostgreSQL → PostgreSQL pair whose columns have the same native types on both sides: each
/// row hashed by the server's own 64-bit type hashes (the types' extended hash functions, PostgreSQL 14+) instead of
/// through canonical texts — no value is turned into text.
///
/// It compares values as the types' equality sees them: `1.50` and `1.5` hash alike (as their canonical texts do), a
/// numeric rounded to fewer digits or a timestamp moved by a zone does not. Both sides must use this scheme: its
/// digests are not comparable with ``PostgresCanonicalSQL``'s.
enum PostgresNativeHashSQL {
    /// Whether a pair may use it, from what both servers answer to ``probeSQL`` and both sides' columns: same
    /// server encoding (text hashes its bytes), 14 or newer, and pairwise the same native type, each one with an
    /// extended hash (`json`, unlike `jsonb`, has none; an unknown type may have none).
    static func applies(source: ReconcileTable, target: ReconcileTable, sourceServer: [SQLValue], targetServer: [SQLValue]) -> Bool {
        guard let sv = sourceServer.first?.int64, let tv = targetServer.first?.int64, sv >= 140_000, tv >= 140_000,
              let se = sourceServer.dropFirst().first?.string, se == targetServer.dropFirst().first?.string,
              source.columns.count == target.columns.count else { return false }
        return zip(source.columns, target.columns).allSatisfy { s, t in
            let native = s.nativeType.lowercased()
            if case .other = s.type { return false }
            return native == t.nativeType.lowercased() && native != "json"
        }
    }

    static let probeSQL = "SELECT current_setting('server_version_num')::int, current_setting('server_encoding')"

    /// A row's 64-bit hash: the XOR of its columns' hashes, each seeded with the column's position (so two columns
    /// trading values change it), a NULL counting as that position. Each type's own function is called directly:
    /// `hash_record_extended(ROW(…))` builds and takes apart a record per row and costs half as much again (1M
    /// lineitem rows: 1.3 s of server CPU against 0.85 s). A type with no directly callable function (bytea,
    /// timestamptz, arrays, …) is hashed as a one-column record.
    static func rowHash(_ columns: [ColumnInfo], quote: (String) -> String) -> String {
        columns.enumerated().map { i, c in
            let h = columnHash(quote(c.name), nativeType: c.nativeType, seed: i)
            return c.nullable ? "coalesce(\(h), \(i))" : h
        }.joined(separator: " # ")
    }

    /// Column `q`'s hash by its type's extended hash function (`seed` as its second argument).
    static func columnHash(_ q: String, nativeType: String, seed: Int) -> String {
        let record = "pg_catalog.hash_record_extended(ROW(\(q)), \(seed))"
        let base = baseName(nativeType)
        // A date through its timestamp (exact, infinity included); one past timestamp's last day has none.
        if base == "date" {
            return "(CASE WHEN \(q) < '294277-01-01'::date THEN pg_catalog.timestamp_hash_extended(\(q)::timestamp, \(seed)) ELSE \(record) END)"
        }
        guard let f = functions[base] else { return record }
        return "pg_catalog.\(f.name)(\(q)\(f.cast.map { "::\($0)" } ?? ""), \(seed))"
    }

    /// The built-in types' extended hash functions by format_type's name, and the cast a type needs to reach one
    /// (a boolean as 0 or 1).
    static let functions: [String: (name: String, cast: String?)] = [
        "smallint": ("hashint2extended", nil), "integer": ("hashint4extended", nil), "bigint": ("hashint8extended", nil),
        "real": ("hashfloat4extended", nil), "double precision": ("hashfloat8extended", nil),
        "numeric": ("hash_numeric_extended", nil), "text": ("hashtextextended", nil),
        "character varying": ("hashtextextended", nil), "character": ("hashbpcharextended", nil),
        "boolean": ("hashint4extended", "int4"),
        "time without time zone": ("time_hash_extended", nil), "time with time zone": ("timetz_hash_extended", nil),
        "timestamp without time zone": ("timestamp_hash_extended", nil), "interval": ("interval_hash_extended", nil),
        "uuid": ("uuid_hash_extended", nil), "jsonb": ("jsonb_hash_extended", nil),
    ]

    /// format_type's name without its modifiers: `character varying(44)` → `character varying`,
    /// `timestamp(3) without time zone` → `timestamp without time zone`.
    static func baseName(_ nativeType: String) -> String {
        var out = "", depth = 0
        for ch in nativeType.lowercased() {
            if ch == "(" { depth += 1 } else if ch == ")" { depth -= 1 } else if depth == 0 { out.append(ch) }
        }
        return out.split(separator: " ").joined(separator: " ")
    }

    /// Rows, and the exact sum of their 64-bit hashes cut in two for ``RangeDigest`` (`hiSum` = ⌊sum / 2³²⌋,
    /// `loSum` = sum mod 2³²; both fit 64 bits up to 2³¹ rows). One `sum` over the hash, not one per half: the planner
    /// does not share a subquery's expression between two aggregates, so two sums computed every row's hash twice.
    static func digestSQL(from table: String, rowHash: String, where condition: String?) -> String {
        let s = "ferry_s", hi = "floor(ferry_s / 4294967296)"
        return "SELECT ferry_n, \(hi)::bigint, (\(s) - \(hi) * 4294967296)::bigint"
            + " FROM (SELECT count(*) AS ferry_n, coalesce(sum(\(rowHash)), 0) AS ferry_s FROM \(table)"
            + (condition.map { " WHERE \($0)" } ?? "") + ") ferry_d"
    }

    /// Each row's key columns (as stored) and its hash's 16 hex digits, in key order.
    static func rowHashSQL(from table: String, rowHash: String, key: [String], where condition: String?) -> String {
        "SELECT \(key.joined(separator: ", ")), lpad(to_hex(\(rowHash)), 16, '0') FROM \(table)"
            + (condition.map { " WHERE \($0)" } ?? "") + " ORDER BY \(key.joined(separator: ", "))"
    }
}
