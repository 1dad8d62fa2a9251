import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// Targets made the way users make them before a load (`pg_dump --schema-only` of the source), every process real:
/// a generated column of an existing target is left to the target (PostgreSQL refuses COPY into it, SQLite any
/// INSERT), and an identity column `GENERATED ALWAYS` takes the source's values on the merge too, its sequence moved
/// past them; a SQLite source's generated column is read like any other. (EngineRoutesTests' stack.)
extension EngineRoutesTests {
    static let generatedFilm = """
        CREATE TABLE film (film_id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL, price numeric(5,2),
          price_with_tax numeric GENERATED ALWAYS AS (price * 1.2) STORED)
        """

    func testGeneratedAndIdentityColumnsOfAnExistingTarget() async throws {
        let src = try await database("ferry_gen_src")
        let dst = try await database("ferry_gen_dst")
        try await TestPostgres.run(url: src.url) { c in
            try c.execute(Self.generatedFilm)
            try c.execute("INSERT INTO film (title, price) SELECT 'Film ' || g, g % 100 + 0.99 FROM generate_series(1, 2000) g")
        }
        try await TestPostgres.run(url: dst.url) { c in try c.execute(Self.generatedFilm) }
        let file = stack.dataDir + "/generated.db"
        let lite = try SQLiteConnection(path: file)
        defer { lite.close() }
        try lite.execute("""
            CREATE TABLE film (film_id INTEGER PRIMARY KEY, title TEXT NOT NULL, price NUMERIC,
              price_with_tax NUMERIC GENERATED ALWAYS AS (price * 1.2) STORED, label TEXT GENERATED ALWAYS AS ('#' || film_id) VIRTUAL)
            """)

        let s = try await api.datasource("GEN_SRC", provider: "PostgreSQL", url: src.jdbc, schema: "public", user: "postgres")
        let d = try await api.datasource("GEN_DST", provider: "PostgreSQL", url: dst.jdbc, schema: "public", user: "postgres")
        let l = try await api.datasource("GEN_LITE", provider: "SQLite", url: "jdbc:sqlite:\(file)")
        let film = try await api.table("film")
        let toPostgres = try await api.bundle("GEN_PG", source: s, target: d, pairs: [(film, film, 1, "")], options: #""chunkSize": 500"#)
        let toSQLite = try await api.bundle("GEN_LITE", source: s, target: l, pairs: [(film, film, 1, "")], options: #""chunkSize": 500"#)
        try await TestPostgres.run(url: src.url) { c in try c.execute("UPDATE film SET price = price + 1 WHERE film_id % 7 = 0") }
        for run in 1...2 {   // the first goes straight into the empty tables, the second merges by key
            for bundle in [toPostgres, toSQLite] {
                let e = try await api.wait(try await api.launch(bundle))
                XCTAssertEqual(e.status, .completed, "run \(run): \(e.steps.map(\.exitMessage))\n\(stack.tail("executor"))")
                XCTAssertEqual(e.steps.map(\.counts.writeCount), [2000], "run \(run)")
            }
            if run == 1 {
                try await TestPostgres.run(url: src.url) { c in try c.execute("UPDATE film SET price = price + 2 WHERE film_id % 5 = 0") }
            }
        }
        let fingerprint = "SELECT count(*) || ':' || md5(string_agg(film_id || '/' || title || '/' || price || '/' || price_with_tax, '|' ORDER BY film_id)) FROM film"
        let want = try await TestPostgres.run(url: src.url) { c in try c.query(fingerprint).rows[0].string(0) }
        let got = try await TestPostgres.run(url: dst.url) { c in try c.query(fingerprint).rows[0].string(0) }
        XCTAssertEqual(got, want)
        // The identity's sequence was moved past the copied ids: the application's next row takes a new one.
        let next = try await TestPostgres.run(url: dst.url) { c in
            try c.query("INSERT INTO film (title, price) VALUES ('new', 1) RETURNING film_id").rows[0][0].int64
        }
        XCTAssertEqual(next, 2001)
        let changed = try lite.query("SELECT price, price_with_tax, label FROM film WHERE film_id = 35").rows[0].map(\.textValue)
        let price = try await TestPostgres.run(url: src.url) { c in try c.query("SELECT price FROM film WHERE film_id = 35").rows[0].string(0) }
        XCTAssertEqual(changed[0], price)
        XCTAssertEqual(Double(changed[1] ?? ""), Double(price ?? "").map { $0 * 1.2 })
        XCTAssertEqual(changed[2], "#35")

        // SQLite → PostgreSQL, target created by Ferry: the source's generated columns are read like any other.
        let made = try await database("ferry_gen_made")
        let m = try await api.datasource("GEN_MADE", provider: "PostgreSQL", url: made.jdbc, schema: "public", user: "postgres")
        let e = try await api.wait(try await api.launch(try await api.bundle("GEN_FROM_LITE", source: l, target: m, pairs: [(film, film, 1, "")])))
        XCTAssertEqual(e.status, .completed, "\(e.steps.map(\.exitMessage))")
        let row = try await TestPostgres.run(url: made.url) { c in
            try c.query("SELECT label, price_with_tax::text FROM film WHERE film_id = 35").rows[0].map(\.textValue)
        }
        XCTAssertEqual(row[0], "#35")
        let copied = try XCTUnwrap(Double(row[1] ?? "")), computed = try XCTUnwrap(Double(changed[1] ?? ""))
        XCTAssertEqual(copied, computed, accuracy: 1e-9)
    }
}
