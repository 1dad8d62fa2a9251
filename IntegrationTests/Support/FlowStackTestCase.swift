import FerryModels
import FerryTestKit
import Foundation
import XCTest

/// The incremental flow tests' base: a `StackTestCase` whose tests drive flow runs over the public routes.
class FlowStackTestCase: StackTestCase {
    var runs: FlowRuns!

    override func setUp() async throws {
        try await super.setUp()
        runs = FlowRuns(api: api)
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
