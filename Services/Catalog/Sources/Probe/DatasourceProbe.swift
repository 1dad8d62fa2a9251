import Foundation
import FerryExport
import FerryModels
import FerrySQL
import FerryServiceKit

/// Talks to a registered datasource for the `test`, `tables` and `plan` routes: resolves its
/// connection (missing driver → 422), connects on a session thread, runs, and always closes.
struct DatasourceProbe: Sendable {
    let secrets: SecretBox

    func spec(_ d: DatasourceRecord) throws -> ConnectionSpec {
        let password = try d.passwordEnc.map { enc -> String in
            do { return try secrets.open(enc) } catch {
                throw FerryError.unprocessable("the stored password of datasource \(d.id) cannot be decrypted with the configured FERRY_SECRET_KEY")
            }
        }
        do {
            return try ConnectionURL.resolve(provider: d.provider, url: d.jdbcURL, user: d.userName, password: password)
        } catch let p as ConnectionURL.Problem {
            throw FerryError.unprocessable(p.description, field: "databaseProvider")
        }
    }

    /// Connects and runs `body`; driver errors become 422 envelopes with the driver's message.
    func with<T: Sendable>(_ d: DatasourceRecord, _ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        let spec = try spec(d)
        if case .files(let dir) = spec {
            throw FerryError.unprocessable("datasource \(d.id) is a Files export directory (\(dir)), not a database")
        }
        let session: DatabaseSession
        do { session = try await DatabaseSession.open(spec) } catch {
            throw FerryError.unprocessable("cannot connect to '\(d.databaseName)': \(Self.message(error))")
        }
        do {
            let r = try await session.run(body)
            await session.close()
            return r
        } catch {
            await session.close()
            if let f = error as? FerryError { throw f }
            throw FerryError.unprocessable("'\(d.databaseName)': \(Self.message(error))")
        }
    }

    static func message(_ error: any Error) -> String {
        if let d = error as? DriverError { return d.description }
        return "\(error)"
    }

    /// `POST /v1/datasource/{uid}/test`.
    func test(_ d: DatasourceRecord) async throws -> ConnectionTestResult {
        let spec = try spec(d)
        switch spec {
        case .files(let dir):
            if let problem = ExportDirectory.problem(dir) {
                throw FerryError.unprocessable("export directory: \(problem)", field: "jdbcConnectionUrl")
            }
            var r = ConnectionTestResult(serverVersion: "Files (\(dir))", latencyMs: 0)
            if !FileManager.default.fileExists(atPath: dir) { r.message = "\(dir) does not exist yet; the first export creates it" }
            return r
        case .sqlite(let path) where path != ":memory:" && !FileManager.default.fileExists(atPath: path):
            var r = ConnectionTestResult(serverVersion: "SQLite", latencyMs: 0)
            r.message = "SQLite file \(path) does not exist yet; it is created when a job first writes to it"
            return r
        default:
            let start = ContinuousClock.now
            let version = try await with(d) { try $0.serverVersion() }
            let elapsed = ContinuousClock.now - start
            let ms = elapsed.inSeconds * 1000
            return ConnectionTestResult(serverVersion: version, latencyMs: (ms * 10).rounded() / 10)
        }
    }

    /// `GET /v1/datasource/{uid}/tables` — at most `limit` tables.
    func tables(_ d: DatasourceRecord, limit: Int = 1000) async throws -> [DiscoveredTable] {
        let schema = d.schema
        return try await with(d) { c in
            try c.listTables(schema: schema).prefix(limit).compactMap { ref in
                guard let t = try c.describeTable(ref) else { return nil }
                return DiscoveredTable(schema: t.ref.schema, name: t.ref.name,
                                       columns: t.columns.map {
                                           DiscoveredColumn(name: $0.name, type: $0.type.name, nativeType: $0.nativeType,
                                                            nullable: $0.nullable, generated: $0.generated ? true : nil)
                                       },
                                       primaryKey: t.primaryKey)
            }
        }
    }
}
