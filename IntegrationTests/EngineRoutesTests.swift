import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// Issue "Job engine": whole runs with every process real — PG→PG, PG→SQLite, SQLite→PG and
/// ODBC(psqlODBC)→PG of a table holding every SPEC type with NULLs; target equals source value
/// for value; a second run (upsert) changes nothing; a three-table bundle with foreign keys loads in
/// relationalOrdering order.
final class EngineRoutesTests: StackTestCase {
    func testAllTypesAcrossEveryRoute() async throws {
        let rows = 3_000
        let src = try await database("ferry_src")
        try await TestPostgres.run(url: src.url) { c in for s in AllTypes.fill(rows) { try c.execute(s) } }
        let srcSpec = try TableSnapshot.postgres(src.url)
        let expected = try await TableSnapshot.rows(srcSpec, "alltypes")
        XCTAssertEqual(expected.count, rows)

        let pgSource = try await api.datasource("SRC", provider: "PostgreSQL", url: src.jdbc, schema: "public", user: "postgres", password: "not-needed")
        let table = try await api.table("alltypes")

        // PG → PG: the text of every row is identical (binary passthrough keeps native types).
        let dst = try await database("ferry_dst")
        let pgTarget = try await api.datasource("DST", provider: "PostgreSQL", url: dst.jdbc, schema: "public", user: "postgres")
        let b1 = try await api.bundle("PG_PG", source: pgSource, target: pgTarget, pairs: [(table, table, 1, "")], options: #""chunkSize": 1000"#)
        var e = try await api.wait(try await api.launch(b1))
        XCTAssertEqual(e.status, .completed, e.exitMessage)
        XCTAssertEqual(e.steps.first?.stepName, "STEP-ALLTYPES")
        XCTAssertEqual(e.steps.first?.counts.readCount, Int64(rows))
        XCTAssertEqual(e.steps.first?.counts.writeCount, Int64(rows))
        XCTAssertEqual(e.steps.first?.counts.commitCount, Int64(rows / 1000 + 1), "chunks + the final empty commit")
        let fpSource = try await TestPostgres.run(url: src.url) { c in try c.query(AllTypes.fingerprint).rows[0].string(0) }
        var fpTarget = try await TestPostgres.run(url: dst.url) { c in try c.query(AllTypes.fingerprint).rows[0].string(0) }
        XCTAssertEqual(fpSource, fpTarget)

        // Second run of the same bundle (upsert): identical, no duplicates.
        e = try await api.wait(try await api.launch(b1))
        XCTAssertEqual(e.status, .completed, e.exitMessage)
        fpTarget = try await TestPostgres.run(url: dst.url) { c in try c.query(AllTypes.fingerprint).rows[0].string(0) }
        XCTAssertEqual(fpSource, fpTarget)

        // PG → SQLite
        let file = stack.dataDir + "/target.db"
        let liteTarget = try await api.datasource("LITE", provider: "SQLite", url: "jdbc:sqlite:\(file)")
        let b2 = try await api.bundle("PG_LITE", source: pgSource, target: liteTarget, pairs: [(table, table, 1, "")])
        e = try await api.wait(try await api.launch(b2))
        XCTAssertEqual(e.status, .completed, e.exitMessage)
        let lite = try await TableSnapshot.rows(.sqlite(path: file), "alltypes")
        XCTAssertEqual(lite.count, rows)
        assertSameRows(expected, lite, "PG→SQLite")

        // SQLite → PG (the file just written is the source)
        let liteSource = try await api.datasource("LITE_SRC", provider: "SQLite", url: "jdbc:sqlite:\(file)")
        let dst2 = try await database("ferry_dst2")
        let pgTarget2 = try await api.datasource("DST2", provider: "PostgreSQL", url: dst2.jdbc, schema: "public", user: "postgres")
        let b3 = try await api.bundle("LITE_PG", source: liteSource, target: pgTarget2, pairs: [(table, table, 1, "")])
        e = try await api.wait(try await api.launch(b3))
        XCTAssertEqual(e.status, .completed, e.exitMessage)
        let back = try await TableSnapshot.rows(try TableSnapshot.postgres(dst2.url), "alltypes")
        assertSameRows(expected, back, "SQLite→PG")

        // ODBC (psqlODBC) → PG
        let u = URL(string: src.url)!
        let odbc = "Driver={PostgreSQL Unicode};Server=\(u.host!);Port=\(u.port!);Database=\(src.name);Uid=postgres;Pwd=;"
        let odbcSource = try await api.datasource("ODBC_SRC", provider: "ODBC", url: odbc, schema: "public")
        let dst3 = try await database("ferry_dst3")
        let pgTarget3 = try await api.datasource("DST3", provider: "PostgreSQL", url: dst3.jdbc, schema: "public", user: "postgres")
        let b4 = try await api.bundle("ODBC_PG", source: odbcSource, target: pgTarget3, pairs: [(table, table, 1, "")])
        e = try await api.wait(try await api.launch(b4))
        XCTAssertEqual(e.status, .completed, e.exitMessage)
        let viaODBC = try await TableSnapshot.rows(try TableSnapshot.postgres(dst3.url), "alltypes")
        assertSameRows(expected, viaODBC, "ODBC→PG")
    }

    func testForeignKeyBundleLoadsInRelationalOrder() async throws {
        let src = try await database("ferry_fk_src")
        let dst = try await database("ferry_fk_dst")
        let ddl = [
            "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)",
            "CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id), total numeric(12,2))",
            "CREATE TABLE order_items (order_id int REFERENCES orders(id), line int, sku text, PRIMARY KEY (order_id, line))",
        ]
        try await TestPostgres.run(url: src.url) { c in
            for s in ddl { try c.execute(s) }
            try c.execute("INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 300) g")
            try c.execute("INSERT INTO orders SELECT g, 1 + g % 300, g * 1.25 FROM generate_series(1, 1200) g")
            try c.execute("INSERT INTO order_items SELECT 1 + g % 1200, g, 'sku' || g FROM generate_series(1, 4000) g")
        }
        // The target has the foreign keys: a wrong order would violate them.
        try await TestPostgres.run(url: dst.url) { c in for s in ddl { try c.execute(s) } }
        let s = try await api.datasource("FK_SRC", provider: "PostgreSQL", url: src.jdbc, schema: "public", user: "postgres")
        let d = try await api.datasource("FK_DST", provider: "PostgreSQL", url: dst.jdbc, schema: "public", user: "postgres")
        let tc = try await api.table("customers"), to = try await api.table("orders"), ti = try await api.table("order_items")
        // Listed in reverse: relationalOrdering, not list order, decides.
        let b = try await api.bundle("FK", source: s, target: d, pairs: [(ti, ti, 3, ""), (to, to, 2, ""), (tc, tc, 1, "")],
                                     options: #""chunkSize": 500"#)
        let e = try await api.wait(try await api.launch(b))
        XCTAssertEqual(e.status, .completed, e.exitMessage)
        XCTAssertEqual(e.steps.map(\.stepName), ["STEP-CUSTOMERS", "STEP-ORDERS", "STEP-ORDER_ITEMS"])
        let starts = e.steps.compactMap(\.startTime), ends = e.steps.compactMap(\.endTime)
        XCTAssertEqual(starts.count, 3)
        XCTAssertLessThanOrEqual(ends[0], starts[1], "orders started before customers finished")
        XCTAssertLessThanOrEqual(ends[1], starts[2], "order_items started before orders finished")
        let dstSpec = try TableSnapshot.postgres(dst.url)
        let counts = [try await TableSnapshot.count(dstSpec, "customers"), try await TableSnapshot.count(dstSpec, "orders"),
                      try await TableSnapshot.count(dstSpec, "order_items")]
        XCTAssertEqual(counts, [300, 1200, 4000])
    }

    /// Equal orderings run in parallel; four steps at once into a fresh target (no `ferry` schema, no target
    /// schema, no tables) must not trip over each other creating them.
    func testParallelStepsIntoAFreshTarget() async throws {
        let src = try await database("ferry_par_src")
        let dst = try await database("ferry_par_dst")
        let names = (1...4).map { "part_\($0)" }
        try await TestPostgres.run(url: src.url) { c in
            for (i, n) in names.enumerated() {
                try c.execute("CREATE TABLE \(n) (id int PRIMARY KEY, v text)")
                try c.execute("INSERT INTO \(n) SELECT g, md5(g::text) FROM generate_series(1, \(1000 * (i + 1))) g")
            }
        }
        let s = try await api.datasource("PAR_SRC", provider: "PostgreSQL", url: src.jdbc, schema: "public", user: "postgres")
        let d = try await api.datasource("PAR_DST", provider: "PostgreSQL", url: dst.jdbc, schema: "landing", user: "postgres")
        var pairs: [(Int64, Int64, Int, String)] = []
        for n in names { let t = try await api.table(n); pairs.append((t, t, 1, "")) }
        let e = try await api.wait(try await api.launch(try await api.bundle("PARALLEL", source: s, target: d, pairs: pairs)))
        XCTAssertEqual(e.status, .completed, "\(e.steps.map(\.exitMessage))")
        XCTAssertEqual(e.steps.map(\.counts.writeCount), [1000, 2000, 3000, 4000])
        let counts = try await TestPostgres.run(url: dst.url) { c in
            try names.map { n in try c.query("SELECT count(*) FROM landing.\(n)").rows[0].int64(0) ?? -1 }
        }
        XCTAssertEqual(counts, [1000, 2000, 3000, 4000])
    }

    private func assertSameRows(_ a: [[SQLValue]], _ b: [[SQLValue]], _ route: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, route, file: file, line: line)
        var reported = 0
        for (i, (ra, rb)) in zip(a, b).enumerated() where ra != rb && reported < 3 {
            reported += 1
            let diffs = zip(ra, rb).enumerated().filter { $0.element.0 != $0.element.1 }.map { "col \($0.offset): \($0.element.0) ≠ \($0.element.1)" }
            XCTFail("\(route) row \(i): \(diffs.prefix(4).joined(separator: "; "))", file: file, line: line)
        }
    }
}
