import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// Issue 14, the executor's export step: a bundle whose target is a `Files` directory writes the table's files
/// (JSON Lines gzip, CSV, Parquet), split by `maxFileRows`, and Python's gzip/json/csv and pyarrow read them back
/// equal to the source value for value. A killed executor's export is resumed by another after the last complete
/// file: every row exactly once, and the manifest lists exactly the files on disk.
final class FilesExportTests: StackTestCase {
    override class var environment: [String: String] { ["FERRY_LEASE_SECONDS": "3", "FERRY_EXECUTOR_CHUNK_PAUSE_MS": "40"] }

    static let rows = 2_500

    override func setUp() async throws {
        _ = try TestPostgres.requireURL()
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            throw TestRequirement.unmet("no test python at \(Self.python) (FERRY_WITH_TEST_TOOLS=1 scripts/install-deps.sh makes it)")
        }
        try await super.setUp()
    }

    /// Row i of the source, as the readers print it: id, text with quote/comma/newline/astral, exact decimal or a
    /// double, and NULL every seventh row.
    static func expected(_ i: Int, decimal: Bool) -> [String?] {
        let number = decimal ? "\(i).\(String(format: "%02d", i % 100))" : "\(Double(i) / 4)"
        return [String(i), "item \(i), \"q\"\n\u{1F600}", i % 7 == 0 ? nil : number]
    }

    func testPostgresAndSQLiteTablesExportToEveryFormat() async throws {
        let db = try await TestPostgres.createDatabase("ferry_export")
        databases.append(db.name)
        try await TestPostgres.run(url: db.url) { c in
            try c.execute("CREATE SCHEMA src")
            try c.execute("CREATE TABLE src.items (id int PRIMARY KEY, name text NOT NULL, amount numeric(12,2))")
            try c.execute("""
                INSERT INTO src.items SELECT g, 'item ' || g || ', \"q\"' || chr(10) || chr(128512),
                  CASE WHEN g % 7 = 0 THEN NULL ELSE (g || '.' || lpad((g % 100)::text, 2, '0'))::numeric END
                FROM generate_series(1, \(Self.rows)) g
                """)
        }
        let lite = NSTemporaryDirectory() + "ferry-export-src-\(UUID().uuidString.prefix(8)).sqlite"
        directories.append(lite)
        let session = try await DatabaseSession.open(.sqlite(path: lite))
        try await session.run { c in
            try c.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, amount REAL)")
            try c.execute("WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < \(Self.rows)) "
                + "INSERT INTO items SELECT i, 'item ' || i || ', \"q\"' || char(10) || char(128512), "
                + "CASE WHEN i % 7 = 0 THEN NULL ELSE i / 4.0 END FROM g")
        }
        await session.close()
        let pg = try await api.datasource("PGSRC", provider: "PostgreSQL", url: db.url, schema: "src")
        let sqlite = try await api.datasource("LITESRC", provider: "SQLite", url: "jdbc:sqlite:\(lite)")
        let source = try await api.table("items")
        let target = try await api.table("ITEMS")
        let cases: [(String, String, IndependentReaderKind)] = [
            (#""exportFormat": "jsonl", "compression": "gzip""#, "jsonl.gz", .jsonl),
            (#""exportFormat": "csv", "compression": "none""#, "csv", .csv),
            (#""exportFormat": "parquet""#, "parquet", .pyarrow),
        ]
        for (n, (options, ext, reader)) in cases.enumerated() {
            for (src, decimal) in [(pg, true), (sqlite, false)] {
                let code = "EXP\(n)\(decimal ? "PG" : "LITE")"
                let dir = NSTemporaryDirectory() + "ferry-export-\(code)-\(UUID().uuidString.prefix(8))"
                directories.append(dir)
                let files = try await api.datasource("FILES_\(code)", provider: "Files", url: "file:\(dir)")
                let bundle = try await api.bundle(code, source: src, target: files, pairs: [(source, target, 1, "")],
                                                  options: options + #", "maxFileRows": 1000, "chunkSize": 700, "batchCode": "\#(code)""#)
                if n == 0 {   // the catalog plans a Files target (no CREATE TABLE) instead of refusing it
                    let plan = try await api.catalog.send("GET", "/v1/data/bundles/\(bundle)/plan", body: nil, headers: [:])
                    let text = String(decoding: plan.body, as: UTF8.self)
                    XCTAssertEqual(plan.status, 200, text)
                    XCTAssertFalse(text.contains("CREATE TABLE"), text)
                }
                let e = try await api.wait(try await api.launch(bundle))
                XCTAssertEqual(e.status, .completed, "\(code): \(e.exitMessage)")
                XCTAssertEqual(e.steps.first?.counts.writeCount, Int64(Self.rows), code)
                let names = try Self.dataFiles(dir)
                XCTAssertEqual(names, (1...3).map { "\(code)_1_0_ITEMS_00\($0).\(ext)" }, code)
                let kinds = ["int", "text", decimal ? "decimal" : "f64"]
                let read = try Self.read(reader, names.map { dir + "/" + $0 }, kinds: kinds)
                XCTAssertEqual(read.columns, ["id", "name", "amount"], code)
                XCTAssertEqual(read.rows.count, Self.rows, code)
                for (i, row) in read.rows.enumerated() where row != Self.expected(i + 1, decimal: decimal) {
                    XCTFail("\(code) row \(i + 1): \(row) != \(Self.expected(i + 1, decimal: decimal))")
                    break
                }
            }
        }
    }

    func testKilledExecutorExportResumesAfterTheLastCompleteFile() async throws {
        let rows = 20_000
        let (dir, pg, files, table) = try await eventsExport("KILL", rows: rows)
        let bundle = try await api.bundle("KILLX", source: pg, target: files, pairs: [(table, table, 1, "")],
                                          options: #""maxFileRows": 1500, "chunkSize": 500, "manifestOption": true"#)
        let id = try await api.launch(bundle)
        var complete = 0
        for _ in 0..<600 where complete < 3 {   // bounded: 60 s
            complete = try Self.dataFiles(dir).count
            try await Task.sleep(for: .milliseconds(100))
        }
        stack.kill("executor")
        XCTAssertGreaterThanOrEqual(complete, 3, "no file completed before the kill")
        XCTAssertLessThan(complete, rows / 1500, "the export finished before the kill; the test proves nothing")
        try stack.launch("executor")             // a second executor takes the expired lease
        let e = try await api.wait(id)
        XCTAssertEqual(e.status, .completed, e.exitMessage)
        let names = try Self.dataFiles(dir)
        XCTAssertEqual(names, (1...(rows + 1499) / 1500).map { String(format: "KILLX_1_0_events_%03d.jsonl.gz", $0) })
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir)
        XCTAssertFalse(entries.contains { $0.hasSuffix(".partial") }, "\(entries)")
        let read = try Self.read(.jsonl, names.map { dir + "/" + $0 }, kinds: ["int", "text"])
        XCTAssertEqual(read.rows.map { $0[0] }, (1...rows).map { String($0) as String? }, "every row exactly once, in key order")
        // The manifest lists exactly those files, as they are on disk (Python's hashlib).
        let manifest = try ManifestExportTests.onDisk(dir, "KILLX_1_0_manifest.json")
        XCTAssertEqual(manifest.manifest.fileDetails.map(\.fileName), names)
        XCTAssertEqual(manifest.manifest.recordsProcessed, rows)
        XCTAssertEqual(manifest.disk.map { $0?.hashValue }, manifest.manifest.fileDetails.map(\.hashValue))
        XCTAssertEqual(manifest.disk.map { $0?.fileSize }, manifest.manifest.fileDetails.map(\.fileSize))
    }

    /// Fencing in the directory: an executor paused (SIGSTOP) mid-export until another takes its lease over, then
    /// woken (SIGCONT), publishes nothing more — no file renamed over the new owner's, no state saved — so the files
    /// hold every row exactly once and match the manifest byte for byte.
    func testPausedExecutorPublishesNoFileOnceItsLeaseIsTakenOver() async throws {
        let rows = 20_000
        let (dir, pg, files, table) = try await eventsExport("PAUSE", rows: rows)
        let bundle = try await api.bundle("PAUSEX", source: pg, target: files, pairs: [(table, table, 1, "")],
                                          options: #""maxFileRows": 1500, "chunkSize": 500, "manifestOption": true"#)
        let id = try await api.launch(bundle)
        var complete = 0
        for _ in 0..<600 where complete < 2 {   // bounded: 60 s
            complete = try Self.dataFiles(dir).count
            try await Task.sleep(for: .milliseconds(100))
        }
        let paused = try XCTUnwrap(stack.processes["executor"])
        let owner = try await api.execution(id).steps.first?.executorId
        paused.signal(SIGSTOP)
        XCTAssertLessThan(try Self.dataFiles(dir).count, rows / 1500, "the export finished before the pause; the test proves nothing")
        try stack.launch("executor", as: "executor-b", extra: ["FERRY_EXECUTOR_PORT": String(try LoopbackPort.free())])
        var takenOver = false
        for _ in 0..<150 where !takenOver {   // the 3 s lease lapses, the second executor claims
            try await Task.sleep(for: .milliseconds(200))
            takenOver = try await api.execution(id).steps.first.map { $0.executorId != owner && $0.executorId != nil } ?? false
        }
        XCTAssertTrue(takenOver, "the lease was not taken over\n" + stack.tail("executor"))
        try await Task.sleep(for: .seconds(1))
        paused.signal(SIGCONT)
        let e = try await api.wait(id)
        XCTAssertEqual(e.status, .completed, e.exitMessage)
        try await Task.sleep(for: .seconds(1))   // give the woken executor its chance to (wrongly) publish
        let names = try Self.dataFiles(dir)
        XCTAssertEqual(names, (1...(rows + 1499) / 1500).map { String(format: "PAUSEX_1_0_events_%03d.jsonl.gz", $0) })
        let read = try Self.read(.jsonl, names.map { dir + "/" + $0 }, kinds: ["int", "text"])
        XCTAssertEqual(read.rows.map { $0[0] }, (1...rows).map { String($0) as String? }, "every row exactly once, in key order")
        let manifest = try ManifestExportTests.onDisk(dir, "PAUSEX_1_0_manifest.json")
        XCTAssertEqual(manifest.manifest.fileDetails.map(\.fileName), names)
        XCTAssertEqual(manifest.disk.map { $0?.hashValue }, manifest.manifest.fileDetails.map(\.hashValue), "no file replaced after the manifest")
    }

    // MARK: - files and readers

    /// A PostgreSQL `events` table of `rows` rows, its datasource, a fresh Files directory as a datasource, and the
    /// table registered: (directory, source uid, files uid, table uid).
    func eventsExport(_ name: String, rows: Int) async throws -> (String, Int64, Int64, Int64) {
        let db = try await TestPostgres.createDatabase("ferry_export_\(name.lowercased())")
        databases.append(db.name)
        try await TestPostgres.run(url: db.url) { c in
            try c.execute("CREATE TABLE events (id bigint PRIMARY KEY, payload text NOT NULL)")
            try c.execute("INSERT INTO events SELECT g, md5(g::text) FROM generate_series(1, \(rows)) g")
        }
        let dir = NSTemporaryDirectory() + "ferry-export-\(name)-\(UUID().uuidString.prefix(8))"
        directories.append(dir)
        let pg = try await api.datasource("PG\(name)", provider: "PostgreSQL", url: db.url, schema: "public")
        let files = try await api.datasource("FILES\(name)", provider: "Files", url: "file:\(dir)")
        return (dir, pg, files, try await api.table("events"))
    }

    /// The data files of a directory, sorted (not the state file, not temporaries, not manifests).
    static func dataFiles(_ dir: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: dir) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: dir)
            .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".partial") && !$0.hasSuffix("_manifest.json") }.sorted()
    }

    enum IndependentReaderKind: String { case jsonl, csv, pyarrow }

    struct ReadBack: Decodable { var columns: [String]; var rows: [[String?]] }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static var python: String {
        ProcessInfo.processInfo.environment["FERRY_TEST_PYTHON"]
            ?? repositoryRoot.appendingPathComponent(".ferry-vendor/test-venv/bin/python").path
    }

    /// Shared/Export's independent reader script (Python's gzip/json/csv, pyarrow): no code shared with the writers.
    static func read(_ kind: IndependentReaderKind, _ files: [String], kinds: [String]) throws -> ReadBack {
        let script = repositoryRoot.appendingPathComponent("Shared/Export/Tests/Readers/read_export.py").path
        let kindsJSON = String(decoding: try JSONSerialization.data(withJSONObject: kinds), as: UTF8.self)
        let (status, output) = try Subprocess.run(python, [script, kind.rawValue, kindsJSON] + files)
        guard status == 0 else { throw APIError.unexpected("\(kind) reader failed: \(output)") }
        return try JSONDecoder().decode(ReadBack.self, from: Data(output.utf8))
    }
}
