import FerryTestKit
import Foundation
import XCTest

/// The `ferry` binary run as a user would, against a running ``Stack``'s gateway (FERRY_URL, FERRY_API_KEY).
struct FerryCommandLine {
    let stack: Stack

    static var binary: String { Stack.binDir + "/ferry" }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["FERRY_URL"] = gatewayURL
        env["FERRY_API_KEY"] = stack.apiKey
        env.removeValue(forKey: "FERRY_DATA_DIR")
        return env
    }

    var gatewayURL: String { "http://127.0.0.1:\(stack.ports["gateway"]!)" }

    /// Runs `ferry args…` to completion (bounded by `timeout`): its exit status and what it printed (stdout and stderr).
    func run(_ args: [String], extra: [String: String] = [:], timeout: Int = 180) throws -> (status: Int32, output: String) {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw TestRequirement.unmet("\(Self.binary) is not built (swift build --product ferry)")
        }
        let (status, output) = try Subprocess.run("/usr/bin/timeout", [String(timeout), Self.binary] + args,
                                                  environment: environment.merging(extra) { _, new in new })
        return (status, output)
    }

    /// Runs and fails the test unless it exits 0; answers the output.
    @discardableResult
    func ok(_ args: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let (status, output) = try run(args)
        XCTAssertEqual(status, 0, "ferry \(args.joined(separator: " ")):\n\(output)\n\(stack.tail("executor", lines: 20))", file: file, line: line)
        return output
    }

    /// Runs a read command with `--json` and parses what it printed.
    func json(_ args: [String], file: StaticString = #filePath, line: UInt = #line) throws -> Any {
        let output = try ok(args + ["--json"], file: file, line: line)
        do {
            return try JSONSerialization.jsonObject(with: Data(output.utf8))
        } catch {
            XCTFail("ferry \(args.joined(separator: " ")) --json printed no JSON: \(output)", file: file, line: line)
            throw error
        }
    }
}
