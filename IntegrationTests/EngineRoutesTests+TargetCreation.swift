import FerryHTTPClient
import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// Auto-created targets, every process real: PG→PG creates the source's user-defined types (a Pagila-like
/// fixture: the `year` domain, the `mpaa_rating` enum, a domain over it, a composite holding a domain and
/// an array of the enum) in the target table's schema, two tables in parallel; PG→SQLite maps them to base
/// types; a CREATE TABLE that fails is reported with its own error and statement. (EngineRoutesTests' stack.)
extension EngineRoutesTests {
    static let pagilaLike = [
        "CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155)",
        "CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17')",
        "CREATE DOMAIN family_rating AS mpaa_rating CHECK (VALUE IN ('G', 'PG'))",
        "CREATE DOMAIN minutes AS smallint CHECK (VALUE > 0)",
        "CREATE TYPE runtime AS (main minutes, extras minutes, note text)",
        """
        CREATE TABLE film (film_id int PRIMARY KEY, title text NOT NULL, release_year year, rating mpaa_rating DEFAULT 'G',
          also_rated mpaa_rating[], length runtime, fts tsvector)
        """,
        """
        INSERT INTO film SELECT g, 'Film ' || g, 1901 + g % 255, (ARRAY['G','PG','PG-13','R','NC-17'])[1 + g % 5]::mpaa_rating,
          ARRAY[(ARRAY['G','R'])[1 + g % 2], 'NC-17']::mpaa_rating[], ROW(60 + g % 120, g % 7 + 1, 'cut ' || g)::runtime,
          to_tsvector('simple', 'film number ' || g)
        FROM generate_series(1, 3000) g
        """,
        "UPDATE film SET release_year = NULL, rating = NULL, also_rated = NULL, length = NULL WHERE film_id % 10 = 0",
        "CREATE TABLE family_pick (pick_id int PRIMARY KEY, rating family_rating NOT NULL, picked year)",
        "INSERT INTO family_pick SELECT g, (ARRAY['G','PG'])[1 + g % 2]::family_rating, 2000 + g % 20 FROM generate_series(1, 2000) g",
    ]

    func testUserDefinedTypesAreCreatedInTheTargetSchema() async throws {
        let src = try await database("ferry_udt_src")
        let dst = try await database("ferry_udt_dst")
        try await TestPostgres.run(url: src.url) { c in for s in Self.pagilaLike { try c.execute(s) } }
        let s = try await api.datasource("UDT_SRC", provider: "PostgreSQL", url: src.jdbc, schema: "public", user: "postgres")
        // A schema that is not on the search path: the table and its types must both land in it.
        let d = try await api.datasource("UDT_DST", provider: "PostgreSQL", url: dst.jdbc, schema: "landing", user: "postgres")
        let film = try await api.table("film"), pick = try await api.table("family_pick")
        let bundle = try await api.bundle("UDT", source: s, target: d, pairs: [(film, film, 1, ""), (pick, pick, 1, "")],
                                          options: #""chunkSize": 500"#)
        for run in 1...2 {   // the second run upserts into the tables (and types) the first created
            let e = try await api.wait(try await api.launch(bundle))
            XCTAssertEqual(e.status, .completed, "run \(run): \(e.steps.map(\.exitMessage))\n\(stack.tail("executor"))")
            XCTAssertEqual(e.steps.map(\.counts.writeCount), [3000, 2000], "run \(run)")
        }

        let types = try await TestPostgres.run(url: dst.url) { c in
            try c.query("""
                SELECT n.nspname || '.' || t.typname || ':' || t.typtype::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE t.typname IN ('year', 'mpaa_rating', 'family_rating', 'minutes', 'runtime') ORDER BY t.typname
                """).rows.map { $0[0].textValue ?? "" }
        }
        XCTAssertEqual(types, ["landing.family_rating:d", "landing.minutes:d", "landing.mpaa_rating:e", "landing.runtime:c", "landing.year:d"])
        for (table, key) in [("film", "film_id"), ("family_pick", "pick_id")] {
            let fingerprint = "SELECT count(*) || ':' || md5(string_agg(t::text, '|' ORDER BY \(key))) FROM %@ t"
            let want = try await TestPostgres.run(url: src.url) { c in try c.query(fingerprint.replacingOccurrences(of: "%@", with: "public.\(table)")).rows[0].string(0) }
            let got = try await TestPostgres.run(url: dst.url) { c in try c.query(fingerprint.replacingOccurrences(of: "%@", with: "landing.\(table)")).rows[0].string(0) }
            XCTAssertEqual(got, want, table)
        }
        // The domain's CHECK came along.
        let check = try await TestPostgres.run(url: dst.url) { c -> String? in
            do { try c.execute("INSERT INTO landing.family_pick VALUES (9999, 'R', 2000)"); return nil } catch let e as DriverError { return e.sqlState?.rawValue }
        }
        XCTAssertEqual(check, "23514")

        // PG → SQLite: no such types there; each column takes its base type (enum → TEXT, domain → its base).
        let file = stack.dataDir + "/udt.db"
        let lite = try await api.datasource("UDT_LITE", provider: "SQLite", url: "jdbc:sqlite:\(file)")
        let e = try await api.wait(try await api.launch(try await api.bundle("UDT_LITE", source: s, target: lite, pairs: [(film, film, 1, ""), (pick, pick, 1, "")])))
        XCTAssertEqual(e.status, .completed, "\(e.steps.map(\.exitMessage))")
        let liteConn = try SQLiteConnection(path: file)
        defer { liteConn.close() }
        let declared = try liteConn.query("SELECT name, type FROM pragma_table_info('film')").rows.map { "\($0[0].textValue ?? ""):\($0[1].textValue ?? "")" }
        XCTAssertEqual(declared, ["film_id:INTEGER", "title:TEXT", "release_year:INTEGER", "rating:TEXT", "also_rated:TEXT", "length:TEXT", "fts:TEXT"])
        let first = try liteConn.query("SELECT release_year, rating, also_rated, length FROM film WHERE film_id = 1").rows[0].map(\.textValue)
        XCTAssertEqual(first, ["1902", "PG", "{R,NC-17}", "(61,2,\"cut 1\")"])
        XCTAssertEqual(try liteConn.query("SELECT rating FROM family_pick WHERE pick_id = 3").rows[0][0].textValue, "PG")
    }

    func testAFailedCreateTableReportsItsOwnError() async throws {
        let src = try await database("ferry_ddl_src")
        let dst = try await database("ferry_ddl_dst")
        try await TestPostgres.run(url: src.url) { c in
            try c.execute("CREATE TABLE events (id int PRIMARY KEY, v text)")
            try c.execute("INSERT INTO events SELECT g, 'e' || g FROM generate_series(1, 10) g")
        }
        // A sequence holds the name: CREATE TABLE must fail (42P07), inside the DDL lock's transaction.
        try await TestPostgres.run(url: dst.url) { c in try c.execute("CREATE SEQUENCE events") }
        let s = try await api.datasource("DDL_SRC", provider: "PostgreSQL", url: src.jdbc, schema: "public", user: "postgres")
        let d = try await api.datasource("DDL_DST", provider: "PostgreSQL", url: dst.jdbc, schema: "public", user: "postgres")
        let t = try await api.table("events")
        let id = try await api.launch(try await api.bundle("DDL_FAIL", source: s, target: d, pairs: [(t, t, 1, "")]))
        let e = try await api.wait(id)
        XCTAssertEqual(e.status, .failed)
        for message in [e.exitMessage, e.steps.first?.exitMessage ?? ""] {
            XCTAssertTrue(message.contains("42P07") && message.contains("\"events\" already exists"), message)
            XCTAssertFalse(message.contains("25P02"), message)
        }
        let details = e.exceptionDetails ?? ""
        XCTAssertTrue(details.contains("SQLSTATE 42P07") && details.contains("statement: CREATE TABLE \"public\".\"events\""), details)

        // RF06, as users read it.
        try stack.launch("reporting")
        try await stack.waitHealthy("reporting")
        let r = try await stack.client("reporting").send("GET", "/v1/batch/job/\(id)")
        XCTAssertEqual(r.status, 200, r.text)
        let rf06 = (try JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any] ?? [:]
        let rf06Message = rf06["exitMessage"] as? String ?? ""
        XCTAssertTrue(rf06Message.contains("42P07") && !rf06Message.contains("25P02"), "\(rf06)")
    }
}
