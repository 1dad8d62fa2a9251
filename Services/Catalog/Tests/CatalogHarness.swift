import CatalogService
import FerryHTTPClient
import FerryModels
import FerryServiceKit
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// A catalog running for real on an ephemeral port, over an SQLite or a PostgreSQL store.
struct CatalogHarness {
    var app: RunningApp
    var client: HTTPClient { app.client() }
    let dataDir: String
    let databaseURL: String?

    static func start(dataDir: String? = nil, databaseURL: String? = nil) async throws -> CatalogHarness {
        let dir = dataDir ?? TestConfig.temporaryDirectory("catalog")
        var extra: [String: String] = [:]
        if let databaseURL { extra["FERRY_DATABASE_URL"] = databaseURL }
        let config = try TestConfig.make(dataDir: dir, extra: extra)
        let app = try await RunningApp.start(config: config) { onRunning in
            try await CatalogApp.make(config: config, port: 0, onServerRunning: onRunning)
        }
        return CatalogHarness(app: app, dataDir: dir, databaseURL: databaseURL)
    }

    func restart() async throws -> CatalogHarness {
        await app.stop()
        return try await CatalogHarness.start(dataDir: dataDir, databaseURL: databaseURL)
    }

    /// Sends raw JSON; answers status and body text.
    func send(_ method: String, _ path: String, _ json: String? = nil, headers: [String: String] = [:]) async throws -> (Int, String) {
        let r = try await client.send(method, path, body: json.map { Array($0.utf8) }, headers: headers)
        return (r.status, String(decoding: r.body, as: UTF8.self))
    }

    func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }
}

/// Seed 000's bodies (steps 6, 14, 20) with URLs of this machine's fixtures.
enum SeedBodies {
    static func datasource(name: String, provider: String, url: String, user: String, password: String, schema: String) -> String {
        """
        {
          "databaseName": "\(name)",
          "databaseProvider": "\(provider)",
          "databasePlatform": "org.hibernate.dialect.Oracle10gDialect",
          "userName": "\(user)",
          "password": "\(password)",
          "jdbcConnectionUrl": "\(url)",
          "driverClassName": "oracle.jdbc.driver.OracleDriver",
          "databaseDialect": "org.hibernate.dialect.Oracle10gDialect",
          "databaseSchema": "\(schema)"
        }
        """
    }

    static let oracleSource = datasource(name: "CO_APP", provider: "Oracle", url: "jdbc:oracle:thin:@//localhost:49161/xe",
                                         user: "CO_APP", password: "CO_APP", schema: "CO_APP")
    static let table = #"{ "tablePhysicalName": "CUSTOMERS" }"#

    static func bundle(source: Int64, target: Int64, table: Int64, name: String = "CO_APP_DB_MIGRATION") -> String {
        """
        {
          "bundleName": "\(name)",
          "sourceDatasourceId": \(source),
          "targetDatasourceId": \(target),
          "bundledTables": [
            {
              "sourceTableId": \(table),
              "targetTableId": \(table),
              "relationalOrdering": 1
            }
          ]
        }
        """
    }
}
