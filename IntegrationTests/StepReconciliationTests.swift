import FerryHTTPClient
import FerryModels
import FerryTestKit
import Foundation
import XCTest

/// The check after each step (bundle option `reconcile`), real processes on the real PostgreSQL: the default
/// `count` and a `digest` over two key-range partitions compare equal (RF06's block, the partitions merged, the
/// reconciliation route); a target trigger that changes one value on its way in fails the step under `digest`,
/// naming the key, while `count` stays blind to it; a bad option is a 400 naming the field; rows a writer adds to
/// the source during the copy are neither read nor counted against it (the check reads the reader's snapshot).
final class StepReconciliationTests: StackTestCase {
    override class var services: [String] { ["catalog", "orchestrator", "executor", "reporting"] }
    /// One step at a time: a split table's partitions run in key order. A pause after each chunk leaves room for a
    /// writer to change the source while a copy of small chunks runs.
    override class var environment: [String: String] { ["FERRY_EXECUTOR_SLOTS": "1", "FERRY_EXECUTOR_CHUNK_PAUSE_MS": "40"] }
    static let rows = 200
    var reporting: HTTPClient { stack.client("reporting") }

    static let itemsDDL = "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2))"

    func setUpPair(_ name: String, targetSQL: [String] = []) async throws
        -> (src: Int64, dst: Int64, table: Int64, srcURL: String, dstURL: String) {
        let src = try await database("ferry_recon_src"), dst = try await database("ferry_recon_dst")
        try await TestPostgres.run(url: src.url) { c in
            try c.execute(Self.itemsDDL)
            try c.execute("INSERT INTO items SELECT g, 'item ' || g, g * 1.25 FROM generate_series(1, \(Self.rows)) g")
        }
        try await TestPostgres.run(url: dst.url) { c in for s in targetSQL { try c.execute(s) } }
        let s = try await api.datasource("\(name)_SRC", provider: "PostgreSQL", url: src.jdbc, schema: "public", user: "postgres")
        let d = try await api.datasource("\(name)_DST", provider: "PostgreSQL", url: dst.jdbc, schema: "public", user: "postgres")
        return (s, d, try await api.table("items"), src.url, dst.url)
    }

    /// RF06 through reporting, as JSON objects (the block's presence and place) and decoded.
    func rf06(_ id: Int64) async throws -> (text: String, view: JobExecutionView) {
        let r = try await reporting.send("GET", "/v1/batch/job/\(id)")
        XCTAssertEqual(r.status, 200)
        return (String(decoding: r.body, as: UTF8.self), try JSONDecoder().decode(JobExecutionView.self, from: Data(r.body)))
    }

    func testDefaultCountAndPartitionedDigestCompareEqual() async throws {
        let p = try await setUpPair("RECON_EQ")
        let plain = try await api.bundle("RECON_EQ", source: p.src, target: p.dst, pairs: [(p.table, p.table, 1, "")])
        let id = try await api.launch(plain)
        let e = try await api.wait(id, seconds: 120)
        XCTAssertEqual(e.status, .completed, e.exitMessage)
        let first = try await rf06(id)
        let count = try XCTUnwrap(first.view.steps.first?.reconciliation)
        XCTAssertEqual(count.method, .count, "count is the default")
        XCTAssertTrue(count.equal)
        XCTAssertEqual([count.sourceRows, count.targetRows], [Int64(Self.rows), Int64(Self.rows)])
        XCTAssertTrue(first.text.contains(#""exitMessage":"","reconciliation":{"method":"count""#),
                      "the block follows every seed field: \(first.text)")

        // Digest, the table split into two ranges: each partition checks its own range, RF06 shows them merged.
        let split = try await api.bundle("RECON_EQ_SPLIT", source: p.src, target: p.dst, pairs: [(p.table, p.table, 1, "")],
                                         options: #""reconcile": "digest", "partitions": 2"#)
        let id2 = try await api.launch(split)
        let e2 = try await api.wait(id2, seconds: 120)
        XCTAssertEqual(e2.status, .completed, e2.exitMessage)
        let parts: StepPartitionsView = try await reporting.get("/v1/batch/job/\(id2)/steps/STEP-ITEMS/partitions")
        XCTAssertEqual(parts.partitions.count, 2)
        let second = try await rf06(id2)
        let digest = try XCTUnwrap(second.view.steps.first?.reconciliation)
        XCTAssertEqual(digest.method, .digest)
        XCTAssertTrue(digest.equal)
        XCTAssertEqual(digest.rangesCompared, 2, "one range per partition")
        XCTAssertEqual([digest.sourceRows, digest.targetRows], [Int64(Self.rows), Int64(Self.rows)], "both ranges summed")

        let job: JobReconciliationView = try await reporting.get("/v1/batch/job/\(id2)/reconciliation")
        XCTAssertEqual(job.stepsChecked, 1)
        XCTAssertTrue(job.equal)
        XCTAssertEqual(job.steps.map(\.stepName), ["STEP-ITEMS"])
        let missing = try await reporting.send("GET", "/v1/batch/job/999999/reconciliation")
        XCTAssertEqual(missing.status, 404)
        let envelope = try JSONSerialization.jsonObject(with: Data(missing.body)) as? [String: Any]
        XCTAssertEqual(envelope?["success"] as? Bool, false)

        // A bad value: 400 naming the field; `off` is stored and shown.
        let (status, body) = try await api.post(api.catalog, "/v1/data/bundles",
            #"{"bundleName": "RECON_BAD", "sourceDatasourceId": \#(p.src), "targetDatasourceId": \#(p.dst), "reconcile": "sometimes", "bundledTables": [{"sourceTableId": \#(p.table), "targetTableId": \#(p.table)}]}"#)
        XCTAssertEqual(status, 400)
        let fields = (body["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
        XCTAssertEqual(fields, ["reconcile"], "\(body)")
        let off = try await api.bundle("RECON_OFF", source: p.src, target: p.dst, pairs: [(p.table, p.table, 1, "")],
                                       options: #""reconcile": "off""#)
        let view: BundleView = try await api.catalog.get("/v1/data/bundles/\(off)")
        XCTAssertEqual(view.reconcile, .off)
        // Replacing the bundle keeps the new value (PUT writes every option, this one included).
        let put = try await api.catalog.send("PUT", "/v1/data/bundles/\(off)", body: Array(
            #"{"bundleName": "RECON_OFF", "sourceDatasourceId": \#(p.src), "targetDatasourceId": \#(p.dst), "reconcile": "digest", "bundledTables": [{"sourceTableId": \#(p.table), "targetTableId": \#(p.table)}]}"#.utf8),
            headers: ["Content-Type": "application/json"])
        XCTAssertEqual(put.status, 200, String(decoding: put.body, as: UTF8.self))
        let replaced: BundleView = try await api.catalog.get("/v1/data/bundles/\(off)")
        XCTAssertEqual(replaced.reconcile, .digest)
    }

    func testTargetTriggerChangingAValueFailsTheDigestStepNamingTheKey() async throws {
        // The copy "succeeds", but the target rewrites row 17's name on its way in (insert and update alike).
        let p = try await setUpPair("RECON_MISMATCH", targetSQL: [
            Self.itemsDDL,
            """
            CREATE FUNCTION mangle() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.id = 17 THEN NEW.name := NEW.name || ' (changed)'; END IF; RETURN NEW; END $$
            """,
            "CREATE TRIGGER mangle BEFORE INSERT OR UPDATE ON items FOR EACH ROW EXECUTE FUNCTION mangle()",
        ])
        // Counting is blind to a changed value: the step completes, equal.
        let counted = try await api.bundle("RECON_COUNT", source: p.src, target: p.dst, pairs: [(p.table, p.table, 1, "")])
        let id = try await api.launch(counted)
        let e = try await api.wait(id, seconds: 120)
        XCTAssertEqual(e.status, .completed, e.exitMessage)
        XCTAssertEqual(e.steps.first?.reconciliation?.equal, true)

        let digested = try await api.bundle("RECON_DIGEST", source: p.src, target: p.dst, pairs: [(p.table, p.table, 1, "")],
                                            options: #""reconcile": "digest", "partitions": 2"#)
        let id2 = try await api.launch(digested)
        let e2 = try await api.wait(id2, seconds: 120)
        XCTAssertEqual(e2.status, .failed)
        let job = try await rf06(id2).view
        let step = try XCTUnwrap(job.steps.first)
        XCTAssertEqual(step.batchStatus, .failed)
        XCTAssertTrue(step.exitMessage.contains("reconciliation (digest) of public.items found a mismatch") &&
                      step.exitMessage.contains("id=17 different"), step.exitMessage)
        XCTAssertTrue(job.exitMessage.hasPrefix("STEP-ITEMS: reconciliation (digest)"), job.exitMessage)

        let answer: JobReconciliationView = try await reporting.get("/v1/batch/job/\(id2)/reconciliation")
        XCTAssertFalse(answer.equal)
        let r = try XCTUnwrap(answer.steps.first?.reconciliation)
        XCTAssertEqual(r.differingKeys, [DifferingKey(key: ["id": "17"], kind: .different)])
        XCTAssertEqual(r.sourceRows, r.targetRows, "as many rows on both sides: only the digest tells")
        let rows = try await TestPostgres.run(url: p.dstURL) { c in try c.query("SELECT count(*) FROM items").rows[0].int64(0) }
        XCTAssertEqual(rows, Int64(Self.rows), "the committed rows stay: the check reports, it does not undo")
    }

    func testSourceRowsAddedDuringTheCopyDoNotFailTheCheck() async throws {
        let p = try await setUpPair("RECON_LIVE")
        let bundle = try await api.bundle("RECON_LIVE", source: p.src, target: p.dst, pairs: [(p.table, p.table, 1, "")],
                                          options: #""chunkSize": 20"#)
        let id = try await api.launch(bundle)
        func targetRows() async -> Int64 {
            (try? await TestPostgres.run(url: p.dstURL) { c in try c.query("SELECT count(*) FROM items").rows[0].int64(0) }) ?? 0
        }
        var copied: Int64 = 0
        for _ in 0..<500 where copied == 0 {   // the first chunk is in (≤ 10 s)
            copied = await targetRows()
            if copied == 0 { try await Task.sleep(for: .milliseconds(20)) }
        }
        try await TestPostgres.run(url: p.srcURL) { c in
            try c.execute("INSERT INTO items SELECT g, 'late ' || g, 1 FROM generate_series(\(Self.rows + 1), \(Self.rows + 25)) g")
        }
        let midway = await targetRows()
        XCTAssertLessThan(midway, Int64(Self.rows), "the writer ran while the copy did (10 chunks of 20, 40 ms apart)")
        let e = try await api.wait(id, seconds: 120)
        XCTAssertEqual(e.status, .completed, e.exitMessage)
        let check = try XCTUnwrap(e.steps.first?.reconciliation)
        XCTAssertTrue(check.equal, "the source is counted in the snapshot the rows were read from")
        XCTAssertEqual([check.sourceRows, check.targetRows], [Int64(Self.rows), Int64(Self.rows)])
        let after = await targetRows()
        XCTAssertEqual(after, Int64(Self.rows), "the rows added after the read began wait for the next run")
    }
}
