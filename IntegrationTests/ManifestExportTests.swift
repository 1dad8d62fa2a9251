import FerryHTTPClient
import FerryModels
import FerryTestKit
import Foundation
import XCTest

/// Issue 14, seed 003's manifests end to end: a failed export run leaves no manifest, its restart writes
/// `…_1_1_manifest.json` listing the complete files of both attempts, a second launch chains to it, every field
/// matches the files on disk (read back with Python's json/hashlib), and the verify service — through the gateway —
/// answers the recorded SHA-256 and, deep, names each flipped, truncated and deleted file.
final class ManifestExportTests: XCTestCase {
    var stack: Stack!
    var api: FerryAPI!
    var database: String?
    var directory: String?

    override func setUp() async throws {
        _ = try TestPostgres.requireURL()
        guard FileManager.default.isExecutableFile(atPath: FilesExportTests.python) else {
            throw TestRequirement.unmet("no test python at \(FilesExportTests.python) (FERRY_WITH_TEST_TOOLS=1 scripts/install-deps.sh makes it)")
        }
        stack = try Stack()
        try await stack.start()
        api = FerryAPI(stack: stack)
    }

    override func tearDown() async throws {
        stack?.stopAll()
        if let database { await TestPostgres.dropDatabase(database) }
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    func testManifestsChainAcrossRerunAndLaunchAndVerifyNamesTheDamage() async throws {
        let db = try await TestPostgres.createDatabase("ferry_manifest")
        database = db.name
        try await TestPostgres.run(url: db.url) { c in
            try c.execute("CREATE TABLE alpha (id int PRIMARY KEY, v text)")
            try c.execute("INSERT INTO alpha SELECT g, 'a' || g FROM generate_series(1, 300) g")
        }
        let dir = NSTemporaryDirectory() + "ferry-manifest-\(UUID().uuidString.prefix(8))"
        directory = dir
        let pg = try await api.datasource("PGMAN", provider: "PostgreSQL", url: db.url, schema: "public")
        let files = try await api.datasource("FILESMAN", provider: "Files", url: "file:\(dir)")
        let alpha = try await api.table("alpha"), beta = try await api.table("beta")
        let bundle = try await api.bundle("MANIFESTS", source: pg, target: files, pairs: [(alpha, alpha, 1, ""), (beta, beta, 2, "")],
                                          options: #""manifestOption": true, "batchCode": "MANX", "maxFileRows": 100"#)

        // Launch 1: alpha exports, beta (no such table yet) fails the run — no manifest, no temporary left.
        let first = try await api.launch(bundle)
        let failed = try await api.wait(first)
        XCTAssertEqual(failed.status, .failed, failed.exitMessage)
        XCTAssertEqual(try FilesExportTests.dataFiles(dir), (1...3).map { "MANX_1_0_alpha_00\($0).jsonl.gz" })
        XCTAssertEqual(failed.steps.first { $0.stepName == ManifestTask.stepName }?.status, .abandoned)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir)
        XCTAssertFalse(left.contains { $0.hasSuffix("manifest.json") || $0.hasSuffix(".partial") }, "\(left)")

        // Its restart (rerun 1) exports beta and writes the manifest of both attempts' files.
        try await TestPostgres.run(url: db.url) { c in
            try c.execute("CREATE TABLE beta (id int PRIMARY KEY, v text)")
            try c.execute("INSERT INTO beta SELECT g, 'b' || g FROM generate_series(1, 150) g")
        }
        let rerun = try await api.create(api.orchestrator, "/v1/batch/job/\(first)/restart", "")
        let done = try await api.wait(rerun)
        XCTAssertEqual(done.status, .completed, done.exitMessage)
        let expectedFirst = (1...3).map { "MANX_1_0_alpha_00\($0).jsonl.gz" } + (1...2).map { "MANX_1_1_beta_00\($0).jsonl.gz" }
        let m1 = try Self.onDisk(dir, "MANX_1_1_manifest.json")
        try assertManifest(m1, run: 1, rerun: 1, files: expectedFirst, records: 450, previous: nil)

        // Launch 2 chains to it.
        let second = try await api.wait(try await api.launch(bundle))
        XCTAssertEqual(second.status, .completed, second.exitMessage)
        let expectedSecond = (1...3).map { "MANX_2_0_alpha_00\($0).jsonl.gz" } + (1...2).map { "MANX_2_0_beta_00\($0).jsonl.gz" }
        let m2 = try Self.onDisk(dir, "MANX_2_0_manifest.json")
        try assertManifest(m2, run: 2, rerun: 0, files: expectedSecond, records: 450, previous: (1, "MANX_1_1_manifest.json"))
        let rows = try FilesExportTests.read(.jsonl, expectedSecond.map { dir + "/" + $0 }, kinds: ["int", "text"])
        XCTAssertEqual(rows.rows.map { $0[0] }, ((1...300).map { String($0) } + (1...150).map { String($0) }) as [String?])

        // The verify service, through the gateway.
        let gateway = stack.client("gateway")
        let list = try await json(gateway, "/v1/manifests?batchCode=MANX")
        let entries = try XCTUnwrap(list["manifests"] as? [[String: Any]])
        XCTAssertEqual(entries.map { $0["manifestFileName"] as? String }, ["MANX_1_1_manifest.json", "MANX_2_0_manifest.json"])
        XCTAssertEqual(entries.map { $0["hashValue"] as? String }, [m1.sha256, m2.sha256])
        let served = try await gateway.send("GET", "/v1/manifests/MANX/2/0", body: nil, headers: [:])
        XCTAssertEqual(served.status, 200)
        XCTAssertEqual(served.body, [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/MANX_2_0_manifest.json"))))
        let verify = try await json(gateway, "/v1/manifests/MANX/2/0/verify")
        XCTAssertEqual(verify["manifestFileName"] as? String, "MANX_2_0_manifest.json")
        XCTAssertEqual(verify["hashAlgorithm"] as? String, "SHA-256")
        XCTAssertEqual(verify["hashValue"] as? String, m2.sha256)
        XCTAssertNil(verify["valid"], "only deep verification re-reads the files")
        let sound = try await json(gateway, "/v1/manifests/MANX/2/0/verify?deep=true")
        XCTAssertEqual(sound["valid"] as? Bool, true)

        // Damage: a flipped byte, a truncated file, a deleted file, an edited manifest.
        try flipByte(dir + "/" + expectedSecond[0])
        try truncate(dir + "/" + expectedSecond[1])
        try FileManager.default.removeItem(atPath: dir + "/" + expectedSecond[2])
        try flipByte(dir + "/MANX_2_0_manifest.json")
        let deep = try await json(gateway, "/v1/manifests/MANX/2/0/verify?deep=true")
        XCTAssertEqual(deep["valid"] as? Bool, false)
        XCTAssertEqual((deep["manifest"] as? [String: Any])?["status"] as? String, "changed")
        let checks = try XCTUnwrap(deep["files"] as? [[String: Any]])
        XCTAssertEqual(checks.map { $0["fileName"] as? String }, expectedSecond)
        XCTAssertEqual(checks.map { $0["status"] as? String }, ["changed", "truncated", "missing", "ok", "ok"])
        XCTAssertTrue(checks[2]["actualSize"] is NSNull, "\(checks[2])")
        let untouched = try await json(gateway, "/v1/manifests/MANX/1/1/verify?deep=true")
        XCTAssertEqual(untouched["valid"] as? Bool, true)

        // Unknown and malformed requests: the error envelope.
        try await expectError(gateway, "/v1/manifests?batchCode=NOPE", 404, field: nil)
        try await expectError(gateway, "/v1/manifests/NOPE/1/0", 404, field: nil)
        try await expectError(gateway, "/v1/manifests/MANX/3/0/verify", 404, field: nil)
        try await expectError(gateway, "/v1/manifests", 400, field: "batchCode")
        try await expectError(gateway, "/v1/manifests/MANX/0/0", 400, field: "run")
        try await expectError(gateway, "/v1/manifests/MANX/1/x", 400, field: "rerun")
        try await expectError(gateway, "/v1/manifests/MANX/1/1/verify?deep=maybe", 400, field: "deep")
    }

    // MARK: - helpers

    struct OnDisk: Decodable {
        struct Detail: Decodable, Equatable { var fileName: String; var fileSize: Int; var hashValue: String }
        var keys: [String]
        var manifest: Manifest
        var sha256: String
        var disk: [Detail?]
    }

    struct Manifest: Decodable {
        struct File: Decodable { var fileName: String; var fileSize: Int; var hashAlgorithm: String; var hashValue: String }
        var version: Int
        var batchCode: String
        var batchRunNumber: Int
        var batchRerunNumber: Int
        var totalFiles: Int
        var recordsProcessed: Int
        var timeStamp: String
        var previousBatchRunNumber: Int?
        var previousManifestFileName: String?
        var fileDetails: [File]
    }

    static func onDisk(_ dir: String, _ name: String) throws -> OnDisk {
        let script = FilesExportTests.repositoryRoot.appendingPathComponent("Shared/Export/Tests/Readers/manifest_on_disk.py").path
        let (status, output) = try Subprocess.run(FilesExportTests.python, [script, dir, name])
        guard status == 0 else { throw APIError.unexpected("manifest_on_disk.py: \(output)") }
        return try JSONDecoder().decode(OnDisk.self, from: Data(output.utf8))
    }

    /// Seed 003's fields, in its order, each checked against the files as they are on disk.
    func assertManifest(_ m: OnDisk, run: Int, rerun: Int, files: [String], records: Int, previous: (Int, String)?,
                        line: UInt = #line) throws {
        XCTAssertEqual(m.keys, ["version", "batchCode", "batchRunNumber", "batchRerunNumber", "totalFiles", "recordsProcessed",
                                "timeStamp", "previousBatchRunNumber", "previousManifestFileName", "fileDetails"], line: line)
        let f = m.manifest
        XCTAssertEqual(f.version, 1, line: line)
        XCTAssertEqual(f.batchCode, "MANX", line: line)
        XCTAssertEqual(f.batchRunNumber, run, line: line)
        XCTAssertEqual(f.batchRerunNumber, rerun, line: line)
        XCTAssertEqual(f.totalFiles, files.count, line: line)
        XCTAssertEqual(f.recordsProcessed, records, line: line)
        XCTAssertNotNil(f.timeStamp.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$"#, options: .regularExpression), f.timeStamp, line: line)
        XCTAssertEqual(f.previousBatchRunNumber, previous?.0, line: line)
        XCTAssertEqual(f.previousManifestFileName, previous?.1, line: line)
        XCTAssertEqual(f.fileDetails.map(\.fileName), files, line: line)
        XCTAssertEqual(Set(f.fileDetails.map(\.hashAlgorithm)), ["SHA-256"], line: line)
        XCTAssertEqual(m.disk, f.fileDetails.map { OnDisk.Detail(fileName: $0.fileName, fileSize: $0.fileSize, hashValue: $0.hashValue) },
                       "sizes and hashes recomputed from the files", line: line)
        let read = try FilesExportTests.read(.jsonl, files.map { (directory ?? "") + "/" + $0 }, kinds: ["int", "text"])
        XCTAssertEqual(read.rows.count, records, "recordsProcessed counts the rows of the listed files", line: line)
    }

    func json(_ client: HTTPClient, _ path: String, line: UInt = #line) async throws -> [String: Any] {
        let r = try await client.send("GET", path, body: nil, headers: [:])
        XCTAssertEqual(r.status, 200, "\(path): \(String(decoding: r.body, as: UTF8.self))", line: line)
        return (try JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any] ?? [:]
    }

    func expectError(_ client: HTTPClient, _ path: String, _ status: Int, field: String?, line: UInt = #line) async throws {
        let r = try await client.send("GET", path, body: nil, headers: [:])
        let body = (try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any] ?? [:]
        XCTAssertEqual(r.status, status, "\(path): \(body)", line: line)
        XCTAssertEqual(body["success"] as? Bool, false, "\(path): \(body)", line: line)
        XCTAssertFalse((body["message"] as? String ?? "").isEmpty, path, line: line)
        if let field {
            let errors = body["errors"] as? [[String: Any]] ?? []
            XCTAssertEqual(errors.first?["field"] as? String, field, "\(path): \(body)", line: line)
        }
    }

    func flipByte(_ path: String) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data[data.count / 2] ^= 0xFF
        try data.write(to: URL(fileURLWithPath: path))
    }

    func truncate(_ path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
    }
}
