@testable import ReportingService
import FerryHTTPClient
import FerryModels
import FerryServiceKit
import FerryTestKit
import Foundation
import XCTest
import FerryTime

/// Fixed job executions the stand-in orchestrator serves, built around "now" so running jobs have live elapsed
/// times. Bundle 41 (CO_APP_DB_MIGRATION, pairs 7 and 8) has them all; bundle 42 (an empty catalog bundle) has none.
enum Fixtures {
    static let bundleId: Int64 = 41
    static let bundleName = "CO_APP_DB_MIGRATION"
    static let watermark = "2024-12-06 10:45:28.123456"

    /// 29: COMPLETED, seed 000's run (392 rows, 268 ms).
    static let completedId: Int64 = 29
    /// 30: COMPLETED with 5 skipped rows of 100.
    static let skippedId: Int64 = 30
    /// 31: FAILED after 5 retries, 40 of 100 rows written.
    static let failedId: Int64 = 31
    /// 32: STARTED two minutes ago, step still running.
    static let runningId: Int64 = 32
    /// 33: STARTING, no step started.
    static let enqueuedId: Int64 = 33
    /// 34: STOPPED by request, 10 of 50 rows written.
    static let stoppedId: Int64 = 34
    /// 35: STARTING but a step already started.
    static let startingWithStepId: Int64 = 35

    static func step(_ id: Int64, _ name: String, pair: Int64, status: BatchStatus, exit: String, start: String?, end: String?,
                     read: Int64, write: Int64, commit: Int64, skip: Int64 = 0, source: Int64? = nil, retries: Int = 0,
                     exitMessage: String = "") -> StepExecutionRecord {
        StepExecutionRecord(stepExecutionId: id, stepName: name, pairId: pair, relationalOrdering: 1, status: status,
                            exitStatus: exit, exitMessage: exitMessage, startTime: start, endTime: end,
                            counts: StepCounts(readCount: read, writeCount: write, commitCount: commit, writeSkipCount: skip),
                            retryCount: retries, sourceRows: source, executorId: start == nil ? nil : "executor-1")
    }

    static func job(_ id: Int64, status: BatchStatus, exit: String, created: String, start: String?, end: String?,
                    steps: [StepExecutionRecord], exitMessage: String = "", exception: String? = nil, retry: Int = 0,
                    total: Int64? = nil, bundleId: Int64 = bundleId) -> JobExecutionRecord {
        JobExecutionRecord(jobExecutionId: id, jobInstanceId: id, bundleId: bundleId, bundleName: bundleName,
                           jobName: "JOB-\(bundleName)", runNumber: Int(id), rerunNumber: 0, status: status, exitStatus: exit,
                           exitMessage: exitMessage, exceptionDetails: exception, createTime: created, startTime: start,
                           endTime: end, lastUpdated: end ?? start ?? created, retryAttempt: retry, totalItems: total,
                           steps: steps)
    }

    static func records(now: Date = Date()) -> [JobExecutionRecord] {
        func ago(_ ms: Int64) -> String { Timestamp(now).adding(millis: -ms).iso }
        return [
            job(completedId, status: .completed, exit: "COMPLETED", created: "2023-10-22T19:49:10.000Z",
                start: "2023-10-22T19:49:10.100Z", end: "2023-10-22T19:49:10.368Z",
                steps: [step(1, "STEP-CUSTOMERS", pair: 7, status: .completed, exit: "COMPLETED",
                             start: "2023-10-22T19:49:10.120Z", end: "2023-10-22T19:49:10.340Z",
                             read: 392, write: 392, commit: 5, source: 392)],
                total: 392),
            job(skippedId, status: .completed, exit: "COMPLETED", created: "2024-12-06T10:40:00.000Z",
                start: "2024-12-06T10:40:02.000Z", end: "2024-12-06T10:45:30.000Z",
                steps: [step(2, "STEP-CUSTOMERS", pair: 7, status: .completed, exit: "COMPLETED",
                             start: "2024-12-06T10:40:02.500Z", end: "2024-12-06T10:45:29.000Z",
                             read: 60, write: 57, commit: 1, skip: 3, source: 60),
                        step(3, "STEP-ORDERS", pair: 8, status: .completed, exit: "COMPLETED",
                             start: "2024-12-06T10:40:02.600Z", end: "2024-12-06T10:45:29.500Z",
                             read: 40, write: 38, commit: 1, skip: 2, source: 40)],
                total: 100),
            job(failedId, status: .failed, exit: "FAILED", created: "2024-12-06T11:00:00.000Z",
                start: "2024-12-06T11:00:02.000Z", end: "2024-12-06T11:00:45.000Z",
                steps: [step(4, "STEP-CUSTOMERS", pair: 7, status: .failed, exit: "FAILED",
                             start: "2024-12-06T11:00:02.000Z", end: "2024-12-06T11:00:44.000Z",
                             read: 40, write: 40, commit: 1, source: 100, retries: 5,
                             exitMessage: "Database connection pool exhausted")],
                exitMessage: "Database connection pool exhausted",
                exception: "PostgreSQL connection timeout after 5 retry attempts", retry: 5, total: 100),
            job(runningId, status: .started, exit: "EXECUTING", created: ago(125_000), start: ago(120_000), end: nil,
                steps: [step(5, "STEP-CUSTOMERS", pair: 7, status: .started, exit: "EXECUTING",
                             start: ago(119_000), end: nil, read: 45, write: 45, commit: 3, source: 100)],
                total: 100),
            job(enqueuedId, status: .starting, exit: "UNKNOWN", created: ago(5_000), start: nil, end: nil,
                steps: [step(6, "STEP-CUSTOMERS", pair: 7, status: .starting, exit: "UNKNOWN", start: nil, end: nil,
                             read: 0, write: 0, commit: 0)],
                total: 100),
            job(stoppedId, status: .stopped, exit: "STOPPED", created: "2024-12-07T09:00:00.000Z",
                start: "2024-12-07T09:00:01.000Z", end: "2024-12-07T09:01:01.000Z",
                steps: [step(7, "STEP-CUSTOMERS", pair: 7, status: .stopped, exit: "STOPPED",
                             start: "2024-12-07T09:00:01.000Z", end: "2024-12-07T09:01:00.000Z",
                             read: 10, write: 10, commit: 1, source: 50)],
                total: 50),
            job(startingWithStepId, status: .starting, exit: "UNKNOWN", created: ago(3_000), start: nil, end: nil,
                steps: [step(8, "STEP-CUSTOMERS", pair: 7, status: .started, exit: "EXECUTING", start: ago(1_000), end: nil,
                             read: 0, write: 0, commit: 0)]),
        ]
    }

    static let skipped = [
        SkippedRow(stepName: "STEP-CUSTOMERS", key: ["1042"], row: ["ID": "1042", "EMAIL": nil], sqlState: "23502",
                   reason: "null value in column \"email\" violates not-null constraint", createdAt: "2024-12-06T10:41:07.118Z"),
        SkippedRow(stepName: "STEP-CUSTOMERS", key: ["1043"], row: ["ID": "1043", "EMAIL": "x"], sqlState: "23505",
                   reason: "duplicate key value violates unique constraint", createdAt: "2024-12-06T10:41:07.200Z"),
        SkippedRow(stepName: "STEP-ORDERS", key: ["77"], row: ["ID": "77"], sqlState: "22003",
                   reason: "numeric field overflow", createdAt: "2024-12-06T10:42:00.000Z"),
    ]
}

/// A stand-in for the orchestrator's internal read routes and the catalog's bundle route, serving fixed records —
/// a test double of our own services (the end-to-end harness runs the real ones).
enum StandIn {
    static func start(records: [JobExecutionRecord]) async throws -> RunningApp {
        let config = try TestConfig.make(dataDir: TestConfig.temporaryDirectory("reporting-standin"))
        return try await RunningApp.start(config: config) { onRunning in
            FerryService.makeApplication(name: "standin", port: 0, config: config, onServerRunning: onRunning) { router in
                router.get("internal/executions/{id}") { _, context -> JSONResponse<JobExecutionRecord> in
                    let id = try context.requireInt64("id")
                    guard let r = records.first(where: { $0.jobExecutionId == id }) else {
                        throw FerryError.notFound("Job execution \(id)")
                    }
                    return JSONResponse(r)
                }
                router.get("internal/executions") { request, _ -> JSONResponse<JobExecutionPage> in
                    var items = records.sorted { $0.jobExecutionId > $1.jobExecutionId }
                    if let b = try request.queryInt64("bundleId") { items = items.filter { $0.bundleId == b } }
                    if let s = request.queryString("status") {
                        guard let status = BatchStatus(rawValue: s) else { throw FerryError.invalidField("status", "bad") }
                        items = items.filter { $0.status == status }
                    }
                    // The real orchestrator compares stored ISO strings; so does this.
                    if let f = request.queryString("from") { items = items.filter { $0.createTime >= f } }
                    if let t = request.queryString("to") { items = items.filter { $0.createTime <= t } }
                    let page = try request.queryInt("page") ?? 0, size = try request.queryInt("size") ?? 20
                    let slice = Array(items.dropFirst(page * size).prefix(size))
                    return JSONResponse(JobExecutionPage(items: slice, page: page, size: size, total: items.count))
                }
                router.get("internal/executions/{id}/skips") { request, context -> JSONResponse<SkippedRowPage> in
                    let id = try context.requireInt64("id")
                    guard records.contains(where: { $0.jobExecutionId == id }) else { throw FerryError.notFound("Job execution \(id)") }
                    let rows = id == Fixtures.skippedId ? Fixtures.skipped : []
                    let page = try request.queryInt("page") ?? 0, size = try request.queryInt("size") ?? 20
                    return JSONResponse(SkippedRowPage(items: Array(rows.dropFirst(page * size).prefix(size)), page: page,
                                                       size: size, total: rows.count))
                }
                router.get("internal/bundles/{bundleId}/latest") { _, context -> JSONResponse<LatestIntegration> in
                    let bundleId = try context.requireInt64("bundleId")
                    var best: [Int64: LatestPairIntegration] = [:]
                    for r in records where r.bundleId == bundleId {
                        for s in r.steps where s.status == .completed {
                            guard let end = s.endTime else { continue }
                            if let known = best[s.pairId], known.endTime >= end { continue }
                            best[s.pairId] = LatestPairIntegration(pairId: s.pairId, stepName: s.stepName,
                                                                   jobExecutionId: r.jobExecutionId, endTime: end,
                                                                   readCount: s.counts.readCount, writeCount: s.counts.writeCount,
                                                                   watermark: s.pairId == 7 ? Fixtures.watermark : nil)
                        }
                    }
                    return JSONResponse(LatestIntegration(bundleId: bundleId, pairs: best.values.sorted { $0.pairId < $1.pairId }))
                }
                router.get("v1/data/bundles/{uid}") { _, context -> Response in
                    let uid = try context.requireInt64("uid")
                    let pairs: [Int64]
                    switch uid {
                    case Fixtures.bundleId: pairs = [7, 8, 9]
                    case 42: pairs = []
                    default: throw FerryError.notFound("bundle \(uid)")
                    }
                    let tables = pairs.map {
                        #"{"uid": \#($0), "sourceTableId": 45, "targetTableId": 45, "relationalOrdering": 1, "loadMode": "upsert"}"#
                    }.joined(separator: ", ")
                    let name = uid == Fixtures.bundleId ? Fixtures.bundleName : "EMPTY"
                    return Response.json(Array(#"""
                        {"uid": \#(uid), "bundleName": "\#(name)", "sourceDatasourceId": 21, "targetDatasourceId": 22, "bundledTables": [\#(tables)], "chunkSize": 10000}
                        """#.utf8))
                }
            }
        }
    }
}

/// The reporting service running for real on an ephemeral port, pointed at a stand-in.
struct ReportingHarness {
    let app: RunningApp
    let standIn: RunningApp?

    static func start(records: [JobExecutionRecord] = Fixtures.records(), timezone: String? = "UTC",
                      orchestratorURL: String? = nil) async throws -> ReportingHarness {
        let standIn = try await StandIn.start(records: records)
        var extra = ["FERRY_ORCHESTRATOR_URL": orchestratorURL ?? standIn.baseURL, "FERRY_CATALOG_URL": standIn.baseURL]
        if let timezone { extra["FERRY_TIMEZONE"] = timezone }
        let config = try TestConfig.make(dataDir: TestConfig.temporaryDirectory("reporting"), extra: extra)
        let app = try await RunningApp.start(config: config) { onRunning in
            try await ReportingApp.make(config: config, port: 0, onServerRunning: onRunning)
        }
        return ReportingHarness(app: app, standIn: standIn)
    }

    func stop() async {
        await app.stop()
        await standIn?.stop()
    }

    /// GET with the API key, one attempt (the client would retry a 502 otherwise); status and body text.
    func get(_ path: String) async throws -> (status: Int, text: String) {
        let client = HTTPClient(baseURL: app.baseURL, headers: ["X-API-Key": app.config.apiKey], maxAttempts: 1)
        let r = try await client.send("GET", path)
        return (r.status, r.text)
    }

    func json(_ path: String, expect status: Int = 200, file: StaticString = #filePath, line: UInt = #line) async throws -> [String: Any] {
        let (code, text) = try await get(path)
        XCTAssertEqual(code, status, "GET \(path): \(text)", file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text, file: file, line: line)
    }
}

/// The keys of a JSON object in the order they appear in the raw text (a dictionary would lose it).
enum JSONKeyOrder {
    /// Keys of the object starting at the first `{` of `text` (top level of that object only).
    static func keys(_ text: String) -> [String] {
        keys(Array(text.utf8), from: Array(text.utf8).firstIndex(of: UInt8(ascii: "{")) ?? 0).keys
    }

    /// Keys of every object in the array value of `field` of the top-level object, in order.
    static func keysOfArrayItems(_ text: String, field: String) -> [[String]] {
        let bytes = Array(text.utf8)
        guard let range = text.range(of: "\"\(field)\":") else { return [] }
        var i = text.utf8.distance(from: text.utf8.startIndex, to: range.upperBound)
        while i < bytes.count, bytes[i] != UInt8(ascii: "[") { i += 1 }
        i += 1
        var result: [[String]] = []
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "{") {
                let parsed = keys(bytes, from: i)
                result.append(parsed.keys)
                i = parsed.end
            } else if c == UInt8(ascii: "]") {
                break
            } else {
                i += 1
            }
        }
        return result
    }

    /// Scans one object: its top-level keys and the index after its closing brace.
    private static func keys(_ b: [UInt8], from start: Int) -> (keys: [String], end: Int) {
        var keys: [String] = []
        var depth = 0
        var i = start
        var expectKey = false
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                var j = i + 1
                var s: [UInt8] = []
                while j < b.count, b[j] != UInt8(ascii: "\"") {
                    if b[j] == UInt8(ascii: "\\") { s.append(b[j]); j += 1 }
                    s.append(b[j]); j += 1
                }
                if depth == 1 && expectKey { keys.append(String(decoding: s, as: UTF8.self)); expectKey = false }
                i = j + 1
                continue
            }
            switch c {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth == 1 { expectKey = true }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return (keys, i + 1) }
            case UInt8(ascii: ","):
                if depth == 1 { expectKey = true }
            default: break
            }
            i += 1
        }
        return (keys, i)
    }
}
