import FerryHTTPClient
import FerryModels
import FerrySQL
import FerryTestKit
import FerryTime
import Foundation
import XCTest

/// Progress is visible while a step runs: the executor reports counts after committed chunks (a few times a
/// second), not only with the heartbeat, so RF06 `writeCount` and the seed-002 report's `successCount` move
/// through the gateway before the job completes. The default lease (30 s) puts heartbeats 10 s apart: longer
/// than the whole step, so every value seen mid-run came from a progress report.
final class LiveProgressTests: StackTestCase {
    override class var services: [String] { Stack.services }
    override class var environment: [String: String] { ["FERRY_EXECUTOR_CHUNK_PAUSE_MS": "20"] }

    func testCountsMoveWhileTheStepRuns() async throws {
        let gateway = stack.client("gateway")

        let src = try await TestPostgres.createDatabase("ferry_progress_src")
        let dst = try await TestPostgres.createDatabase("ferry_progress_dst")
        databases += [src.name, dst.name]
        try await TestPostgres.run(url: src.url) { c in
            try c.execute("CREATE TABLE readings (id bigint PRIMARY KEY, sensor text NOT NULL, value numeric(10,3))")
            try c.execute("INSERT INTO readings SELECT g, 's' || (g % 50), g * 0.001 FROM generate_series(1, 150000) g")
        }
        let s = try await api.datasource("PROGRESS_SRC", provider: "PostgreSQL", url: TestPostgres.jdbcURL(src.url),
                                         schema: "public", user: "postgres")
        let t = try await api.datasource("PROGRESS_DST", provider: "PostgreSQL", url: TestPostgres.jdbcURL(dst.url),
                                         schema: "public", user: "postgres")
        let table = try await api.table("readings")
        let bundle = try await api.bundle("PROGRESS", source: s, target: t, pairs: [(table, table, 1, "")],
                                          options: #""chunkSize": 1000"#)
        let id = try await api.launch(bundle)

        // Poll both public views through the gateway until the job ends (bounded: 120 s).
        var writeCounts: [Int] = [], successCounts: [Int] = []
        var final: [String: Any] = [:]
        for _ in 0..<1200 {
            let rf06 = try await json(gateway, "/v1/batch/job/\(id)")
            let report = try await json(gateway, "/v1/batch-job-report/\(id)")
            let status = rf06["batchStatus"] as? String ?? ""
            if status == "COMPLETED" || status == "FAILED" || status == "STOPPED" { final = rf06; break }
            let steps = rf06["steps"] as? [[String: Any]] ?? []
            if let w = steps.first?["writeCount"] as? Int, w > 0, w != writeCounts.last { writeCounts.append(w) }
            if let n = report["successCount"] as? Int, n > 0, n != successCounts.last, report["isComplete"] as? Bool == false {
                successCounts.append(n)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTAssertEqual(final["batchStatus"] as? String, "COMPLETED", "\(final)\n\(stack.tail("executor"))")
        XCTAssertGreaterThanOrEqual(writeCounts.count, 3, "RF06 writeCount while STARTED: \(writeCounts)")
        XCTAssertEqual(writeCounts, writeCounts.sorted(), "counts only grow")
        // The last progress report (all rows) may be seen in the moment before the finish report: still mid-run values.
        XCTAssertGreaterThanOrEqual(writeCounts.filter { $0 < 150_000 }.count, 3, "values seen before COMPLETED: \(writeCounts)")
        XCTAssertGreaterThanOrEqual(successCounts.count, 3, "seed-002 successCount while Processing: \(successCounts)")
        XCTAssertEqual(successCounts, successCounts.sorted())
        let steps = final["steps"] as? [[String: Any]] ?? []
        XCTAssertEqual(steps.first?["writeCount"] as? Int, 150_000)

        // The orchestrator kept samples of the counts as they moved (what the dashboard's chart draws): at least
        // a second apart, growing, none above the total.
        let sampled = try await gateway.get("/v1/batch/job/\(id)/progress/samples", as: JobProgressSamples.self)
        let points = try XCTUnwrap(sampled.steps.first).samples
        XCTAssertGreaterThanOrEqual(points.count, 2, "samples of a multi-second step: \(points)")
        let times = points.compactMap { Timestamp.parse($0.at) }
        XCTAssertEqual(times.count, points.count)
        XCTAssertTrue(zip(times, times.dropFirst()).allSatisfy { $1.millis(since: $0) >= 1000 }, "samples closer than 1 s: \(points)")
        XCTAssertEqual(points.map(\.writeCount), points.map(\.writeCount).sorted())
        XCTAssertTrue(points.allSatisfy { $0.writeCount <= 150_000 } && points.first!.writeCount < 150_000, "\(points)")
        let unknown = try await gateway.send("GET", "/v1/batch/job/424242/progress/samples")
        XCTAssertEqual(unknown.status, 404, unknown.text)
    }

    private func json(_ client: HTTPClient, _ path: String) async throws -> [String: Any] {
        let r = try await client.send("GET", path)
        XCTAssertEqual(r.status, 200, "\(path): \(r.text)")
        return (try JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any] ?? [:]
    }
}
