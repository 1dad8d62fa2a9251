import FerryTestKit
import Foundation
import XCTest
@testable import FerrySQL

/// The metadata store's connection pool on the real test PostgreSQL: bodies run side by side on distinct
/// connections, callers beyond the pool's size wait their turn, and SQLite keeps its one connection.
final class DatabaseSessionPoolTests: XCTestCase {
    /// A pool of `connections` on the test PostgreSQL, closed however `body` ends.
    private func withPostgresPool<T>(connections: Int, _ body: (DatabaseSessionPool) async throws -> T) async throws -> T {
        let spec = try ConnectionURL.resolve(provider: "PostgreSQL", url: try TestPostgres.requireURL(), user: nil, password: nil)
        let pool = try await DatabaseSessionPool.open(spec, connections: connections)
        do {
            let result = try await body(pool)
            await pool.close()
            return result
        } catch {
            await pool.close()
            throw error
        }
    }

    /// `count` callers at once, each given its number; what they answered, in the order they finished.
    private func concurrently<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
        try await withThrowingTaskGroup(of: T.self) { group in
            for n in 0..<count { group.addTask { try await body(n) } }
            var all: [T] = []
            for try await r in group { all.append(r) }
            return all
        }
    }

    /// Four bodies that each wait (bounded) until all four are inside: only four connections at once let them meet.
    func testFourBodiesRunAtOnceOnFourConnections() async throws {
        let meeting = Meeting(expected: 4)
        let pids = try await withPostgresPool(connections: 4) { pool in
            try await concurrently(4) { _ in
                try await pool.run { c in
                    let pid = try c.query("SELECT pg_backend_pid()").single(Int64.self)
                    return (pid, meeting.arriveAndWait(seconds: 10))
                }
            }
        }
        XCTAssertEqual(pids.filter(\.1).count, 4, "every body met the others inside the pool")
        XCTAssertEqual(Set(pids.map(\.0)).count, 4, "four distinct server connections")
    }

    /// More callers than connections: each runs, one after another on the one connection, none lost.
    func testCallersBeyondThePoolWaitTheirTurn() async throws {
        let inside = Meeting(expected: 2)
        let results = try await withPostgresPool(connections: 1) { pool in
            try await concurrently(6) { n in
                try await pool.run { c in
                    // Two bodies are never inside at once: the meeting of two times out every time.
                    let met = inside.arriveAndWait(seconds: 0.05)
                    inside.leave()
                    return (try c.query("SELECT $1::bigint", [.int(Int64(n))]).single(Int64.self), met)
                }
            }
        }
        XCTAssertEqual(results.map(\.0).sorted(), [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(results.filter(\.1).count, 0, "two bodies ran at once on a one-connection pool")
    }

    /// The server ends a session (as a restart or failover does): ended while idle, the next call runs on a new
    /// connection; ended during a call, that call fails and the next one runs on a new connection.
    func testAConnectionTheServerEndedIsOpenedAnew() async throws {
        try await withPostgresPool(connections: 1) { pool in
            let admin = try await DatabaseSession.open(pool.spec)
            let first = try await pool.run { c in try c.query("SELECT pg_backend_pid()").single(Int64.self) }
            _ = try await admin.run { c in try c.query("SELECT pg_terminate_backend($1::int)", [.int(first)]).rows.count }
            try await Task.sleep(for: .milliseconds(200))   // the FATAL message and the EOF reach the socket
            let second = try await pool.run { c in try c.query("SELECT pg_backend_pid()").single(Int64.self) }
            await admin.close()
            XCTAssertNotEqual(second, first, "an idle connection the server ended is replaced before the call")

            do {
                _ = try await pool.run { c in try c.query("SELECT pg_terminate_backend(pg_backend_pid())").rows.count }
                XCTFail("a statement on a connection the server ended succeeded")
            } catch let e as DriverError {
                XCTAssertTrue(e.isConnectionLost, "\(e)")
            }
            let third = try await pool.run { c in try c.query("SELECT pg_backend_pid()").single(Int64.self) }
            XCTAssertFalse([first, second].contains(third))
        }
    }

    /// A transaction left idle (its process paused) is ended by the server after the store's timeout, so its row locks
    /// go with it; the set-up runs again on the connection that replaces it.
    func testATransactionLeftIdleIsEndedAndTheNextConnectionIsSetUpAgain() async throws {
        let spec = try ConnectionURL.resolve(provider: "PostgreSQL", url: try TestPostgres.requireURL(), user: nil, password: nil)
        let pool = try await DatabaseSessionPool.open(spec, connections: 1, setUp: ["SET idle_in_transaction_session_timeout = '300ms'"])
        do {
            _ = try await pool.run { c in
                try c.transaction {
                    _ = try c.query("SELECT 1")
                    Thread.sleep(forTimeInterval: 1)   // a paused process: no statement, the transaction open
                    return try c.query("SELECT 2").rows.count
                }
            }
            XCTFail("the idle transaction was not ended")
        } catch let e as DriverError {
            XCTAssertTrue(e.isConnectionLost, "\(e)")
        }
        let setting = try await pool.run { c in try c.query("SHOW idle_in_transaction_session_timeout").rows[0][0].textValue }
        await pool.close()
        XCTAssertEqual(setting, "300ms")
        let store = try await MetadataStore.open(service: "pooltest", databaseURL: try TestPostgres.requireURL(),
                                                 sqlitePath: "/nonexistent/unused.db", migrations: [], connections: 1)
        let storeSetting = try await store.run { c in try c.query("SHOW idle_in_transaction_session_timeout").rows[0][0].textValue }
        XCTAssertEqual(storeSetting, "10s")
        await store.close()
    }

    func testSQLiteStoreKeepsOneConnection() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-pool-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sqlite = try await MetadataStore.open(service: "pooltest", databaseURL: nil, sqlitePath: dir + "/s.db",
                                                  migrations: [], connections: 4)
        XCTAssertEqual(sqlite.sessions.size, 1)
        await sqlite.close()
        let pg = try await MetadataStore.open(service: "pooltest", databaseURL: try TestPostgres.requireURL(),
                                              sqlitePath: dir + "/unused.db", migrations: [], connections: 3)
        XCTAssertEqual(pg.sessions.size, 3)
        let pids = try await concurrently(3) { _ in
            try await pg.transaction { c in try c.query("SELECT pg_backend_pid()").single(Int64.self) }
        }
        XCTAssertEqual(pids.count, 3)
        _ = try await pg.run { c in try c.execute("DROP TABLE IF EXISTS pooltest_schema_migrations") }
        await pg.close()
    }
}

/// A rendezvous of `expected` callers on their connection threads, each waiting a bounded time for the rest.
private final class Meeting: @unchecked Sendable {
    private let condition = NSCondition()
    private var present = 0
    private let expected: Int
    init(expected: Int) { self.expected = expected }

    /// True when `expected` callers were inside at once before `seconds` ran out.
    func arriveAndWait(seconds: Double) -> Bool {
        condition.lock(); defer { condition.unlock() }
        present += 1
        condition.broadcast()
        let deadline = Date().addingTimeInterval(seconds)
        while present < expected {
            if !condition.wait(until: deadline) { return present >= expected }
        }
        return true
    }

    func leave() {
        condition.lock(); present -= 1; condition.unlock()
    }
}
