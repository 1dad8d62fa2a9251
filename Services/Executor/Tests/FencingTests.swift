import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
@testable import ExecutorService
import XCTest

/// Fencing in the target itself, on real SQLite and PostgreSQL targets with two connections (two executors):
/// once a newer lease epoch has taken the checkpoint row, a chunk commit carrying the older epoch is refused and
/// its rows are rolled back with it.
final class FencingTests: XCTestCase {
    func testSQLiteRefusesTheOlderLease() throws {
        let path = NSTemporaryDirectory() + "ferry-fence-\(UUID().uuidString).db"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try scenario { try SQLiteConnection(path: path) }
    }

    func testPostgreSQLRefusesTheOlderLease() async throws {
        let db = try await TestPostgres.createDatabase("ferry_fence")
        defer { Task { await TestPostgres.dropDatabase(db.name) } }
        guard case .postgres(let conninfo) = try ConnectionURL.resolve(provider: "PostgreSQL", url: db.url, user: nil, password: nil) else {
            return XCTFail("not a PostgreSQL spec")
        }
        try scenario { try PostgresConnection(conninfo: conninfo) }
    }

    private func scenario(_ open: () throws -> any SQLConnection) throws {
        let a = try open(), b = try open()
        defer { a.close(); b.close() }
        try a.execute("CREATE TABLE rows_in (id INTEGER PRIMARY KEY)")
        let table = CheckpointTable(dialect: a.dialect, name: "ferry_checkpoint", schema: "ferry")
        try table.ensure(a)
        let key = "job1-pair1"
        var cpA = Checkpoint(executionId: 1, lastKey: nil, counts: StepCounts(), direct: true, done: false, leaseEpoch: 1)

        // Executor A (epoch 1) commits a chunk.
        try a.transaction {
            try a.execute("INSERT INTO rows_in (id) VALUES (1)")
            cpA.lastKey = [.int(1)]
            try table.write(a, stepKey: key, part: 0, cpA)
        }
        // Its lease lapses; executor B claims epoch 2 and fences the row before reading where to resume.
        XCTAssertFalse(try b.transaction { try table.fence(b, stepKey: key, part: 0, epoch: 0) }, "an older epoch cannot fence")
        let resumed = try b.transaction { () -> Checkpoint? in
            XCTAssertTrue(try table.fence(b, stepKey: key, part: 0, epoch: 2))
            return try table.read(b, stepKey: key, part: 0)
        }
        XCTAssertEqual(resumed?.lastKey, [.int(1)])
        XCTAssertEqual(resumed?.leaseEpoch, 2)

        // A wakes up and commits its next chunk: refused, and its rows go with the rollback.
        try a.begin()
        try a.execute("INSERT INTO rows_in (id) VALUES (2)")
        cpA.lastKey = [.int(2)]
        XCTAssertThrowsError(try table.write(a, stepKey: key, part: 0, cpA)) { XCTAssertTrue($0 is CheckpointFenced, "\($0)") }
        try a.rollback()
        XCTAssertEqual(try b.query("SELECT count(*) FROM rows_in").rows[0].int64(0), 1)

        // B's own commits go through.
        var cpB = try XCTUnwrap(resumed)
        try b.transaction {
            try b.execute("INSERT INTO rows_in (id) VALUES (2)")
            cpB.lastKey = [.int(2)]
            try table.write(b, stepKey: key, part: 0, cpB)
        }
        XCTAssertEqual(try table.read(a, stepKey: key, part: 0)?.lastKey, [.int(2)])
    }

    /// A checkpoint table an earlier version created (no lease_epoch column) gets the column, and keeps its rows.
    func testAnEarlierCheckpointTableGainsTheEpochColumn() throws {
        let path = NSTemporaryDirectory() + "ferry-fence-old-\(UUID().uuidString).db"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let c = try SQLiteConnection(path: path)
        defer { c.close() }
        try c.execute("""
            CREATE TABLE ferry_checkpoint (step_key VARCHAR(200) NOT NULL, part INTEGER NOT NULL, exec_id BIGINT NOT NULL,
              last_key TEXT, read_count BIGINT NOT NULL, write_count BIGINT NOT NULL, commit_count BIGINT NOT NULL,
              skip_count BIGINT NOT NULL, rollback_count BIGINT NOT NULL, direct INTEGER NOT NULL, done INTEGER NOT NULL,
              updated_at VARCHAR(40) NOT NULL, PRIMARY KEY (step_key, part))
            """)
        try c.execute("INSERT INTO ferry_checkpoint VALUES ('k', 0, 3, NULL, 5, 5, 1, 0, 0, 1, 0, 'x')")
        let table = CheckpointTable(dialect: c.dialect, name: "ferry_checkpoint", schema: "ferry")
        try table.ensure(c)
        let cp = try XCTUnwrap(try table.read(c, stepKey: "k", part: 0))
        XCTAssertEqual(cp.leaseEpoch, 0)
        XCTAssertEqual(cp.counts.readCount, 5)
        XCTAssertTrue(try c.transaction { try table.fence(c, stepKey: "k", part: 0, epoch: 1) })
    }
}
