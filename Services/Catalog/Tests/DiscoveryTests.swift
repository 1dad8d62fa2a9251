import FerryHTTPClient
import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// `test` and `tables` against the real PostgreSQL fixture, an SQLite file and ODBC.
final class DiscoveryTests: XCTestCase {
    func testPostgresSQLiteAndODBCDatasources() async throws {
        let db = try await TestPostgres.createDatabase("ferry_catalog_disc")
        defer { Task { await TestPostgres.dropDatabase(db.name) } }
        try await TestPostgres.run(url: db.url) { c in
            try c.execute(#"CREATE TABLE "CUSTOMERS" (id int PRIMARY KEY, name varchar(80) NOT NULL, balance numeric(12,2), created timestamptz, taxed numeric GENERATED ALWAYS AS (balance * 1.2) STORED)"#)
            try c.execute("CREATE TABLE orders (order_id bigint, line int, note text, PRIMARY KEY (order_id, line))")
        }
        let h = try await CatalogHarness.start()
        defer { Task { await h.app.stop() } }

        // PostgreSQL by JDBC URL
        let pgURL = URL(string: db.url)!
        let jdbc = "jdbc:postgresql://\(pgURL.host!):\(pgURL.port!)/\(db.name)"
        var (status, text) = try await h.send("POST", "/v1/datasource",
            #"{"databaseName":"pg","databaseProvider":"PostgreSQL","userName":"postgres","password":"secret-pw","jdbcConnectionUrl":"\#(jdbc)","databaseSchema":"public"}"#)
        XCTAssertEqual(status, 201, text)
        let pg = try XCTUnwrap(h.json(text)["uid"] as? Int)
        (status, text) = try await h.send("POST", "/v1/datasource/\(pg)/test")
        XCTAssertEqual(status, 200, text)
        XCTAssertTrue((h.json(text)["serverVersion"] as? String ?? "").hasPrefix("PostgreSQL"), text)
        XCTAssertFalse(text.contains("secret-pw"))
        let tables: [DiscoveredTable] = try await h.client.get("/v1/datasource/\(pg)/tables")
        let customers = try XCTUnwrap(tables.first { $0.name == "CUSTOMERS" })
        XCTAssertEqual(customers.primaryKey, ["id"])
        XCTAssertEqual(customers.columns.map(\.name), ["id", "name", "balance", "created", "taxed"])
        XCTAssertEqual(customers.columns.map(\.generated), [nil, nil, nil, nil, true], "a computed column is marked, only it")
        XCTAssertEqual(customers.columns[2].nativeType, "numeric(12,2)")
        XCTAssertEqual(customers.columns[1].nullable, false)
        XCTAssertEqual(tables.first { $0.name == "orders" }?.primaryKey, ["order_id", "line"])

        // A wrong password is the driver's error as a 422, never the password.
        (status, text) = try await h.send("POST", "/v1/datasource",
            #"{"databaseName":"pgbad","databaseProvider":"PostgreSQL","jdbcConnectionUrl":"jdbc:postgresql://127.0.0.1:1/x","password":"hunter2"}"#)
        let bad = try XCTUnwrap(h.json(text)["uid"] as? Int)
        (status, text) = try await h.send("POST", "/v1/datasource/\(bad)/test")
        XCTAssertEqual(status, 422, text)
        XCTAssertFalse(text.contains("hunter2"), text)

        // SQLite file
        let file = h.dataDir + "/src.db"
        try await Task.detached {
            let c = try SQLiteConnection(path: file)
            try c.execute("CREATE TABLE items (sku TEXT PRIMARY KEY, qty INTEGER NOT NULL, price DECIMAL(10,2), total REAL GENERATED ALWAYS AS (qty * price) VIRTUAL)")
            c.close()
        }.value
        (status, text) = try await h.send("POST", "/v1/datasource",
            #"{"databaseName":"lite","databaseProvider":"SQLite","jdbcConnectionUrl":"jdbc:sqlite:\#(file)"}"#)
        let lite = try XCTUnwrap(h.json(text)["uid"] as? Int)
        (status, text) = try await h.send("POST", "/v1/datasource/\(lite)/test")
        XCTAssertEqual(status, 200, text)
        let liteTables: [DiscoveredTable] = try await h.client.get("/v1/datasource/\(lite)/tables")
        XCTAssertEqual(liteTables.first { $0.name == "items" }?.primaryKey, ["sku"])
        XCTAssertEqual(liteTables.first { $0.name == "items" }?.columns.map(\.generated), [nil, nil, nil, true])

        // ODBC through psqlODBC
        let odbc = "Driver={PostgreSQL Unicode};Server=\(pgURL.host!);Port=\(pgURL.port!);Database=\(db.name);Uid=postgres;Pwd=;"
        (status, text) = try await h.send("POST", "/v1/datasource",
            #"{"databaseName":"odbc","databaseProvider":"ODBC","jdbcConnectionUrl":"\#(odbc)","databaseSchema":"public"}"#)
        XCTAssertEqual(status, 201, text)
        let od = try XCTUnwrap(h.json(text)["uid"] as? Int)
        (status, text) = try await h.send("POST", "/v1/datasource/\(od)/test")
        XCTAssertEqual(status, 200, text)
        XCTAssertTrue(text.contains("PostgreSQL"), text)
        let odTables: [DiscoveredTable] = try await h.client.get("/v1/datasource/\(od)/tables")
        XCTAssertEqual(odTables.first { $0.name == "CUSTOMERS" }?.primaryKey, ["id"])

        // The plan of a bundle: generated SQL from the primary key; no key and no custom SQL → 422.
        try await TestPostgres.run(url: db.url) { c in try c.execute("CREATE TABLE nokey (a int, b text)") }
        (status, text) = try await h.send("POST", "/v1/data/tables", #"{"tablePhysicalName":"CUSTOMERS"}"#)
        let t1 = try XCTUnwrap(h.json(text)["uid"] as? Int)
        (status, text) = try await h.send("POST", "/v1/data/tables", #"{"tablePhysicalName":"nokey"}"#)
        let t2 = try XCTUnwrap(h.json(text)["uid"] as? Int)
        (status, text) = try await h.send("POST", "/v1/data/bundles", #"{"bundleName":"p1","sourceDatasourceId":\#(pg),"targetDatasourceId":\#(lite),"bundledTables":[{"sourceTableId":\#(t1),"targetTableId":\#(t1)}]}"#)
        let b1 = try XCTUnwrap(h.json(text)["uid"] as? Int)
        (status, text) = try await h.send("GET", "/v1/data/bundles/\(b1)/plan")
        XCTAssertEqual(status, 200, text)
        XCTAssertTrue(text.contains(#"ORDER BY \"id\""#), text)
        XCTAssertTrue(text.contains("ON CONFLICT"), text)
        (status, text) = try await h.send("POST", "/v1/data/bundles", #"{"bundleName":"p2","sourceDatasourceId":\#(pg),"targetDatasourceId":\#(lite),"bundledTables":[{"sourceTableId":\#(t2),"targetTableId":\#(t2)}]}"#)
        let b2 = try XCTUnwrap(h.json(text)["uid"] as? Int)
        (status, text) = try await h.send("GET", "/v1/data/bundles/\(b2)/plan")
        XCTAssertEqual(status, 422, text)
        XCTAssertTrue(text.contains("primary key"), text)
    }
}

/// A Files datasource: an absolute directory at registration (else 400); `test` tries to write there (422 when
/// the directory neither exists nor can be created, or takes no file).
final class FilesDatasourceTests: XCTestCase {
    func testRegistrationAndTestOfExportDirectories() async throws {
        let h = try await CatalogHarness.start()
        defer { Task { await h.app.stop() } }
        func register(_ url: String) async throws -> (Int, String) {
            try await h.send("POST", "/v1/datasource", #"{"databaseName":"exports","databaseProvider":"Files","jdbcConnectionUrl":"\#(url)"}"#)
        }
        for bad in ["file:relative/dir", "exports", "file:"] {
            let (status, text) = try await register(bad)
            XCTAssertEqual(status, 400, "\(bad): \(text)")
            XCTAssertTrue(text.contains("\"field\":\"jdbcConnectionUrl\""), text)
        }
        for (url, expected) in [("file:" + h.dataDir + "/exports/crm", 200), ("file://" + h.dataDir, 200),
                                ("file:/proc/ferry-exports", 422)] {
            var (status, text) = try await register(url)
            XCTAssertEqual(status, 201, text)
            let uid = try XCTUnwrap(h.json(text)["uid"] as? Int)
            (status, text) = try await h.send("POST", "/v1/datasource/\(uid)/test")
            XCTAssertEqual(status, expected, "\(url): \(text)")
            if expected == 422 { XCTAssertTrue(text.contains("\"success\":false"), text) }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: h.dataDir + "/exports"), "testing creates nothing")
    }
}

/// A bundle's export options: validated field by field, stored, shown, and handed to the orchestrator in the spec.
final class BundleExportOptionsTests: XCTestCase {
    func testExportOptionsRoundTripAndBadValuesNameTheirField() async throws {
        let h = try await CatalogHarness.start()
        defer { Task { await h.app.stop() } }
        var (status, text) = try await h.send("POST", "/v1/datasource", SeedBodies.oracleSource)
        let source = try XCTUnwrap(h.json(text)["uid"] as? Int)
        (status, text) = try await h.send("POST", "/v1/datasource",
            #"{"databaseName":"exports","databaseProvider":"Files","jdbcConnectionUrl":"file:\#(h.dataDir)/exports"}"#)
        let target = try XCTUnwrap(h.json(text)["uid"] as? Int)
        (status, text) = try await h.send("POST", "/v1/data/tables", SeedBodies.table)
        let table = try XCTUnwrap(h.json(text)["uid"] as? Int)
        func bundle(_ options: String) -> String {
            #"{"bundleName":"EXPORT","sourceDatasourceId":\#(source),"targetDatasourceId":\#(target),"bundledTables":[{"sourceTableId":\#(table),"targetTableId":\#(table)}]\#(options)}"#
        }
        for (options, field) in [(#","exportFormat":"xml""#, "exportFormat"), (#","compression":"zip""#, "compression"),
                                 (#","maxFileRows":0"#, "maxFileRows"), (#","maxFileBytes":10"#, "maxFileBytes"),
                                 (#","manifestOption":"yes""#, "manifestOption"), (#","maxFileRows":"ten""#, "maxFileRows"),
                                 (#","batchCode":"HD/PDE""#, "batchCode")] {
            (status, text) = try await h.send("POST", "/v1/data/bundles", bundle(options))
            XCTAssertEqual(status, 400, text)
            XCTAssertTrue(text.contains("\"field\":\"\(field)\""), text)
        }
        // A manifest needs a Files target: the same bundle into a database says so, naming the field.
        (status, text) = try await h.send("POST", "/v1/data/bundles",
            bundle(#","manifestOption":true"#).replacingOccurrences(of: "\"targetDatasourceId\":\(target)", with: "\"targetDatasourceId\":\(source)"))
        XCTAssertEqual(status, 400, text)
        XCTAssertTrue(text.contains("\"field\":\"manifestOption\""), text)
        (status, text) = try await h.send("POST", "/v1/data/bundles", bundle(#","exportFormat":"parquet","compression":"none","maxFileRows":5000,"maxFileBytes":1048576,"manifestOption":true,"batchCode":"HD-PDE""#))
        XCTAssertEqual(status, 201, text)
        let uid = try XCTUnwrap(h.json(text)["uid"] as? Int)
        let view: BundleView = try await h.client.get("/v1/data/bundles/\(uid)")
        XCTAssertEqual(view.exportFormat, .parquet)
        XCTAssertEqual(view.compression, ExportCompression.none)
        XCTAssertEqual(view.maxFileRows, 5000)
        XCTAssertEqual(view.maxFileBytes, 1_048_576)
        let spec: BundleSpec = try await h.client.get("/internal/bundles/\(uid)/spec")
        XCTAssertEqual(spec.exportFormat, .parquet)
        XCTAssertEqual(spec.compression, ExportCompression.none)
        XCTAssertEqual(spec.maxFileRows, 5000)
        XCTAssertEqual(spec.maxFileBytes, 1_048_576)
        XCTAssertEqual(spec.resolvedBatchCode, "HD-PDE")

        (status, text) = try await h.send("POST", "/v1/data/bundles", bundle("").replacingOccurrences(of: "\"EXPORT\"", with: "\"EXPORT2\""))
        let plain: BundleView = try await h.client.get("/v1/data/bundles/\(try XCTUnwrap(h.json(text)["uid"] as? Int))")
        XCTAssertEqual(plain.exportFormat, .jsonl, "the defaults")
        XCTAssertEqual(plain.compression, .gzip)
        XCTAssertNil(plain.maxFileRows)
    }
}
