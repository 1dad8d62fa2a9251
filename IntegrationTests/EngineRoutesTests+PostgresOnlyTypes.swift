import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// PostgreSQL types no other engine has — arrays, ranges, intervals, geometry, bit strings — and money, through
/// SQLite and back, every process real: they travel as their text (no SQLite affinity guess such as "interval"
/// → BIGINT, which PostgreSQL then refused on the way back), money as its numeric value, without the locale's
/// currency symbol. (EngineRoutesTests' stack.)
extension EngineRoutesTests {
    func testPostgresOnlyTypesTravelThroughSQLiteAndBack() async throws {
        let src = try await database("ferry_pgonly_src")
        let back = try await database("ferry_pgonly_back")
        try await TestPostgres.run(url: src.url) { c in
            try c.execute("""
                CREATE TABLE pgonly (id int PRIMARY KEY, price money, arr int[], r int4range, iv interval, pt point,
                  b4 bit(4), tags text[])
                """)
            try c.execute("""
                INSERT INTO pgonly SELECT g, (g * 1.25 - 100)::numeric::money, ARRAY[g, g + 1], int4range(g, g + 10),
                  g * interval '61 minutes', point(g, -g), (g % 16)::bit(4), ARRAY['t ' || g, 'q"' || g]
                FROM generate_series(1, 500) g
                """)
            try c.execute("UPDATE pgonly SET price = NULL, arr = NULL, r = NULL, iv = NULL, pt = NULL, b4 = NULL, tags = NULL WHERE id % 10 = 0")
        }
        let file = stack.dataDir + "/pgonly.db"
        let s = try await api.datasource("PGONLY_SRC", provider: "PostgreSQL", url: src.jdbc, schema: "public", user: "postgres")
        let l = try await api.datasource("PGONLY_LITE", provider: "SQLite", url: "jdbc:sqlite:\(file)")
        let b = try await api.datasource("PGONLY_BACK", provider: "PostgreSQL", url: back.jdbc, schema: "public", user: "postgres")
        let t = try await api.table("pgonly")
        for (name, from, to) in [("PGONLY_OUT", s, l), ("PGONLY_IN", l, b)] {
            let e = try await api.wait(try await api.launch(try await api.bundle(name, source: from, target: to, pairs: [(t, t, 1, "")])))
            XCTAssertEqual(e.status, .completed, "\(name): \(e.steps.map(\.exitMessage))\n\(stack.tail("executor"))")
            XCTAssertEqual(e.steps.map(\.counts.writeCount), [500], name)
        }
        let lite = try SQLiteConnection(path: file)
        defer { lite.close() }
        let declared = try lite.query("SELECT name, type FROM pragma_table_info('pgonly')").rows.map { "\($0[0].textValue ?? ""):\($0[1].textValue ?? "")" }
        XCTAssertEqual(declared, ["id:INTEGER", "price:DECIMAL_TEXT", "arr:TEXT", "r:TEXT", "iv:TEXT", "pt:TEXT", "b4:TEXT", "tags:TEXT"])
        XCTAssertEqual(try lite.query("SELECT price, iv FROM pgonly WHERE id = 1").rows[0].map(\.textValue), ["-98.75", "01:01:00"])

        let columns = "id, price::numeric::text, arr::text, r::text, iv::text, pt::text, b4::text, tags::text"
        let fingerprint = "SELECT count(*) || ':' || md5(string_agg(concat_ws('/', \(columns)), '|' ORDER BY id)) FROM pgonly"
        let want = try await TestPostgres.run(url: src.url) { c in try c.query(fingerprint).rows[0].string(0) }
        let got = try await TestPostgres.run(url: back.url) { c in try c.query(fingerprint).rows[0].string(0) }
        XCTAssertEqual(got, want)
    }
}
