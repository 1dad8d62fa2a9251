import FerryServiceKit
import Foundation
import XCTest

final class ServiceConfigTests: XCTestCase {
    /// A path that does not exist yet: the configuration creates it (mode 0700).
    static func uncreatedDirectory() -> String { NSTemporaryDirectory() + "ferry-config-\(UUID().uuidString)" }

    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    func testDefaults() throws {
        let dir = Self.uncreatedDirectory()
        let config = try ServiceConfig.fromEnvironment(["FERRY_DATA_DIR": dir])
        XCTAssertEqual(config.bindHost, "127.0.0.1")
        XCTAssertEqual(config.gatewayPort, 8080)
        XCTAssertEqual(config.catalogPort, 8081)
        XCTAssertEqual(config.orchestratorPort, 8082)
        XCTAssertEqual(config.executorPort, 8083)
        XCTAssertEqual(config.reportingPort, 8084)
        XCTAssertEqual(config.catalogURL, "http://127.0.0.1:8081")
        XCTAssertEqual(config.reportingURL, "http://127.0.0.1:8084")
        XCTAssertNil(config.databaseURL)
        XCTAssertNil(config.timezone)
        XCTAssertEqual(config.logLevel, .info)
        XCTAssertEqual(try mode(dir), 0o700)
    }

    func testGeneratesSecretsOnceWithMode0600() throws {
        let dir = Self.uncreatedDirectory() + "/nested/data"
        let first = try ServiceConfig.fromEnvironment(["FERRY_DATA_DIR": dir])
        XCTAssertEqual(first.apiKey.count, 64)
        XCTAssertTrue(first.apiKey.allSatisfy { $0.isHexDigit })
        XCTAssertEqual(first.internalToken.count, 64)
        XCTAssertNotEqual(first.apiKey, first.internalToken)
        XCTAssertEqual(first.secretKey.count, 32)

        XCTAssertEqual(try mode(dir + "/api-key"), 0o600)
        XCTAssertEqual(try mode(dir + "/internal-token"), 0o600)
        XCTAssertEqual(try mode(dir + "/secret.key"), 0o600)
        XCTAssertEqual(try String(contentsOfFile: dir + "/api-key", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), first.apiKey)

        let second = try ServiceConfig.fromEnvironment(["FERRY_DATA_DIR": dir])
        XCTAssertEqual(second.apiKey, first.apiKey)
        XCTAssertEqual(second.internalToken, first.internalToken)
        XCTAssertEqual(second.secretKey, first.secretKey)

        // no temporary files left behind
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        XCTAssertEqual(files, ["api-key", "internal-token", "secret.key"])
    }

    func testConcurrentStartersAgreeOnGeneratedKey() throws {
        let dir = Self.uncreatedDirectory()
        let results = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 12) { _ in
            do {
                let config = try ServiceConfig.fromEnvironment(["FERRY_DATA_DIR": dir])
                results.add(config.apiKey + "/" + config.internalToken + "/" + Data(config.secretKey).base64EncodedString())
            } catch {
                results.add("error: \(error)")
            }
        }
        let all = results.values
        XCTAssertEqual(all.count, 12)
        XCTAssertEqual(Set(all).count, 1, "\(Set(all))")
        XCTAssertFalse(all[0].hasPrefix("error"))
    }

    func testEnvironmentOverridesAndNoFilesWritten() throws {
        let dir = Self.uncreatedDirectory()
        let key = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        let config = try ServiceConfig.fromEnvironment([
            "FERRY_DATA_DIR": dir, "FERRY_API_KEY": "k1", "FERRY_INTERNAL_TOKEN": "t1", "FERRY_SECRET_KEY": key,
            "FERRY_CATALOG_PORT": "9001", "FERRY_REPORTING_URL": "http://reporting:8084/", "FERRY_BIND_HOST": "0.0.0.0",
            "FERRY_DATABASE_URL": "postgres://x", "FERRY_TIMEZONE": "Europe/Lisbon", "FERRY_LOG_LEVEL": "DEBUG",
            "FERRY_EXECUTOR_THREADS": "6", "HOME": "/root",
        ])
        XCTAssertEqual(config.apiKey, "k1")
        XCTAssertEqual(config.internalToken, "t1")
        XCTAssertEqual(config.secretKey, (0..<32).map { UInt8($0) })
        XCTAssertEqual(config.catalogPort, 9001)
        XCTAssertEqual(config.catalogURL, "http://127.0.0.1:9001")
        XCTAssertEqual(config.reportingURL, "http://reporting:8084")
        XCTAssertEqual(config.bindHost, "0.0.0.0")
        XCTAssertEqual(config.databaseURL, "postgres://x")
        XCTAssertEqual(config.timezone, "Europe/Lisbon")
        XCTAssertEqual(config.logLevel, .debug)
        XCTAssertEqual(try config.int("FERRY_EXECUTOR_THREADS", default: 2), 6)
        XCTAssertEqual(try config.int("FERRY_MISSING", default: 2), 2)
        XCTAssertNil(config.environment["HOME"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [])
        XCTAssertFalse(config.description.contains("k1"))
        XCTAssertFalse(config.description.contains("t1"))
    }

    func testInvalidValuesAreClearErrors() throws {
        let dir = Self.uncreatedDirectory()
        func message(_ env: [String: String]) -> String {
            do {
                _ = try ServiceConfig.fromEnvironment(env.merging(["FERRY_DATA_DIR": dir]) { a, _ in a })
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let port = message(["FERRY_CATALOG_PORT": "eighty"])
        XCTAssertTrue(port.contains("FERRY_CATALOG_PORT") && port.contains("eighty"), port)
        XCTAssertTrue(message(["FERRY_GATEWAY_PORT": "70000"]).contains("FERRY_GATEWAY_PORT"))
        let base64 = message(["FERRY_SECRET_KEY": "not base64!!"])
        XCTAssertTrue(base64.contains("FERRY_SECRET_KEY") && base64.contains("base64"), base64)
        let short = message(["FERRY_SECRET_KEY": Data([1, 2, 3]).base64EncodedString()])
        XCTAssertTrue(short.contains("32 bytes"), short)
        XCTAssertTrue(message(["FERRY_LOG_LEVEL": "loud"]).contains("FERRY_LOG_LEVEL"))
        XCTAssertTrue(message(["FERRY_CATALOG_URL": "catalog:8081"]).contains("FERRY_CATALOG_URL"))
        let knob = try ServiceConfig.fromEnvironment(["FERRY_DATA_DIR": dir, "FERRY_X": "y"])
        XCTAssertThrowsError(try knob.int("FERRY_X", default: 1))
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ value: String) { lock.withLock { items.append(value) } }
    var values: [String] { lock.withLock { items } }
}
