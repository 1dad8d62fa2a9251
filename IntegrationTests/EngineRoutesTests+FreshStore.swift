import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// A target outlives the store that wrote it: a new Ferry (or one whose data directory was reset) hands out job
/// instance and pair ids from 1 again, and must not take the old store's finished checkpoints in the target for its
/// own steps. (EngineRoutesTests' stack, then a second one with a store of its own.)
extension EngineRoutesTests {
    func testAFreshStoreDoesNotTakeAnOldStoresCheckpointsForItsOwn() async throws {
        let src = try await database("ferry_fresh_src")
        let dst = try await database("ferry_fresh_dst")
        try await TestPostgres.run(url: src.url) { c in
            try c.execute("CREATE TABLE items (id int PRIMARY KEY, name text)")
            try c.execute("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 2000) g")
        }
        func copy(with api: FerryAPI) async throws -> JobExecutionRecord {
            let s = try await api.datasource("FRESH_SRC", provider: "PostgreSQL", url: src.jdbc, schema: "public", user: "postgres")
            let d = try await api.datasource("FRESH_DST", provider: "PostgreSQL", url: dst.jdbc, schema: "public", user: "postgres")
            let t = try await api.table("items")
            return try await api.wait(try await api.launch(try await api.bundle("FRESH", source: s, target: d, pairs: [(t, t, 1, "")])))
        }
        let first = try await copy(with: api)
        XCTAssertEqual(first.status, .completed, "\(first.steps.map(\.exitMessage))")
        // The user empties the target (a new environment, a reload) and installs Ferry afresh.
        try await TestPostgres.run(url: dst.url) { c in try c.execute("TRUNCATE items") }
        stack.stopAll()
        let fresh = try Stack(extraEnvironment: Self.environment)
        defer { fresh.stopAll() }
        try await fresh.start(Self.services)
        let second = try await copy(with: FerryAPI(stack: fresh))
        XCTAssertEqual(second.jobInstanceId, first.jobInstanceId, "the new store hands out the same ids")
        XCTAssertEqual(second.status, .completed, "\(second.steps.map(\.exitMessage))\n\(fresh.tail("executor"))")
        XCTAssertEqual(second.steps.map(\.counts.writeCount), [2000])
        let rows = try await TestPostgres.run(url: dst.url) { c in try c.query("SELECT count(*) FROM items").rows[0][0].int64 }
        XCTAssertEqual(rows, 2000)
    }
}
