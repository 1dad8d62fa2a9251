import FerryModels
import FerrySQL
import Foundation
@testable import ExecutorService
import XCTest

/// Bisection of bad rows on a real SQLite target: a CHECK constraint rejects some rows of a chunk; bisection
/// finds exactly those, writes every other row, and costs a logarithmic number of rollbacks.
final class BisectTests: XCTestCase {
    private func target() throws -> (any SQLConnection, String) {
        let path = NSTemporaryDirectory() + "ferry-bisect-\(UUID().uuidString).db"
        let c = try SQLiteConnection(path: path)
        try c.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL CHECK (v >= 0))")
        return (c, path)
    }

    /// Inserts rows `range` of `values` (id = index); a negative value violates the CHECK.
    private func writer(_ c: any SQLConnection, _ values: [Int64]) throws -> (Range<Int>) throws -> Void {
        let insert = try c.prepare("INSERT INTO t (id, v) VALUES ($1, $2)")
        return { range in
            for i in range { try insert.execute([.int(Int64(i)), .int(values[i])][...]) }
        }
    }

    func testIsolatesExactlyTheRejectedRows() throws {
        let (c, path) = try target()
        defer { c.close(); try? FileManager.default.removeItem(atPath: path) }
        var values = (0..<1000).map { Int64($0) }
        let bad = [3, 500, 999]
        for i in bad { values[i] = -1 }
        try c.begin()
        let result = try Bisect.run(count: values.count, c, c.dialect, isolate: true, write: try writer(c, values))
        try c.commit()
        XCTAssertEqual(result.skipped.map(\.index), bad)
        XCTAssertTrue(result.skipped.allSatisfy { $0.error.kind == .badData }, "\(result.skipped.map(\.error))")
        XCTAssertEqual(try c.query("SELECT count(*) FROM t").rows[0].int64(0), 997)
        XCTAssertEqual(try c.query("SELECT count(*) FROM t WHERE id IN (3, 500, 999)").rows[0].int64(0), 0)
        // Each bad row costs about log2(1000) ≈ 10 halvings, not a row-by-row crawl.
        XCTAssertLessThan(result.rollbacks, 3 * 12)
        XCTAssertGreaterThanOrEqual(result.rollbacks, bad.count)
    }

    func testWithoutIsolationABadRowFailsTheWrite() throws {
        let (c, path) = try target()
        defer { c.close(); try? FileManager.default.removeItem(atPath: path) }
        var values = (0..<10).map { Int64($0) }
        values[7] = -5
        try c.begin()
        XCTAssertThrowsError(try Bisect.run(count: values.count, c, c.dialect, isolate: false, write: try writer(c, values))) { e in
            XCTAssertEqual((e as? DriverError)?.kind, .badData)
        }
        try c.rollback()
        XCTAssertEqual(try c.query("SELECT count(*) FROM t").rows[0].int64(0), 0)
    }

    func testACleanChunkNeedsNoRollback() throws {
        let (c, path) = try target()
        defer { c.close(); try? FileManager.default.removeItem(atPath: path) }
        try c.begin()
        let result = try Bisect.run(count: 100, c, c.dialect, isolate: true, write: try writer(c, (0..<100).map { Int64($0) }))
        try c.commit()
        XCTAssertEqual(result.rollbacks, 0)
        XCTAssertTrue(result.skipped.isEmpty)
        XCTAssertEqual(try c.query("SELECT count(*) FROM t").rows[0].int64(0), 100)
    }
}
