import FerryTestKit
import Foundation
import XCTest

/// The base of the end-to-end tests that run on one `Stack` per test: the services started before each test
/// (PostgreSQL required first, so a missing one fails under `make test` instead of skipping), then stopped, and the
/// databases and files the test made dropped and removed. A subclass names its services and settings.
class StackTestCase: XCTestCase {
    var stack: Stack!
    var api: FerryAPI!
    /// PostgreSQL databases to drop after the test (``database(_:)`` adds them).
    var databases: [String] = []
    /// Files and directories to remove after the test.
    var directories: [String] = []

    /// The services each test starts: by default those an engine run needs.
    class var services: [String] { ["catalog", "orchestrator", "executor"] }
    /// Settings beyond the Stack's defaults (shorter leases, slower chunks, fewer retries…).
    class var environment: [String: String] { [:] }

    override func setUp() async throws {
        _ = try TestPostgres.requireURL()
        stack = try Stack(extraEnvironment: Self.environment)
        try await stack.start(Self.services)
        api = FerryAPI(stack: stack)
    }

    override func tearDown() async throws {
        stack?.stopAll()
        for d in databases { await TestPostgres.dropDatabase(d) }
        for d in directories { try? FileManager.default.removeItem(atPath: d) }
    }

    /// A fresh PostgreSQL database, dropped after the test.
    func database(_ prefix: String) async throws -> (name: String, url: String, jdbc: String) {
        let db = try await TestPostgres.createDatabase(prefix)
        databases.append(db.name)
        return (db.name, db.url, TestPostgres.jdbcURL(db.url))
    }
}
