import FerryHTTPClient
import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// The seed workflows replayed through the gateway with every service a real process:
/// seed 000 step by step (RF01 → RF06, exact answer shape), and seed 002's report states.
final class SeedWorkflowTests: StackTestCase {
    var gateway: HTTPClient!
    var bodies: [String] = []

    override class var services: [String] { Stack.services }
    override class var environment: [String: String] { ["FERRY_EXECUTOR_MAX_RETRIES": "1"] }

    override func setUp() async throws {
        try await super.setUp()
        gateway = stack.client("gateway")
    }

    /// Sends through the gateway and remembers every answer (to check no password ever leaks).
    private func call(_ method: String, _ path: String, _ json: String? = nil) async throws -> (Int, String) {
        let r = try await gateway.send(method, path, body: json.map { Array($0.utf8) }, headers: ["Content-Type": "application/json"])
        bodies.append(r.text)
        return (r.status, r.text)
    }

    private func uid(_ text: String) throws -> Int {
        try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["uid"] as? Int, text)
    }

    private func object(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    /// The order of the top-level keys of a JSON object as written (not as a dictionary sees it).
    private func keyOrder(_ text: String, of object: String? = nil) -> [String] {
        var s = Substring(text)
        if let object, let r = s.range(of: "\"\(object)\":[{") { s = s[r.upperBound...] } else { s = s.dropFirst() }
        var keys: [String] = [], depth = 0, inString = false, escaped = false, current = "", expectKey = true
        for ch in s {
            if inString {
                if escaped { escaped = false; current.append(ch); continue }
                if ch == "\\" { escaped = true; continue }
                if ch == "\"" { inString = false; if depth == 0 && expectKey { keys.append(current) }; continue }
                current.append(ch); continue
            }
            switch ch {
            case "\"": inString = true; current = ""
            case "{", "[": depth += 1
            case "}", "]": if depth == 0 { return keys }; depth -= 1
            case ":": if depth == 0 { expectKey = false }
            case ",": if depth == 0 { expectKey = true }
            default: break
            }
        }
        return keys
    }

    /// The value of one unlabelled Prometheus series on a service's /metrics (0 when absent).
    private func metric(_ service: String, _ name: String) async throws -> Double {
        let text = try await stack.client(service).send("GET", "/metrics").text
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.split(separator: " ")[1]) ?? 0
        }
        return 0
    }

    private func seedDatasource(_ name: String, url: String, schema: String) -> String {
        """
        {"databaseName": "\(name)", "databaseProvider": "PostgreSQL", "databasePlatform": "org.hibernate.dialect.PostgreSQLDialect",
         "userName": "postgres", "password": "\(name)", "jdbcConnectionUrl": "\(url)", "driverClassName": "org.postgresql.Driver",
         "databaseDialect": "org.hibernate.dialect.PostgreSQLDialect", "databaseSchema": "\(schema)"}
        """
    }

    private func pollRF06(_ job: Int, until done: Set<String> = ["COMPLETED", "FAILED", "STOPPED"]) async throws -> String {
        var last = ""
        for _ in 0..<600 {
            let (status, text) = try await call("GET", "/v1/batch/job/\(job)")
            XCTAssertEqual(status, 200, text)
            last = text
            if let s = object(text)["batchStatus"] as? String, done.contains(s) { return text }
            try await Task.sleep(for: .milliseconds(200))
        }
        XCTFail("job \(job) did not finish: \(last)\n\(stack.tail("executor"))")
        return last
    }

    func testSeed000ThroughTheGateway() async throws {
        let db = try await TestPostgres.createDatabase("ferry_seed")
        databases.append(db.name)
        try await TestPostgres.run(url: db.url) { c in
            try c.execute("CREATE SCHEMA \"CO_APP\"")
            try c.execute("CREATE SCHEMA \"CO_APP_TARGET\"")
            try c.execute(#"CREATE TABLE "CO_APP"."CUSTOMERS" (id int PRIMARY KEY, name varchar(100) NOT NULL, email text, credit_limit numeric(12,2), created_at timestamp)"#)
            try c.execute(#"INSERT INTO "CO_APP"."CUSTOMERS" SELECT g, 'Customer ' || g, 'c' || g || '@example.com', g * 10.5, timestamp '2023-10-22 16:49:00' + g * interval '1 minute' FROM generate_series(1, 392) g"#)
        }
        let jdbc = TestPostgres.jdbcURL(db.url)

        // Steps 6-8 and the ℹ️ after step 10: two datasources → 201 {"uid": …}
        var (status, text) = try await call("POST", "/v1/datasource", seedDatasource("CO_APP", url: jdbc, schema: "CO_APP"))
        XCTAssertEqual(status, 201, text)
        let source = try uid(text)
        (status, text) = try await call("POST", "/v1/datasource", seedDatasource("CO_APP_TARGET", url: jdbc, schema: "CO_APP_TARGET"))
        XCTAssertEqual(status, 201, text)
        let target = try uid(text)
        // Steps 14-16
        (status, text) = try await call("POST", "/v1/data/tables", #"{"tablePhysicalName": "CUSTOMERS"}"#)
        XCTAssertEqual(status, 201, text)
        let table = try uid(text)
        // Steps 20-22 (chunkSize 100: the seed's answer shows commitCount 5 for 392 rows)
        (status, text) = try await call("POST", "/v1/data/bundles", """
            {"bundleName": "CO_APP_DB_MIGRATION", "sourceDatasourceId": \(source), "targetDatasourceId": \(target),
             "bundledTables": [{"sourceTableId": \(table), "targetTableId": \(table), "relationalOrdering": 1}], "chunkSize": 100}
            """)
        XCTAssertEqual(status, 201, text)
        let bundle = try uid(text)
        let writtenBefore = try await metric("orchestrator", "ferry_orchestrator_rows_written_total")
        let executorBefore = try await metric("executor", "ferry_executor_rows_written_total")
        // Steps 26-28
        (status, text) = try await call("POST", "/v1/batch/job", #"{"dataBundleId": \#(bundle)}"#)
        XCTAssertEqual(status, 201, text)
        let job = try uid(text)
        XCTAssertEqual(object(text)["jobId"] as? String, String(job))
        // Steps 31-33: RF06, field for field and in the seed's order
        text = try await pollRF06(job)
        XCTAssertEqual(keyOrder(text), ["batchStatus", "jobExecutionId", "jobName", "jobStartTime", "jobEndTime", "jobElapsedTime",
                                        "exitStatus", "exitMessage", "steps"])
        // Every seed field in the seed's order, then Ferry's one extra: the default check after the step.
        XCTAssertEqual(keyOrder(text, of: "steps"), ["batchStatus", "stepName", "stepStartTime", "stepEndTime", "stepElapsedTime",
                                                     "commitCount", "readCount", "writeCount", "writeSkipCount", "exitStatus", "exitMessage",
                                                     "reconciliation"])
        let rf06 = object(text)
        let check = ((rf06["steps"] as? [[String: Any]])?.first?["reconciliation"] as? [String: Any]) ?? [:]
        XCTAssertEqual(check["method"] as? String, "count")
        XCTAssertEqual(check["equal"] as? Bool, true)
        XCTAssertEqual(rf06["batchStatus"] as? String, "COMPLETED")
        XCTAssertEqual(rf06["jobExecutionId"] as? Int, job)
        XCTAssertEqual(rf06["jobName"] as? String, "JOB-CO_APP_DB_MIGRATION")
        XCTAssertEqual(rf06["exitStatus"] as? String, "COMPLETED")
        let minute = try NSRegularExpression(pattern: #"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$"#)
        let elapsed = try NSRegularExpression(pattern: #"^\d{2,}:\d{2}:\d{2}:\d{3}$"#)
        func matches(_ re: NSRegularExpression, _ v: Any?) -> Bool {
            guard let s = v as? String else { return false }
            return re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
        }
        XCTAssertTrue(matches(minute, rf06["jobStartTime"]), "\(rf06)")
        XCTAssertTrue(matches(minute, rf06["jobEndTime"]), "\(rf06)")
        XCTAssertTrue(matches(elapsed, rf06["jobElapsedTime"]), "\(rf06)")
        let step = try XCTUnwrap((rf06["steps"] as? [[String: Any]])?.first)
        XCTAssertEqual(step["stepName"] as? String, "STEP-CUSTOMERS")
        XCTAssertEqual(step["readCount"] as? Int, 392)
        XCTAssertEqual(step["writeCount"] as? Int, 392)
        XCTAssertEqual(step["writeSkipCount"] as? Int, 0)
        XCTAssertEqual(step["commitCount"] as? Int, 5, "4 chunks of ≤100 rows + the final empty chunk, as in the seed")
        XCTAssertTrue(matches(elapsed, step["stepElapsedTime"]), "\(step)")

        // The orchestrator's Prometheus counter moved by the rows of this run.
        let writtenAfter = try await metric("orchestrator", "ferry_orchestrator_rows_written_total")
        XCTAssertEqual(writtenAfter - writtenBefore, 392)
        let executorAfter = try await metric("executor", "ferry_executor_rows_written_total")
        XCTAssertEqual(executorAfter - executorBefore, 392)
        let chunks = try await metric("executor", "ferry_executor_chunks_committed_total")
        XCTAssertEqual(chunks, 4, "392 rows in chunks of 100")
        // Where the step's time went: every phase moved. The executor records them once the orchestrator has
        // answered its finish report, which RF06 may show as COMPLETED a moment earlier.
        for phase in ["credentials", "connect", "discover", "prepare_target", "rows", "final_commit", "reconcile", "finish_report"] {
            var seconds = 0.0
            for _ in 0..<50 where seconds == 0 {
                seconds = try await metric("executor", "ferry_executor_step_seconds_total{phase=\"\(phase)\"}")
                if seconds == 0 { try await Task.sleep(for: .milliseconds(100)) }
            }
            XCTAssertGreaterThan(seconds, 0, "ferry_executor_step_seconds_total{phase=\"\(phase)\"}")
        }
        // The default check after the step (count) compared equal.
        let checks = try await metric("executor", "ferry_executor_reconciliations_total{method=\"count\",result=\"equal\"}")
        XCTAssertEqual(checks, 1)

        // Target equals source.
        let same = try await TestPostgres.run(url: db.url) { c in
            try c.query(#"SELECT (SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM "CO_APP"."CUSTOMERS" t) = (SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM "CO_APP_TARGET"."CUSTOMERS" t)"#).rows[0].bool(0)
        }
        XCTAssertEqual(same, true)

        // Seed 002: the report of that job, and the latest integration of the bundle.
        (status, text) = try await call("GET", "/v1/batch-job-report/\(job)")
        XCTAssertEqual(status, 200, text)
        let report = object(text)
        XCTAssertEqual(report["state"] as? String, "Finished")
        XCTAssertEqual(report["isComplete"] as? Bool, true)
        XCTAssertEqual(report["totalItems"] as? Int, 392)
        XCTAssertEqual(report["successCount"] as? Int, 392)
        XCTAssertEqual(report["failureCount"] as? Int, 0)
        XCTAssertEqual(report["hasPartialData"] as? Bool, false)
        (status, text) = try await call("GET", "/v1/data/bundles/\(bundle)/get-latest-integration")
        XCTAssertEqual(status, 200, text)
        XCTAssertTrue(text.contains("\"rowCount\":392"), text)

        // Every /v1 route of the gateway refuses a request without the key.
        let anonymous = FerryHTTPClientFactory.plain("http://127.0.0.1:\(stack.ports["gateway"]!)")
        for (m, p) in [("GET", "/v1/datasource"), ("POST", "/v1/datasource"), ("GET", "/v1/datasource/\(source)"), ("GET", "/v1/data/tables"),
                       ("GET", "/v1/data/bundles"), ("POST", "/v1/batch/job"), ("GET", "/v1/batch/job/\(job)"), ("GET", "/v1/batch/jobs"),
                       ("GET", "/v1/batch-job-report/\(job)"), ("POST", "/v1/batch/job/\(job)/restart"), ("GET", "/v1/mappingSets/1")] {
            let r = try await anonymous.send(m, p, body: m == "POST" ? Array("{}".utf8) : nil)
            XCTAssertEqual(r.status, 401, "\(m) \(p)")
        }
        // The datasource passwords never appear in any answer.
        (_, text) = try await call("GET", "/v1/datasource")
        (_, text) = try await call("GET", "/v1/datasource/\(source)")
        for b in bodies {
            XCTAssertFalse(b.contains("\"password\""), b)
            XCTAssertFalse(b.contains("CO_APP_TARGET\",\"password"), b)
        }
    }

    /// Seed 000 with the SQLite fixture as source and as target (the seed's Oracle replaced by SQLite files).
    func testSeed000WithSQLiteSourceAndTarget() async throws {
        let dir = TestConfig.temporaryDirectory("seed-sqlite")
        let sourceFile = dir + "/co_app.db", targetFile = dir + "/co_app_target.db"
        let source = try SQLiteConnection(path: sourceFile)
        try source.execute("CREATE TABLE CUSTOMERS (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL, email TEXT, credit_limit DECIMAL(12,2), created_at TIMESTAMP)")
        try source.execute("""
            WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 392)
            INSERT INTO CUSTOMERS SELECT n, 'Customer ' || n, 'c' || n || '@example.com', printf('%.2f', n * 10.5),
                   datetime('2023-10-22 16:49:00', '+' || n || ' minutes') FROM g
            """)
        source.close()
        func sqlite(_ name: String, _ file: String) -> String {
            #"{"databaseName": "\#(name)", "databaseProvider": "SQLite", "jdbcConnectionUrl": "jdbc:sqlite:\#(file)", "driverClassName": "org.sqlite.JDBC"}"#
        }
        var (status, text) = try await call("POST", "/v1/datasource", sqlite("CO_APP", sourceFile))
        XCTAssertEqual(status, 201, text)
        let src = try uid(text)
        (status, text) = try await call("POST", "/v1/datasource", sqlite("CO_APP_TARGET", targetFile))
        XCTAssertEqual(status, 201, text)
        let dst = try uid(text)
        (status, text) = try await call("POST", "/v1/data/tables", #"{"tablePhysicalName": "CUSTOMERS"}"#)
        let table = try uid(text)
        (status, text) = try await call("POST", "/v1/data/bundles", """
            {"bundleName": "CO_APP_SQLITE", "sourceDatasourceId": \(src), "targetDatasourceId": \(dst),
             "bundledTables": [{"sourceTableId": \(table), "targetTableId": \(table), "relationalOrdering": 1}], "chunkSize": 100}
            """)
        XCTAssertEqual(status, 201, text)
        (status, text) = try await call("POST", "/v1/batch/job", #"{"dataBundleId": \#(try uid(text))}"#)
        XCTAssertEqual(status, 201, text)
        let rf06 = object(try await pollRF06(try uid(text)))
        XCTAssertEqual(rf06["batchStatus"] as? String, "COMPLETED", "\(rf06)")
        let step = try XCTUnwrap((rf06["steps"] as? [[String: Any]])?.first)
        XCTAssertEqual(step["readCount"] as? Int, 392)
        XCTAssertEqual(step["writeCount"] as? Int, 392)
        XCTAssertEqual(step["commitCount"] as? Int, 5)
        let expected = try await TableSnapshot.rows(.sqlite(path: sourceFile), "CUSTOMERS")
        let copied = try await TableSnapshot.rows(.sqlite(path: targetFile), "CUSTOMERS")
        XCTAssertEqual(copied.count, 392)
        XCTAssertEqual(copied, expected)
    }

    func testSeed002States() async throws {
        let db = try await TestPostgres.createDatabase("ferry_states")
        databases.append(db.name)
        try await TestPostgres.run(url: db.url) { c in
            try c.execute("CREATE TABLE items (id int PRIMARY KEY, qty int NOT NULL)")
            try c.execute("INSERT INTO items SELECT g, CASE WHEN g % 1000 = 7 THEN -1 ELSE g END FROM generate_series(1, 5000) g")
            try c.execute("CREATE SCHEMA dst")
            try c.execute("CREATE TABLE dst.items (id int PRIMARY KEY, qty int NOT NULL CHECK (qty >= 0))")
        }
        let jdbc = TestPostgres.jdbcURL(db.url)
        var (_, text) = try await call("POST", "/v1/datasource", seedDatasource("SRC", url: jdbc, schema: "public"))
        let src = try uid(text)
        (_, text) = try await call("POST", "/v1/datasource", seedDatasource("DST", url: jdbc, schema: "dst"))
        let dst = try uid(text)
        (_, text) = try await call("POST", "/v1/datasource", seedDatasource("DOWN", url: "jdbc:postgresql://127.0.0.1:1/nowhere", schema: "public"))
        let down = try uid(text)
        (_, text) = try await call("POST", "/v1/data/tables", #"{"tablePhysicalName": "items"}"#)
        let t = try uid(text)
        func bundle(_ name: String, _ s: Int, _ options: String) async throws -> Int {
            let (_, text) = try await call("POST", "/v1/data/bundles", """
                {"bundleName": "\(name)", "sourceDatasourceId": \(s), "targetDatasourceId": \(dst),
                 "bundledTables": [{"sourceTableId": \(t), "targetTableId": \(t)}]\(options)}
                """)
            return try uid(text)
        }
        func report(_ job: Int) async throws -> [String: Any] {
            let (status, text) = try await call("GET", "/v1/batch-job-report/\(job)")
            XCTAssertEqual(status, 200, text)
            return object(text)
        }

        // Enqueued: no executor running.
        stack.stop("executor")
        let partial = try await bundle("PARTIAL", src, #", "chunkSize": 500, "skipLimit": 10"#)
        (_, text) = try await call("POST", "/v1/batch/job", #"{"dataBundleId": \#(partial)}"#)
        let job = try uid(text)
        var r = try await report(job)
        XCTAssertEqual(r["state"] as? String, "Enqueued")
        XCTAssertEqual(r["isComplete"] as? Bool, false)
        XCTAssertTrue(r["startedAt"] is NSNull, "\(r)")

        // Processing, then Finished with partial data (5 rows rejected by the target's CHECK).
        try stack.launch("executor", extra: ["FERRY_EXECUTOR_CHUNK_PAUSE_MS": "300"])
        var sawProcessing = false
        for _ in 0..<300 {
            r = try await report(job)
            if r["state"] as? String == "Processing" { sawProcessing = true }
            if r["isComplete"] as? Bool == true { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTAssertTrue(sawProcessing)
        XCTAssertEqual(r["state"] as? String, "Finished", "\(r)")
        XCTAssertEqual(r["hasPartialData"] as? Bool, true)
        XCTAssertEqual(r["failureCount"] as? Int, 5)
        XCTAssertEqual(r["successCount"] as? Int, 4995)
        XCTAssertEqual((r["successCount"] as? Int ?? 0) + (r["failureCount"] as? Int ?? 0), r["totalItems"] as? Int)
        XCTAssertNotNil(r["errorMessage"] as? String)
        (_, text) = try await call("GET", "/v1/batch/job/\(job)/skips")
        XCTAssertTrue(text.contains("23514"), text)

        // Failed: the source is unreachable.
        let failing = try await bundle("UNREACHABLE", down, "")
        (_, text) = try await call("POST", "/v1/batch/job", #"{"dataBundleId": \#(failing)}"#)
        let failedJob = try uid(text)
        _ = try await pollRF06(failedJob)
        r = try await report(failedJob)
        XCTAssertEqual(r["state"] as? String, "Failed", "\(r)")
        XCTAssertEqual(r["isComplete"] as? Bool, true)
        XCTAssertFalse((r["errorMessage"] as? String ?? "").isEmpty, "\(r)")
        XCTAssertFalse(r["exceptionDetails"] is NSNull, "\(r)")
        XCTAssertEqual((r["successCount"] as? Int ?? -1) + (r["failureCount"] as? Int ?? -1), r["totalItems"] as? Int)
    }
}
