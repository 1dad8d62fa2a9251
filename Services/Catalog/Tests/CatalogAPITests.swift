import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// RF01–RF03 over real HTTP, on both stores: seed bodies, validation, conflicts, persistence,
/// and the password never leaving the service.
final class CatalogAPITests: XCTestCase {
    func testSeedWorkflowOnSQLiteStore() async throws {
        try await runSuite(try await CatalogHarness.start())
    }

    func testSeedWorkflowOnPostgresStore() async throws {
        let db = try await TestPostgres.createDatabase("ferry_catalog_store")
        defer { Task { await TestPostgres.dropDatabase(db.name) } }
        try await runSuite(try await CatalogHarness.start(databaseURL: db.url))
    }

    private func runSuite(_ start: CatalogHarness) async throws {
        var h = start
        var bodies: [String] = []   // every response body, checked for the password at the end
        func call(_ m: String, _ p: String, _ j: String? = nil) async throws -> (Int, [String: Any], String) {
            let (status, text) = try await h.send(m, p, j)
            bodies.append(text)
            return (status, h.json(text), text)
        }

        // RF01: the seed's Oracle body verbatim is accepted (no driver needed to store it).
        var (status, obj, _) = try await call("POST", "/v1/datasource", SeedBodies.oracleSource)
        XCTAssertEqual(status, 201)
        let oracle = try XCTUnwrap(obj["uid"] as? Int)
        XCTAssertEqual(obj["id"] as? Int, oracle)
        XCTAssertEqual(obj["success"] as? Bool, true)
        XCTAssertEqual(obj["description"] as? String, "CO_APP")
        XCTAssertEqual(obj["message"] as? String, "Datasource created")

        // ...and its use answers 422 naming the missing driver.
        (status, obj, _) = try await call("POST", "/v1/datasource/\(oracle)/test")
        XCTAssertEqual(status, 422)
        XCTAssertTrue((obj["message"] as? String ?? "").contains("Oracle"), "\(obj)")
        XCTAssertTrue((obj["message"] as? String ?? "").contains("driver"), "\(obj)")

        // A target like the seed's, but a SQLite file that exists on this machine.
        let sqlitePath = h.dataDir + "/target.db"
        let target = SeedBodies.datasource(name: "CO_APP_TARGET", provider: "SQLite", url: "jdbc:sqlite:\(sqlitePath)",
                                           user: "CO_APP_TARGET", password: "CO_APP_TARGET", schema: "main")
        (status, obj, _) = try await call("POST", "/v1/datasource", target)
        XCTAssertEqual(status, 201)
        let sqlite = try XCTUnwrap(obj["uid"] as? Int)

        // GET answers what was stored, never the password.
        (status, obj, _) = try await call("GET", "/v1/datasource/\(oracle)")
        XCTAssertEqual(status, 200)
        XCTAssertEqual(obj["databaseName"] as? String, "CO_APP")
        XCTAssertEqual(obj["databaseProvider"] as? String, "Oracle")
        XCTAssertEqual(obj["jdbcConnectionUrl"] as? String, "jdbc:oracle:thin:@//localhost:49161/xe")
        XCTAssertEqual(obj["databaseSchema"] as? String, "CO_APP")
        XCTAssertEqual(obj["hasPassword"] as? Bool, true)
        XCTAssertNil(obj["password"])
        let (ls, listText) = try await h.send("GET", "/v1/datasource")
        bodies.append(listText)
        XCTAssertEqual(ls, 200)
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(listText.utf8)) as? [Any])?.count, 2)

        // RF02
        (status, obj, _) = try await call("POST", "/v1/data/tables", SeedBodies.table)
        XCTAssertEqual(status, 201)
        let table = try XCTUnwrap(obj["uid"] as? Int)
        (status, obj, _) = try await call("GET", "/v1/data/tables/\(table)")
        XCTAssertEqual(obj["tablePhysicalName"] as? String, "CUSTOMERS")

        // RF03 with the seed's body (ids of this run)
        (status, obj, _) = try await call("POST", "/v1/data/bundles", SeedBodies.bundle(source: Int64(oracle), target: Int64(sqlite), table: Int64(table)))
        XCTAssertEqual(status, 201, "\(obj)")
        let bundle = try XCTUnwrap(obj["uid"] as? Int)
        (status, obj, _) = try await call("GET", "/v1/data/bundles/\(bundle)")
        XCTAssertEqual(obj["bundleName"] as? String, "CO_APP_DB_MIGRATION")
        XCTAssertEqual(obj["chunkSize"] as? Int, BundleDefaults.chunkSize)
        let pairs = try XCTUnwrap(obj["bundledTables"] as? [[String: Any]])
        XCTAssertEqual(pairs.count, 1)
        XCTAssertEqual(pairs[0]["loadMode"] as? String, "upsert")
        XCTAssertEqual(pairs[0]["relationalOrdering"] as? Int, 1)

        // Conflicts: duplicate bundle name, deleting what a bundle uses.
        (status, obj, _) = try await call("POST", "/v1/data/bundles", SeedBodies.bundle(source: Int64(oracle), target: Int64(sqlite), table: Int64(table)))
        XCTAssertEqual(status, 409)
        XCTAssertEqual(obj["success"] as? Bool, false)
        (status, _, _) = try await call("DELETE", "/v1/datasource/\(oracle)")
        XCTAssertEqual(status, 409)
        (status, _, _) = try await call("DELETE", "/v1/data/tables/\(table)")
        XCTAssertEqual(status, 409)

        // Unknown references → 400 naming the field.
        (status, obj, _) = try await call("POST", "/v1/data/bundles", SeedBodies.bundle(source: 9999, target: Int64(sqlite), table: 8888, name: "OTHER"))
        XCTAssertEqual(status, 400)
        let fields = (obj["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        XCTAssertTrue(fields.contains("sourceDatasourceId"), "\(fields)")
        XCTAssertTrue(fields.contains("bundledTables[0].sourceTableId"), "\(fields)")

        // Restart of the service keeps everything.
        h = try await h.restart()
        (status, obj, _) = try await call("GET", "/v1/data/bundles/\(bundle)")
        XCTAssertEqual(status, 200)
        XCTAssertEqual(obj["bundleName"] as? String, "CO_APP_DB_MIGRATION")
        (status, obj, _) = try await call("GET", "/v1/datasource/\(sqlite)")
        XCTAssertEqual(obj["databaseName"] as? String, "CO_APP_TARGET")

        // The internal route decrypts (needs the internal token); the public ones never show it.
        let creds: DatasourceCredentials = try await h.client.get("/internal/datasource/\(oracle)/credentials")
        XCTAssertEqual(creds.password, "CO_APP")
        let publicNoToken = try await HTTPClientNoToken.get(h, "/internal/datasource/\(oracle)/credentials")
        XCTAssertEqual(publicNoToken, 401)

        // PUT without password keeps it; the bundle delete then frees the datasource.
        (status, _, _) = try await call("PUT", "/v1/datasource/\(oracle)", #"{"databaseName":"CO_APP2","databaseProvider":"Oracle","jdbcConnectionUrl":"jdbc:oracle:thin:@//db:1521/xe"}"#)
        XCTAssertEqual(status, 200)
        let creds2: DatasourceCredentials = try await h.client.get("/internal/datasource/\(oracle)/credentials")
        XCTAssertEqual(creds2.password, "CO_APP")
        XCTAssertEqual(creds2.databaseName, "CO_APP2")
        (status, _, _) = try await call("DELETE", "/v1/data/bundles/\(bundle)")
        XCTAssertEqual(status, 200)
        (status, _, _) = try await call("DELETE", "/v1/datasource/\(oracle)")
        XCTAssertEqual(status, 200)
        (status, _, _) = try await call("GET", "/v1/datasource/\(oracle)")
        XCTAssertEqual(status, 404)

        for b in bodies {
            XCTAssertFalse(b.contains("CO_APP_TARGET\"") && b.contains("\"password\""), "a password field leaked: \(b)")
            XCTAssertFalse(b.contains("\"password\""), "a password field leaked: \(b)")
        }
        await h.app.stop()
    }

    func testValidationErrorsNameTheFields() async throws {
        let h = try await CatalogHarness.start()
        defer { Task { await h.app.stop() } }
        let cases: [(String, String, String, Int)] = [
            ("/v1/datasource", "{}", "databaseName", 400),
            ("/v1/datasource", #"{"databaseName": 5}"#, "databaseName", 400),
            ("/v1/datasource", #"{"databaseName":"a","databaseProvider":"PostgreSQL","jdbcConnectionUrl":"jdbc:postgresql://h:99999/db"}"#, "jdbcConnectionUrl", 400),
            ("/v1/datasource", #"{"databaseName":"a","databaseProvider":"PostgreSQL","jdbcConnectionUrl":"jdbc:postgresql://h/db","databaseSchema":"x\"; drop"}"#, "databaseSchema", 400),
            ("/v1/datasource", "{not json", "body", 400),
            ("/v1/data/tables", #"{"tablePhysicalName":"a;b"}"#, "tablePhysicalName", 400),
            ("/v1/data/tables", #"{"tablePhysicalName":""}"#, "tablePhysicalName", 400),
            ("/v1/data/bundles", #"{"bundleName":"x","sourceDatasourceId":"one"}"#, "sourceDatasourceId", 400),
            ("/v1/data/bundles", #"{"bundleName":"x","sourceDatasourceId":1,"targetDatasourceId":1,"bundledTables":[{"sourceTableId":1,"targetTableId":1,"loadMode":"merge"}]}"#, "bundledTables[0].loadMode", 400),
            ("/v1/data/bundles", #"{"bundleName":"x","sourceDatasourceId":1,"targetDatasourceId":1,"bundledTables":[],"chunkSize":0}"#, "chunkSize", 400),
            ("/v1/mappingSets", #"{"mappings":[{"sourceColumn":"a"}]}"#, "mappings[0].targetColumn", 400),
        ]
        for (path, body, field, code) in cases {
            let (status, text) = try await h.send("POST", path, body)
            XCTAssertEqual(status, code, "\(path) \(body): \(text)")
            let obj = h.json(text)
            XCTAssertEqual(obj["success"] as? Bool, false, text)
            let fields = (obj["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            XCTAssertTrue(fields.contains(field), "\(path) \(body) → \(text)")
        }
        var (status, _) = try await h.send("GET", "/v1/datasource/abc")
        XCTAssertEqual(status, 400)
        (status, _) = try await h.send("GET", "/v1/data/bundles/424242")
        XCTAssertEqual(status, 404)
        (status, _) = try await h.send("GET", "/v1/datasource", headers: ["X-API-Key": "wrong"])
        XCTAssertEqual(status, 401)
    }

    /// Hostile input on every catalog resource: SQL in names, 1 MB strings, wrong types, missing fields, unknown
    /// ids, on POST and on PUT of stored rows — each a 4xx envelope, and what was stored is unchanged after.
    func testHostileInputLeavesTheStoreUnchanged() async throws {
        let h = try await CatalogHarness.start()
        defer { Task { await h.app.stop() } }
        let file = TestConfig.temporaryDirectory("hostile") + "/src.db"
        let ds = #"{"databaseName":"SAFE","databaseProvider":"SQLite","jdbcConnectionUrl":"jdbc:sqlite:\#(file)"}"#
        var (status, text) = try await h.send("POST", "/v1/datasource", ds)
        XCTAssertEqual(status, 201, text)
        let uid = try XCTUnwrap(h.json(text)["uid"] as? Int)
        (status, text) = try await h.send("POST", "/v1/data/tables", #"{"tablePhysicalName":"CUSTOMERS"}"#)
        let table = try XCTUnwrap(h.json(text)["uid"] as? Int)
        (status, text) = try await h.send("POST", "/v1/data/bundles", """
            {"bundleName":"SAFE","sourceDatasourceId":\(uid),"targetDatasourceId":\(uid),"bundledTables":[{"sourceTableId":\(table),"targetTableId":\(table)}]}
            """)
        XCTAssertEqual(status, 201, text)
        let bundle = try XCTUnwrap(h.json(text)["uid"] as? Int)
        func snapshot() async throws -> [String] {
            var out: [String] = []
            for path in ["/v1/datasource", "/v1/data/tables", "/v1/data/bundles"] { out.append(try await h.send("GET", path).1) }
            return out
        }
        let before = try await snapshot()

        let big = String(repeating: "x", count: 1 << 20)
        let hostile: [(String, String, String)] = [
            ("POST", "/v1/datasource", #"{"databaseName":"\#(big)","databaseProvider":"SQLite","jdbcConnectionUrl":"jdbc:sqlite:/tmp/x.db"}"#),
            ("POST", "/v1/datasource", #"{"databaseName":"a'); DROP TABLE datasources; --","databaseProvider":"PostgreSQL","jdbcConnectionUrl":"jdbc:postgresql://h/db","databaseSchema":"public"; DROP SCHEMA x; --"}"#),
            ("POST", "/v1/datasource", #"{"databaseName":["a"],"databaseProvider":true}"#),
            ("PUT", "/v1/datasource/\(uid)", #"{"databaseName":"","databaseProvider":"SQLite","jdbcConnectionUrl":"jdbc:sqlite:/tmp/x.db"}"#),
            ("PUT", "/v1/datasource/\(uid)", #"{"databaseName":"SAFE","databaseProvider":7,"jdbcConnectionUrl":"jdbc:sqlite:/tmp/x.db"}"#),
            ("PUT", "/v1/datasource/\(uid)", #"{"databaseName":"x\u0000y","databaseProvider":"SQLite","jdbcConnectionUrl":"jdbc:sqlite:/tmp/x.db"}"#),
            ("POST", "/v1/data/tables", #"{"tablePhysicalName":"T"; DROP TABLE tables; --"}"#),
            ("POST", "/v1/data/tables", #"{"tablePhysicalName":"\#(String(repeating: "t", count: 100_000))"}"#),
            ("PUT", "/v1/data/tables/\(table)", #"{"tablePhysicalName":"a;b"}"#),
            ("PUT", "/v1/data/tables/\(table)", #"{"tablePhysicalName":12}"#),
            ("POST", "/v1/data/bundles", #"{"bundleName":"SAFE","sourceDatasourceId":\#(uid),"targetDatasourceId":\#(uid),"bundledTables":[]}"#),
            ("PUT", "/v1/data/bundles/\(bundle)", #"{"bundleName":"SAFE","sourceDatasourceId":999999,"targetDatasourceId":\#(uid),"bundledTables":[]}"#),
            ("PUT", "/v1/data/bundles/\(bundle)", #"{"bundleName":"SAFE","sourceDatasourceId":\#(uid),"targetDatasourceId":\#(uid),"bundledTables":[{"sourceTableId":\#(table),"targetTableId":\#(table),"chunkSize":-1}],"chunkSize":-5}"#),
            ("PUT", "/v1/data/bundles/\(bundle)", "[1,2,3]"),
            ("DELETE", "/v1/datasource/\(uid)", ""),
            ("DELETE", "/v1/data/tables/\(table)", ""),
            ("GET", "/v1/datasource/99999999999999999999", ""),
            ("DELETE", "/v1/data/bundles/-1", ""),
        ]
        for (method, path, body) in hostile {
            let (status, text) = try await h.send(method, path, body.isEmpty ? nil : body)
            XCTAssertTrue((400..<500).contains(status), "\(method) \(path) → \(status) \(text.prefix(300))")
            XCTAssertEqual(h.json(text)["success"] as? Bool, false, "\(method) \(path): \(text.prefix(300))")
        }
        let after = try await snapshot()
        XCTAssertEqual(after, before, "hostile requests changed what was stored")
    }

    func testMappingSetsAcceptBothSpellings() async throws {
        let h = try await CatalogHarness.start()
        defer { Task { await h.app.stop() } }
        let (status, text) = try await h.send("POST", "/v1/mappingSets",
            #"{"name":"m","mappings":[{"sourceAttribute":"TestID","destinationXdmPath":"test_id"},{"sourceColumn":"Name","targetColumn":"name","cast":"text"}]}"#)
        XCTAssertEqual(status, 201, text)
        let id = try XCTUnwrap(h.json(text)["id"] as? Int)
        let m: MappingSetView = try await h.client.get("/v1/mappingSets/\(id)")
        XCTAssertEqual(m.mappings, [MappingView(sourceColumn: "TestID", targetColumn: "test_id", cast: nil),
                                    MappingView(sourceColumn: "Name", targetColumn: "name", cast: "text")])
    }
}

/// Calls without the internal token, to check the guard.
enum HTTPClientNoToken {
    static func get(_ h: CatalogHarness, _ path: String) async throws -> Int {
        let c = FerryHTTPClientFactory.plain(h.app.baseURL, apiKey: h.app.config.apiKey)
        return try await c.send("GET", path).status
    }
}
