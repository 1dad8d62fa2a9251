import FerryTestKit
import Foundation
import XCTest

/// A PostgreSQL cluster of the test's own (scripts/pg.sh), for faults that stop the server.
struct TestCluster {
    let dir: String
    let url: String

    static var scripts: String {
        FileManager.default.currentDirectoryPath + "/scripts"
    }

    static func start() throws -> TestCluster {
        let dir = NSTemporaryDirectory() + "ferry-cluster-\(UUID().uuidString.prefix(8))"
        let url = try run(["start", dir])
        return TestCluster(dir: dir, url: url)
    }

    /// Starts it again on the same port.
    func start() throws { _ = try Self.run(["start", dir]) }
    func stop() throws { _ = try Self.run(["stop", dir]) }
    func destroy() { try? stop(); try? FileManager.default.removeItem(atPath: dir) }

    @discardableResult
    static func run(_ args: [String]) throws -> String {
        let script = scripts + "/pg.sh"
        guard FileManager.default.isExecutableFile(atPath: script) else { throw TestRequirement.unmet("\(script) not found") }
        let (status, output) = try Subprocess.run("/bin/bash", [script] + args)
        guard status == 0 else { throw APIError.unexpected("pg.sh \(args) exited \(status): \(output)") }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
