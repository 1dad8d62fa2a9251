import FerrySQL
import FerryTestKit
import Foundation

/// Reads a whole (small) table through Ferry's own drivers and normalises values so tables in
/// different engines compare value for value: decimals without trailing zeros, everything else as is.
enum TableSnapshot {
    static func rows(_ spec: ConnectionSpec, _ table: String, orderBy: String = "1") async throws -> [[SQLValue]] {
        let session = try await DatabaseSession.open(spec)
        defer { Task { await session.close() } }
        return try await session.run { c in
            try c.query("SELECT * FROM \(c.dialect.quote(table)) ORDER BY \(orderBy)").rows.map { $0.map(normalise) }
        }
    }

    static func count(_ spec: ConnectionSpec, _ table: String) async throws -> Int64 {
        let session = try await DatabaseSession.open(spec)
        defer { Task { await session.close() } }
        return try await session.run { c in
            try c.query("SELECT count(*) FROM \(c.dialect.quote(table))").rows.first?.int64(0) ?? -1
        }
    }

    static func normalise(_ v: SQLValue) -> SQLValue {
        switch v {
        case .decimal(let s): return .decimal(trimDecimal(s))
        case .json(let s): return .json(s.replacingOccurrences(of: " ", with: ""))
        default: return v
        }
    }

    static func trimDecimal(_ s: String) -> String {
        guard s.contains("."), !s.contains("e"), !s.contains("E") else { return s }
        var t = s
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t == "-0" ? "0" : t
    }

    static func postgres(_ url: String) throws -> ConnectionSpec {
        try ConnectionURL.resolve(provider: "PostgreSQL", url: url, user: nil, password: nil)
    }
}

/// The "every SPEC type" source table on PostgreSQL, with NULLs in every nullable column of every
/// tenth row, and its text-identical fingerprint.
enum AllTypes {
    static let ddl = """
        CREATE TABLE alltypes (id bigint PRIMARY KEY, i2 smallint, i4 integer, i8 bigint, f4 real, f8 double precision,
          num numeric(38,10), b boolean, t text, vc varchar(50), c char(5), bin bytea, d date, tm time, ts timestamp,
          tstz timestamptz, u uuid, j json, jb jsonb)
        """

    static func fill(_ rows: Int) -> [String] {
        [
            ddl,
            """
            INSERT INTO alltypes SELECT g, (g % 30000)::smallint, g * 7 - 1000000, g::bigint * 1000000007, (g / 4.0)::real,
              g / 3.0, (g::numeric * 12345678901234567.0123456789 / 7)::numeric(38,10), g % 2 = 0,
              'text ' || g || E'\\t\\n\\\\ ☃ ''q'' "dq"', 'vc' || g, lpad((g % 1000)::text, 3, 'x'),
              decode(lpad(to_hex(g), 8, '0') || '00ff5c0a', 'hex'), date '1999-12-25' + g, time '00:00:01' + g * interval '1 second',
              timestamp '2020-01-01 00:00:00.123456' + g * interval '61.5 second',
              timestamptz '2020-01-01 00:00:00+00' + g * interval '1 hour', md5(g::text)::uuid,
              json_build_object('g', g, 's', 'a"b'), jsonb_build_object('g', g)
            FROM generate_series(1, \(rows)) g
            """,
            """
            UPDATE alltypes SET i2 = NULL, i4 = NULL, i8 = NULL, f4 = NULL, f8 = NULL, num = NULL, b = NULL, t = NULL, vc = NULL,
              c = NULL, bin = NULL, d = NULL, tm = NULL, ts = NULL, tstz = NULL, u = NULL, j = NULL, jb = NULL WHERE id % 10 = 0
            """,
        ]
    }

    static let fingerprint = "SELECT count(*) || ':' || md5(string_agg(t::text, '|' ORDER BY id)) FROM alltypes t"
}
