import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// Many tiny steps for a ``ReplicaCluster``: an SQLite source of `sources` one-row tables and `jobs` bundles of
/// `pairs` pairs each (insert mode into a keyed table, so a second write of a row would fail its step). Pair `i`
/// reads source table `i % sources` into its own target table `d<i>`; bundle `j` writes into its own SQLite file.
struct ReplicaWorkload {
    let jobs: Int
    let pairs: Int
    let sources: Int
    let dir: String

    init(_ cluster: ReplicaCluster, jobs: Int, pairs: Int, sources: Int) {
        self.jobs = jobs; self.pairs = pairs; self.sources = min(sources, pairs)
        dir = cluster.stack.dataDir + "/claims"
    }

    var steps: Int { jobs * pairs }
    func sourceName(_ n: Int) -> String { String(format: "t%04d", n) }
    func targetName(ofPair i: Int) -> String { String(format: "d%05d", i) }
    func targetFile(_ job: Int) -> String { dir + "/target-\(job).db" }

    /// Creates the source and the bundles and launches every job, alternating the orchestrators; answers the ids.
    func launch(_ cluster: ReplicaCluster, tag: String) async throws -> [Int64] {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let create = (0..<sources).map { n in
            "CREATE TABLE \(sourceName(n)) (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO \(sourceName(n)) VALUES (1, '\(sourceName(n))');"
        }
        let (rc, out) = try Subprocess.run("/usr/bin/sqlite3", [dir + "/source.db", "BEGIN;" + create.joined() + "COMMIT;"])
        XCTAssertEqual(rc, 0, out)
        let api = cluster.api(via: 1)
        let source = try await api.datasource("\(tag)_SRC", provider: "SQLite", url: "jdbc:sqlite:\(dir)/source.db")
        var sourceUids: [Int64] = []
        for n in 0..<sources { sourceUids.append(try await api.table(sourceName(n))) }
        var list: [(Int64, Int64, Int, String)] = []
        for i in 0..<pairs {
            let target = sources == pairs ? sourceUids[i] : try await api.table(targetName(ofPair: i))
            list.append((sourceUids[i % sources], target, 1, #""loadMode": "insert""#))
        }
        var ids: [Int64] = []
        for j in 1...jobs {
            let target = try await api.datasource("\(tag)_DST_\(j)", provider: "SQLite", url: "jdbc:sqlite:\(targetFile(j))")
            let bundle = try await api.bundle("\(tag)_\(j)", source: source, target: target, pairs: list)
            ids.append(try await cluster.api(via: j % 2 + 1).launch(bundle))
        }
        return ids
    }

    /// Target table name of pair `i` as the bundle wrote it (the source's name when every pair has its own source).
    func writtenName(ofPair i: Int) -> String { sources == pairs ? sourceName(i) : targetName(ofPair: i) }

    /// Checks every target file: one checkpoint per pair with one row written, and each pair's table holding its
    /// source's one row exactly once.
    func assertTargetsExact(file: StaticString = #filePath, line: UInt = #line) throws {
        for j in 1...jobs {
            let (rc, out) = try Subprocess.run("/usr/bin/sqlite3", [targetFile(j), "SELECT count(*) || ':' || sum(write_count) FROM ferry_checkpoint"])
            XCTAssertEqual(rc, 0, out, file: file, line: line)
            XCTAssertEqual(out.trimmingCharacters(in: .whitespacesAndNewlines), "\(pairs):\(pairs)", "checkpoints of target \(j)",
                           file: file, line: line)
            // The tables not holding exactly their source's (1, <name>) once, named; SQLite allows 500 terms per
            // compound SELECT, so one statement per 400 tables.
            let checks = (0..<pairs).map { i in
                "SELECT '\(writtenName(ofPair: i))' WHERE (SELECT count(*) || ':' || min(id) || ':' || min(v) FROM \(writtenName(ofPair: i))) <> '1:1:\(sourceName(i % sources))'"
            }
            let statements = stride(from: 0, to: checks.count, by: 400).map {
                checks[$0..<min($0 + 400, checks.count)].joined(separator: " UNION ALL ") + ";"
            }
            let (rc2, wrong) = try Subprocess.run("/usr/bin/sqlite3", [targetFile(j), statements.joined(separator: "\n")])
            XCTAssertEqual(rc2, 0, wrong, file: file, line: line)
            XCTAssertEqual(wrong.trimmingCharacters(in: .whitespacesAndNewlines), "", "target \(j): tables not equal to their source",
                           file: file, line: line)
        }
    }
}

extension ReplicaCluster {
    /// How many times each step execution id appears in a "claimed" line of the executors' logs.
    func claimsLogged() -> [Substring: Int] {
        var claimed: [Substring: Int] = [:]
        for i in executorIndices {
            for line in stack.log(of: executorName(i)).split(separator: "\n") where line.contains(" claimed ") {
                if let id = line.split(separator: "(step ").last?.split(separator: ")").first { claimed[id, default: 0] += 1 }
            }
        }
        return claimed
    }

    /// The store's tally of step executions: (rows, COMPLETED, first claims only (epoch 1), claims (sum of epochs),
    /// distinct lease owners).
    func stepTally() async throws -> (steps: Int, completed: Int, once: Int, claims: Int, owners: Int) {
        try await TestPostgres.run(url: store.url) { c in
            let r = try c.query("""
                SELECT count(*), count(*) FILTER (WHERE status = 'COMPLETED'), count(*) FILTER (WHERE lease_epoch = 1),
                  COALESCE(sum(lease_epoch), 0), count(DISTINCT lease_owner)
                FROM orch_step_execution
                """).rows[0]
            return (r.int(0) ?? 0, r.int(1) ?? 0, r.int(2) ?? 0, r.int(3) ?? 0, r.int(4) ?? 0)
        }
    }

    /// Waits (bounded by `seconds`) until no job execution is running; answers the statuses by execution id.
    func waitAllEnded(seconds: Int) async throws -> [Int64: String] {
        for _ in 0..<seconds {
            let rows = try await TestPostgres.run(url: store.url) { c in
                try c.query("SELECT id, status FROM orch_job_execution ORDER BY id").rows.map { ($0.int(0) ?? 0, $0.string(1) ?? "") }
            }
            if !rows.contains(where: { ["STARTING", "STARTED", "STOPPING"].contains($0.1) }) {
                return Dictionary(uniqueKeysWithValues: rows.map { (Int64($0.0), $0.1) })
            }
            try await Task.sleep(for: .seconds(1))
        }
        XCTFail("job executions still running after \(seconds) s\n" + stack.tail("executor"))
        throw APIError.timeout
    }
}
