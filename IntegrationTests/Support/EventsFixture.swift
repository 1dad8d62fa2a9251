import FerryModels
import FerryTestKit
import Foundation
import XCTest

/// The fault tests' workload: a PostgreSQL `events` table of `rows` rows copied in insert mode, in chunks of 1000,
/// into a fresh target database — keyed, so a replayed row would fail the step; compared by fingerprint. The
/// databases it creates on the test server are dropped by `dropDatabases()`.
final class EventsFixture: @unchecked Sendable {
    let api: FerryAPI
    let rows: Int
    private(set) var databases: [String] = []

    struct Source { let url: String; let ds: Int64; let table: Int64; let fingerprint: String }
    struct Target { let url: String; let ds: Int64 }

    init(api: FerryAPI, rows: Int = 200_000) { self.api = api; self.rows = rows }

    var sourceSQL: [String] {
        [
            "CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL, amount numeric(14,2), at timestamptz)",
            "INSERT INTO events SELECT g, 'kind-' || (g % 17), g * 0.37, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second' FROM generate_series(1, \(rows)) g",
        ]
    }
    static let fingerprintSQL = "SELECT count(*) || ':' || md5(string_agg(e::text, '|' ORDER BY id)) FROM events e"

    func source() async throws -> Source {
        let db = try await TestPostgres.createDatabase("ferry_fault_src")
        databases.append(db.name)
        let sql = sourceSQL
        try await TestPostgres.run(url: db.url) { c in for s in sql { try c.execute(s) } }
        let fp = try await fingerprint(db.url)
        let ds = try await api.datasource("FAULT_SRC", provider: "PostgreSQL", url: TestPostgres.jdbcURL(db.url),
                                          schema: "public", user: "postgres")
        return Source(url: db.url, ds: ds, table: try await api.table("events"), fingerprint: fp)
    }

    /// A fresh database on `base` (the test server by default, then dropped with the others).
    func target(base: String? = nil) async throws -> Target {
        let u = URL(string: try base ?? TestPostgres.requireURL())!
        let name = "ferry_fault_dst_\(UUID().uuidString.prefix(6).lowercased())"
        _ = try await TestPostgres.run(url: u.absoluteString) { c in try c.execute("CREATE DATABASE \(name)") }
        if base == nil { databases.append(name) }
        let url = "postgresql://postgres@\(u.host!):\(u.port!)/\(name)"
        let ds = try await api.datasource("FAULT_DST_\(name)", provider: "PostgreSQL", url: TestPostgres.jdbcURL(url),
                                          schema: "public", user: "postgres")
        return Target(url: url, ds: ds)
    }

    /// Source, target and bundle `name` (with `options`), launched; returns once `atLeast` rows are committed in the
    /// target.
    func launch(_ name: String, targetBase: String? = nil, options: String = #""chunkSize": 1000"#,
                committed atLeast: Int64) async throws -> (src: Source, dst: Target, id: Int64) {
        let src = try await source()
        let dst = try await target(base: targetBase)
        let b = try await api.bundle(name, source: src.ds, target: dst.ds,
                                     pairs: [(src.table, src.table, 1, #""loadMode": "insert""#)], options: options)
        let id = try await api.launch(b)
        try await waitCommitted(dst.url, atLeast: atLeast)
        return (src, dst, id)
    }

    /// Rows committed so far according to the target's checkpoint table (0 before the first chunk).
    func committed(_ url: String) async -> Int64 {
        (try? await TestPostgres.run(url: url) { c in
            try c.query("SELECT coalesce(sum(write_count), 0) FROM ferry.ferry_checkpoint").rows.first?.int64(0) ?? 0
        }) ?? 0
    }

    func waitCommitted(_ url: String, atLeast n: Int64, file: StaticString = #filePath, line: UInt = #line) async throws {
        for _ in 0..<600 {
            if await committed(url) >= n { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        XCTFail("no chunk committed in time\n\(api.stack.tail("executor"))", file: file, line: line)
    }

    func fingerprint(_ url: String) async throws -> String {
        try await TestPostgres.run(url: url) { c in try c.query(Self.fingerprintSQL).rows[0].string(0) ?? "" }
    }

    /// The job COMPLETED with every row exactly once: counts and the target's fingerprint equal to the source's.
    func assertExact(_ e: JobExecutionRecord, _ src: Source, _ dst: Target, file: StaticString = #filePath,
                     line: UInt = #line) async throws {
        XCTAssertEqual(e.status, .completed, e.exitMessage, file: file, line: line)
        let s = try XCTUnwrap(e.steps.first, file: file, line: line)
        XCTAssertEqual(s.counts.writeCount, Int64(rows), file: file, line: line)
        XCTAssertEqual(s.counts.writeSkipCount, 0, file: file, line: line)
        let fp = try await fingerprint(dst.url)
        XCTAssertEqual(fp, src.fingerprint, file: file, line: line)
    }

    func dropDatabases() async {
        for d in databases { await TestPostgres.dropDatabase(d) }
        databases = []
    }
}
