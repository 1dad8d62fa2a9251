import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// Active-active claims (SPEC §3c), every process real: 4 executors behind 2 orchestrators on one PostgreSQL store
/// run 2 jobs of 100 one-row tables at once. Each step is claimed exactly once — each claim takes the next lease
/// epoch of its item, so an epoch above 1 in the store would be a second claim, and the executors' logs name each
/// step they claimed once in all — and every target row is written once.
final class ReplicaClaimTests: XCTestCase {
    func testFourExecutorsBehindTwoOrchestratorsRunEachStepOnce() async throws {
        try await ReplicaCluster.with(environment: ["FERRY_LEASE_SECONDS": "60"]) { try await runAll($0) }
    }

    private func runAll(_ cluster: ReplicaCluster) async throws {
        let (jobs, tables) = (2, 100)
        let ids = try await launch(cluster, jobs: jobs, tables: tables, tag: "RUN")
        for (n, id) in ids.enumerated() {
            let e = try await cluster.api(via: n % 2 + 1).wait(id, seconds: 300)
            XCTAssertEqual(e.status, .completed, e.exitMessage)
        }
        let total = jobs * tables

        let (steps, completed, once, owners) = try await TestPostgres.run(url: cluster.store.url) { c in
            let r = try c.query("""
                SELECT count(*), count(*) FILTER (WHERE status = 'COMPLETED'), count(*) FILTER (WHERE lease_epoch = 1),
                  count(DISTINCT lease_owner)
                FROM orch_step_execution
                """).rows[0]
            return (r.int(0) ?? 0, r.int(1) ?? 0, r.int(2) ?? 0, r.int(3) ?? 0)
        }
        XCTAssertEqual(steps, total)
        XCTAssertEqual(completed, total)
        XCTAssertEqual(once, total, "some step was claimed more than once")
        XCTAssertGreaterThan(owners, 1, "one executor did all the work")

        var claimed: [Substring: Int] = [:]
        for i in cluster.executorIndices {
            for line in cluster.stack.log(of: cluster.executorName(i)).split(separator: "\n") where line.contains(" claimed ") {
                if let id = line.split(separator: "(step ").last?.split(separator: ")").first { claimed[id, default: 0] += 1 }
            }
        }
        XCTAssertEqual(claimed.count, total)
        XCTAssertEqual(claimed.values.filter { $0 > 1 }.count, 0, "steps claimed twice")

        // Each table's one row once (insert mode into a keyed table: a second write would fail the step).
        let dir = cluster.stack.dataDir + "/claims"
        for j in 1...jobs {
            let (rc, out) = try Subprocess.run("/usr/bin/sqlite3", [dir + "/target-\(j).db",
                "SELECT count(*) || ':' || sum(write_count) FROM ferry_checkpoint"])
            XCTAssertEqual(rc, 0, out)
            XCTAssertEqual(out.trimmingCharacters(in: .whitespacesAndNewlines), "\(tables):\(tables)", "target \(j)")
        }
        print("replica steps: \(total) steps run by \(owners) executors, each claimed once")
    }

    /// An SQLite source of `tables` one-row tables and `jobs` bundles copying all of them (insert mode) into a target
    /// file each, launched through both orchestrators; answers the job execution ids.
    private func launch(_ cluster: ReplicaCluster, jobs: Int, tables: Int, tag: String) async throws -> [Int64] {
        let dir = cluster.stack.dataDir + "/claims"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let names = (1...tables).map { String(format: "t%04d", $0) }
        let create = names.map { "CREATE TABLE \($0) (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO \($0) VALUES (1, '\($0)');" }
        let (rc, out) = try Subprocess.run("/usr/bin/sqlite3", [dir + "/source.db", "BEGIN;" + create.joined() + "COMMIT;"])
        XCTAssertEqual(rc, 0, out)
        let api = cluster.api(via: 1)
        let source = try await api.datasource("\(tag)_SRC", provider: "SQLite", url: "jdbc:sqlite:\(dir)/source.db")
        var uids: [Int64] = []
        for t in names { uids.append(try await api.table(t)) }
        let pairs = uids.map { ($0, $0, 1, #""loadMode": "insert""#) }
        var ids: [Int64] = []
        for j in 1...jobs {
            let target = try await api.datasource("\(tag)_DST_\(j)", provider: "SQLite", url: "jdbc:sqlite:\(dir)/target-\(j).db")
            let bundle = try await api.bundle("\(tag)_\(j)", source: source, target: target, pairs: pairs)
            ids.append(try await cluster.api(via: j % 2 + 1).launch(bundle))
        }
        return ids
    }
}
