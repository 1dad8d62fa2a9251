import Foundation
import FerryModels
import XCTest
@testable import FerrySQL

/// The reconciler end to end on real databases: equal copies reconcile equal (PostgreSQL → SQLite, PostgreSQL →
/// PostgreSQL, SQLite → PostgreSQL, every SPEC type), and a changed, a deleted and an extra row are each reported
/// with their exact key, as are a lost numeric scale and a zone shift that a row count cannot see.
final class TableReconcilerTests: PostgresTestBase {
    var directory: URL!

    override func setUpWithError() throws {
        try super.setUpWithError()
        directory = try DriverTestSupport.temporaryDirectory("reconciler")
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(at: directory) }
        try super.tearDownWithError()
    }

    /// A session on the test's schema, the table's side as that connection describes it.
    func side(_ spec: ConnectionSpec, _ ref: TableRef) async throws -> TableReconciler.Side {
        let session = try await DatabaseSession.open(spec)
        let table = try await session.run { c -> ReconcileTable in
            guard let info = try c.describeTable(ref) else { throw DriverError.usage("test", "no table \(ref)") }
            return ReconcileTable(table: info.ref, columns: info.columns, key: info.primaryKey)
        }
        return TableReconciler.Side(session: session, table: table)
    }

    var pg: ConnectionSpec { .postgres(conninfo: url) }

    func sqliteFile(_ rows: ClosedRange<Int> = ReconcileRows.rows) throws -> ConnectionSpec {
        let path = directory.appendingPathComponent("target.db").path
        let lite = try SQLiteConnection(path: path)
        defer { lite.close() }
        try ReconcileRows.loadSQLite("t", on: lite, rows)
        return .sqlite(path: path)
    }

    func reconcile(_ source: TableReconciler.Side, _ target: TableReconciler.Side, _ method: ReconcileMethod = .digest,
                   leafRows: Int = 8) async throws -> Reconciliation {
        try await TableReconciler.reconcile(source: source, target: target, method: method,
                                            limits: .init(maxKeys: 100, leafRows: leafRows))
    }

    /// A copy of table t (keyed like it) on the test's PostgreSQL schema.
    func copyOfT(_ name: String) throws {
        try conn.execute("CREATE TABLE \(q(name)) AS SELECT * FROM \(q("t"))")
        try conn.execute("ALTER TABLE \(q(name)) ADD PRIMARY KEY (id)")
    }

    func kinds(_ r: Reconciliation) -> [String: KeyDifferenceKind] {
        Dictionary(r.differingKeys.map { ($0.key["id"] ?? "?", $0.kind) }, uniquingKeysWith: { a, _ in a })
    }

    func testPostgresToSQLiteEqualThenChangedDeletedExtraRowsByKey() async throws {
        try ReconcileRows.loadPostgres("t", on: conn)
        let target = try sqliteFile()
        let s = try await side(pg, TableRef(schema: schema, name: "t"))
        let t = try await side(target, TableRef(name: "t"))
        for method in [ReconcileMethod.count, .digest] {
            let r = try await reconcile(s, t, method)
            XCTAssertTrue(r.equal, "\(method): \(r)")
            XCTAssertEqual(r.rangesCompared, 1)
            XCTAssertEqual(r.sourceRows, Int64(ReconcileRows.rows.count))
        }
        try await t.session.run { c in
            try c.execute("UPDATE t SET t = 'changed' WHERE id = 3")
            try c.execute("DELETE FROM t WHERE id = 5")
            try c.execute("INSERT INTO t (id) VALUES (100)")
        }
        let r = try await reconcile(s, t)
        XCTAssertFalse(r.equal)
        XCTAssertEqual(kinds(r), ["3": .different, "5": .missingInTarget, "100": .extraInTarget])
        XCTAssertFalse(r.truncated)
        XCTAssertGreaterThan(r.rangesCompared, 1, "the differing table is split before listing")
        XCTAssertNotNil(r.mismatchSummary)
        // Counting alone sees as many rows on both sides: exactly the blindness the digest is for.
        let counted = try await reconcile(s, t, .count)
        XCTAssertTrue(counted.equal)
        _ = try await t.session.run { c in try c.execute("DELETE FROM t WHERE id = 100") }
        let fewer = try await reconcile(s, t, .count)
        XCTAssertFalse(fewer.equal)
        XCTAssertEqual(kinds(fewer), ["5": .missingInTarget])
        await s.session.close(); await t.session.close()
    }

    func testSQLiteToPostgresEqual() async throws {
        let source = try sqliteFile()
        try ReconcileRows.loadPostgres("t", on: conn)
        let s = try await side(source, TableRef(name: "t"))
        let t = try await side(pg, TableRef(schema: schema, name: "t"))
        let r = try await reconcile(s, t)
        XCTAssertTrue(r.equal, "\(r)")
        await s.session.close(); await t.session.close()
    }

    /// PostgreSQL → PostgreSQL: a numeric(12,1) target rounds 9999999999.99 (different) but holds 1.50 and -12.30
    /// exactly (equal); a target whose timestamps moved by a zone differs in every such row. Counts see nothing.
    func testLostScaleAndShiftedZoneAreDifferent() async throws {
        try ReconcileRows.loadPostgres("t", on: conn)
        try copyOfT("u")
        let s = try await side(pg, TableRef(schema: schema, name: "t"))
        let t = try await side(pg, TableRef(schema: schema, name: "u"))
        let same = try await reconcile(s, t)
        XCTAssertTrue(same.equal, "\(same)")

        try conn.execute("ALTER TABLE \(q("u")) ALTER COLUMN n2 TYPE numeric(13,1)")
        let rounded = Set(try conn.query("SELECT id FROM \(q("t")) WHERE n2 = 9999999999.99").rows.compactMap { $0[0].int64 }.map(String.init))
        XCTAssertFalse(rounded.isEmpty)
        let t2 = try await side(pg, TableRef(schema: schema, name: "u"))
        let r = try await reconcile(s, t2, leafRows: 1000)
        XCTAssertFalse(r.equal)
        XCTAssertEqual(Set(kinds(r).keys), rounded)
        XCTAssertTrue(kinds(r).values.allSatisfy { $0 == .different })
        let counted = try await reconcile(s, t2, .count)
        XCTAssertTrue(counted.equal, "a count cannot see a lost scale")

        try copyOfT("w")
        try conn.execute("UPDATE \(q("w")) SET tstz = tstz + interval '3 hours' WHERE id IN (1, 2)")
        let t3 = try await side(pg, TableRef(schema: schema, name: "w"))
        let shifted = try await reconcile(s, t3)
        XCTAssertEqual(kinds(shifted), ["1": .different, "2": .different])
        for x in [s, t, t2, t3] { await x.session.close() }
    }
    /// PostgreSQL → PostgreSQL with the same column types hashes rows by the server's type hashes (no canonical
    /// texts), and still finds a changed, a deleted and an extra row by key; a column type without an extended hash
    /// (`json`) or differing types fall back to canonical texts, equal all the same.
    func testPostgresPairOfSameTypesHashesNativelyAndFindsEachKey() async throws {
        try ReconcileRows.loadPostgres("t", on: conn)
        try copyOfT("u")
        let s = try await side(pg, TableRef(schema: schema, name: "t"))
        let t = try await side(pg, TableRef(schema: schema, name: "u"))
        let (hs, ht) = try await TableReconciler.choosingHashing(s, t)
        XCTAssertEqual([hs.table.hashing, ht.table.hashing], [.postgresNative, .postgresNative])
        let same = try await reconcile(s, t)
        XCTAssertTrue(same.equal, "\(same)")

        try conn.execute("UPDATE \(q("u")) SET i4 = i4 - 1 WHERE id = 3")
        try conn.execute("DELETE FROM \(q("u")) WHERE id = 5")
        try conn.execute("INSERT INTO \(q("u")) (id) VALUES (100)")
        let r = try await reconcile(s, t)
        XCTAssertEqual(kinds(r), ["3": .different, "5": .missingInTarget, "100": .extraInTarget])

        try copyOfT("w")
        try conn.execute("ALTER TABLE \(q("w")) ALTER COLUMN j TYPE json")
        let w = try await side(pg, TableRef(schema: schema, name: "w"))
        let (_, hw) = try await TableReconciler.choosingHashing(s, w)
        XCTAssertEqual(hw.table.hashing, .canonical)
        let canonical = try await reconcile(s, w)
        XCTAssertTrue(canonical.equal, "\(canonical)")
        for x in [s, t, w] { await x.session.close() }
    }
    /// The native row hash (each column's type hash, seeded by its position and XORed) tells apart what sums per
    /// column would not: two rows trading a column's values; and a value set to NULL or to a date past timestamp's
    /// range (hashed as a one-column record) differs too.
    func testNativeHashSeesValuesTradedBetweenRowsNullsAndFarDates() async throws {
        try ReconcileRows.loadPostgres("t", on: conn)
        try copyOfT("u")
        let (t, u) = (q("t"), q("u"))
        try conn.execute("UPDATE \(u) SET t = (SELECT t FROM \(t) WHERE id = 7 - \(u).id) WHERE id IN (3, 4)")
        try conn.execute("UPDATE \(u) SET d = NULL WHERE id = 8")
        try conn.execute("UPDATE \(u) SET d = '300000-01-01' WHERE id = 10")
        let s = try await side(pg, TableRef(schema: schema, name: "t"))
        let w = try await side(pg, TableRef(schema: schema, name: "u"))
        let (_, hw) = try await TableReconciler.choosingHashing(s, w)
        XCTAssertEqual(hw.table.hashing, .postgresNative)
        let r = try await reconcile(s, w)
        XCTAssertEqual(kinds(r), ["3": .different, "4": .different, "8": .different, "10": .different])
        for x in [s, w] { await x.session.close() }
    }
    /// A composite key's range also bounds its leading column alone (so a planner reads the range, not the whole
    /// table): the bound is redundant, the rows are the same.
    func testCompositeKeyRangeAlsoBoundsItsLeadingColumn() throws {
        try conn.execute("CREATE TABLE \(q("ck")) (a int4, b int4, PRIMARY KEY (a, b))")
        try conn.execute("INSERT INTO \(q("ck")) SELECT a, b FROM generate_series(1, 20) a, generate_series(1, 5) b")
        let f = RangeFilter(KeyRange(lower: [.int(3), .int(4)], upper: [.int(7), .int(2)]), key: ["a", "b"], dialect: .postgresql)
        XCTAssertEqual(f.parameters, [.int(3), .int(4), .int(7), .int(2), .int(3), .int(7)])
        XCTAssertTrue(f.sql?.hasSuffix("\"a\" >= $5 AND \"a\" <= $6") ?? false, f.sql ?? "no condition")
        let ck = ReconcileTable(table: TableRef(schema: schema, name: "ck"), columns: [], key: ["a", "b"])
        XCTAssertEqual(try RangeDigester.count(conn, ck, f), 1 + 15 + 2, "(3,5); a = 4, 5, 6; (7,1), (7,2)")
    }
}
