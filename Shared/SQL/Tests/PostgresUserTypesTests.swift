import XCTest
@testable import FerrySQL

/// User-defined types read from a source schema and created in another (the target's), on the real
/// test PostgreSQL: Pagila's `year` domain and `mpaa_rating` enum, a domain over the enum, a composite
/// holding a domain, a range and an array of the enum; dependencies first, idempotent.
final class PostgresUserTypesTests: PostgresTestBase {
    static let fixture = """
        CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);
        CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17', 'it''s');
        CREATE DOMAIN kid_rating AS mpaa_rating DEFAULT 'G' NOT NULL CHECK (VALUE IN ('G', 'PG'));
        CREATE DOMAIN positive AS numeric(8,2) CHECK (VALUE > 0);
        CREATE TYPE dimensions AS (width positive, height positive, unit varchar(4) COLLATE "C");
        CREATE TYPE price_band AS RANGE (SUBTYPE = numeric);
        CREATE TABLE film (film_id int PRIMARY KEY, title text NOT NULL, release_year year, rating mpaa_rating,
          kid kid_rating, box dimensions, band price_band, also mpaa_rating[], tags text[], doc tsvector);
        """

    func testReadsDependenciesFirstAndCreatesThemIdempotently() throws {
        try conn.execute(Self.fixture)
        let types = try conn.userTypes(of: TableRef(name: "film"))
        let names = types.types.map(\.name)
        XCTAssertEqual(Set(names), ["year", "mpaa_rating", "kid_rating", "positive", "dimensions", "price_band"])
        XCTAssertLessThan(try XCTUnwrap(names.firstIndex(of: "mpaa_rating")), try XCTUnwrap(names.firstIndex(of: "kid_rating")))
        XCTAssertLessThan(try XCTUnwrap(names.firstIndex(of: "positive")), try XCTUnwrap(names.firstIndex(of: "dimensions")))
        XCTAssertEqual(types.columns, ["release_year": .user(name: "year", array: false), "rating": .user(name: "mpaa_rating", array: false),
                                       "kid": .user(name: "kid_rating", array: false), "box": .user(name: "dimensions", array: false),
                                       "band": .user(name: "price_band", array: false), "also": .user(name: "mpaa_rating", array: true)])
        XCTAssertEqual(try conn.userTypes(of: TableRef(name: "absent")), PostgresUserTypes())

        // Discovery for targets that cannot have the types: enum → text, domain → its base type.
        let film = try XCTUnwrap(conn.describeTable(TableRef(name: "film")))
        XCTAssertEqual(film.columns.map(\.nativeType)[2...4], ["year", "mpaa_rating", "kid_rating"])
        XCTAssertEqual(film.columns.map(\.type)[2...4], [.int32, .text(maxLength: nil), .text(maxLength: nil)])
        // As binary COPY carries them: a domain as its base type, an enum (also under a domain) as text.
        XCTAssertEqual(try conn.columnTypeOIDs(of: TableRef(name: "film"))[0...4], [PostgresOID.int4, PostgresOID.text, PostgresOID.int4,
                                                                                 PostgresOID.text, PostgresOID.text])
        let result = try conn.describeQuery("SELECT film_id, release_year, rating, kid, also FROM film").map(\.oid)
        XCTAssertEqual(result[0...3], [PostgresOID.int4, PostgresOID.int4, PostgresOID.text, PostgresOID.text])
        let arrayType = try conn.query("SELECT 'mpaa_rating[]'::regtype::oid::int8").rows[0].int64(0)
        XCTAssertEqual(Int64(result[4]), arrayType, "an array of an enum keeps its own type")

        let target = schema + "_target"
        try conn.execute("CREATE SCHEMA \(q(target))")
        defer { _ = try? conn.execute("DROP SCHEMA \(q(target)) CASCADE") }
        XCTAssertEqual(Set(try conn.transaction { try types.create(in: target, on: conn) }), Set(names))
        XCTAssertEqual(try conn.transaction { try types.create(in: target, on: conn) }, [], "a second run creates nothing")

        // The table in the target schema references the target's types, not the source's.
        let columns = types.retyped(film.columns, schema: target)
        XCTAssertEqual(columns[7].nativeType, "\(q(target)).\"mpaa_rating\"[]")
        let copy = TableInfo(ref: film.ref, columns: columns, primaryKey: film.primaryKey)
        try conn.execute(LoadPlanner.createTableSQL(source: copy, target: TableRef(schema: target, name: "film"), dialect: .postgresql,
                                                    renames: [], nativeTypes: Set(columns.map(\.name))))
        let typeSchemas = try conn.query("""
            SELECT a.attname, n.nspname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE a.attrelid = $1::regclass AND a.attname IN ('release_year', 'rating', 'kid', 'box', 'band', 'also')
            """, [.text("\(q(target)).film")]).rows.map { $0[1].textValue }
        XCTAssertEqual(typeSchemas, Array(repeating: target, count: 6))

        // Same definitions: labels in order, constraints enforced, defaults, attributes, range subtype.
        try conn.execute("""
            INSERT INTO \(q(target)).film (film_id, title, release_year, rating, box, band, also, tags, doc)
            VALUES (1, 'Academy Dinosaur', 2006, 'it''s', ROW(1.5, 2, 'cm'), '[1.5,9)', '{G,NC-17}', '{a,b}', 'a fat cat')
            """)
        let row = try conn.query("SELECT kid::text, box::text, band::text, also::text, (rating > 'NC-17')::text FROM \(q(target)).film").rows[0]
        XCTAssertEqual(row.map(\.textValue), ["G", "(1.50,2.00,cm)", "[1.5,9)", "{G,NC-17}", "true"])
        for bad in ["release_year = 1900", "kid = 'R'", "box = ROW(-1, 1, 'cm')", "rating = 'X'"] {
            XCTAssertThrowsError(try conn.execute("UPDATE \(q(target)).film SET \(bad)"), bad) { error in
                XCTAssertEqual((error as? DriverError)?.kind, .badData, "\(bad): \(error)")
            }
        }
    }

    func testTableRowTypesAreNotRecreatedAsTypes() throws {
        try conn.execute("""
            CREATE TABLE parent (id int PRIMARY KEY, v text);
            CREATE TABLE child (id int PRIMARY KEY, p parent, ps parent[]);
            """)
        let types = try conn.userTypes(of: TableRef(name: "child"))
        XCTAssertTrue(types.isEmpty, "\(types)")
        XCTAssertEqual(types.columns, [:])
    }

    func testStatementsQuoteNamesAndLabels() {
        let t = PostgresUserType(name: "we\"ird", definition: .enumeration(labels: ["a'b", "c"]))
        XCTAssertEqual(t.createStatements(schema: "s p"), [#"CREATE TYPE "s p"."we""ird" AS ENUM ('a''b', 'c')"#])
        let d = PostgresUserType(name: "year", definition: .domain(base: .native("integer"), notNull: false, defaultExpression: nil,
                                                                   collation: nil, checks: [.init(name: "year_check", definition: "CHECK (VALUE >= 1901) NOT VALID")]))
        XCTAssertEqual(d.createStatements(schema: "public"), [#"CREATE DOMAIN "public"."year" AS integer"#,
                                                             #"ALTER DOMAIN "public"."year" ADD CONSTRAINT "year_check" CHECK (VALUE >= 1901) NOT VALID"#])
    }
}
