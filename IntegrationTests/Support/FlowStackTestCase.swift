import FerryModels
import FerryTestKit
import Foundation
import XCTest

/// The incremental flow tests' base: catalog, orchestrator and executor as real processes (with `environment`),
/// PostgreSQL databases of their own dropped afterwards, and flow runs driven over the public routes.
class FlowStackTestCase: XCTestCase {
    var stack: Stack!
    var api: FerryAPI!
    var runs: FlowRuns!
    var databases: [String] = []

    /// Extra environment of the stack's processes (fault tests shorten leases and slow chunks down).
    var environment: [String: String] { [:] }

    override func setUp() async throws {
        _ = try TestPostgres.requireURL()
        stack = try Stack(extraEnvironment: environment)
        try await stack.start(["catalog", "orchestrator", "executor"])
        api = FerryAPI(stack: stack)
        runs = FlowRuns(api: api)
    }

    override func tearDown() async throws {
        stack?.stopAll()
        for d in databases { await TestPostgres.dropDatabase(d) }
    }

    func database(_ prefix: String) async throws -> (name: String, url: String, jdbc: String) {
        let db = try await TestPostgres.createDatabase(prefix)
        databases.append(db.name)
        return (db.name, db.url, TestPostgres.jdbcURL(db.url))
    }

    func run(_ flow: Int64, expect status: BatchStatus = .completed, file: StaticString = #filePath,
             line: UInt = #line) async throws -> (FlowRunView, JobExecutionRecord) {
        try await runs.run(flow, expect: status, file: file, line: line)
    }
}

/// XCTAssertEqual for values read with `await`.
func assertEqual<T: Equatable>(_ a: @autoclosure () async throws -> T, _ b: @autoclosure () async throws -> T,
                               _ message: String = "", file: StaticString = #filePath, line: UInt = #line) async throws {
    let x = try await a(), y = try await b()
    XCTAssertEqual(x, y, message, file: file, line: line)
}
