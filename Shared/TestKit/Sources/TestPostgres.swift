import FerrySQL
import Foundation
import XCTest

/// The throwaway PostgreSQL server `make test` starts (FERRY_TEST_PG_URL). Tests that need it skip
/// when it is absent, unless FERRY_REQUIRE_ALL=1 (make test, CI) where its absence is a failure.
public enum TestPostgres {
    public static var url: String? {
        guard let u = ProcessInfo.processInfo.environment["FERRY_TEST_PG_URL"], !u.isEmpty else { return nil }
        return u
    }

    /// The server's URL, or skip/fail (`TestRequirement`).
    public static func requireURL() throws -> String {
        if let u = url { return u }
        throw TestRequirement.unmet("FERRY_TEST_PG_URL is not set")
    }

    /// `postgresql://…/postgres` with the database name replaced.
    public static func url(database: String) throws -> String {
        let base = try requireURL()
        guard let slash = base.range(of: "/", options: .backwards) else { return base }
        return String(base[..<slash.upperBound]) + database
    }

    /// `postgresql://user@host:port/db` as the catalog's JDBC form `jdbc:postgresql://host:port/db`.
    public static func jdbcURL(_ url: String) -> String {
        guard let u = URL(string: url), let host = u.host else { return url }
        return "jdbc:postgresql://\(host):\(u.port ?? 5432)\(u.path)"
    }

    /// Creates a fresh database and answers its URL.
    public static func createDatabase(_ prefix: String) async throws -> (name: String, url: String) {
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await admin { c in try c.execute("CREATE DATABASE \(name)") }
        return (name, try url(database: name))
    }

    public static func dropDatabase(_ name: String) async {
        _ = try? await admin { c in try c.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }

    /// Runs `body` on a connection to the maintenance database.
    public static func admin<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await run(url: try requireURL(), body)
    }

    /// Runs `body` on a fresh connection to `url`.
    public static func run<T: Sendable>(url: String, _ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let session = try await DatabaseSession.open(try ConnectionURL.resolve(provider: "PostgreSQL", url: url, user: nil, password: nil))
        do {
            let r = try await session.run(body)
            await session.close()
            return r
        } catch {
            await session.close()
            throw error
        }
    }
}
