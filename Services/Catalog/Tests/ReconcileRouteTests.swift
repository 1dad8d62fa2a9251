import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// `POST /v1/data/bundles/{uid}/reconcile` on two real SQLite files: equal, then one changed, one deleted and one
/// extra target row each named by key; a bad method is a 400 naming the field, an unknown bundle a 404.
final class ReconcileRouteTests: XCTestCase {
    func testReconcileLiveSourceAndTarget() async throws {
        let h = try await CatalogHarness.start()
        defer { Task { await h.app.stop() } }
        let source = h.dataDir + "/src.db", target = h.dataDir + "/dst.db"
        try await Task.detached {
            for path in [source, target] {
                let c = try SQLiteConnection(path: path)
                try c.execute("CREATE TABLE items (sku TEXT PRIMARY KEY, qty INTEGER NOT NULL, price DECIMAL(10,2))")
                try c.execute("INSERT INTO items VALUES ('a', 1, '1.50'), ('b', 2, '2.00'), ('c', 3, NULL)")
                c.close()
            }
        }.value
        var ids: [Int] = []
        for (name, path) in [("src", source), ("dst", target)] {
            let (status, text) = try await h.send("POST", "/v1/datasource",
                #"{"databaseName":"\#(name)","databaseProvider":"SQLite","jdbcConnectionUrl":"jdbc:sqlite:\#(path)"}"#)
            XCTAssertEqual(status, 201, text)
            ids.append(try XCTUnwrap(h.json(text)["uid"] as? Int))
        }
        var (status, text) = try await h.send("POST", "/v1/data/tables", #"{"tablePhysicalName":"items"}"#)
        let table = try XCTUnwrap(h.json(text)["uid"] as? Int)
        (status, text) = try await h.send("POST", "/v1/data/bundles", #"{"bundleName":"r","sourceDatasourceId":\#(ids[0]),"targetDatasourceId":\#(ids[1]),"bundledTables":[{"sourceTableId":\#(table),"targetTableId":\#(table)}]}"#)
        let bundle = try XCTUnwrap(h.json(text)["uid"] as? Int)

        (status, text) = try await h.send("POST", "/v1/data/bundles/\(bundle)/reconcile")
        XCTAssertEqual(status, 200, text)
        var answer = try JSONDecoder().decode(BundleReconciliation.self, from: Data(text.utf8))
        XCTAssertTrue(answer.equal, text)
        XCTAssertEqual(answer.method, .digest)
        XCTAssertEqual(answer.pairs.first?.reconciliation.sourceRows, 3)

        try await Task.detached {
            let c = try SQLiteConnection(path: target)
            try c.execute("UPDATE items SET price = '1.6' WHERE sku = 'a'")
            try c.execute("DELETE FROM items WHERE sku = 'b'")
            try c.execute("INSERT INTO items VALUES ('z', 9, NULL)")
            c.close()
        }.value
        (status, text) = try await h.send("POST", "/v1/data/bundles/\(bundle)/reconcile", #"{"method":"digest"}"#)
        XCTAssertEqual(status, 200, text)
        answer = try JSONDecoder().decode(BundleReconciliation.self, from: Data(text.utf8))
        XCTAssertFalse(answer.equal)
        let keys = answer.pairs.first?.reconciliation.differingKeys ?? []
        XCTAssertEqual(Set(keys.map { "\($0.key["sku"] ?? "?") \($0.kind.rawValue)" }),
                       ["a different", "b missingInTarget", "z extraInTarget"], text)

        (status, text) = try await h.send("POST", "/v1/data/bundles/\(bundle)/reconcile", #"{"method":"off"}"#)
        XCTAssertEqual(status, 400, text)
        XCTAssertTrue(text.contains(#""field":"method""#), text)
        (status, text) = try await h.send("POST", "/v1/data/bundles/999999/reconcile")
        XCTAssertEqual(status, 404, text)
        XCTAssertTrue(text.contains(#""success":false"#), text)
    }
}
