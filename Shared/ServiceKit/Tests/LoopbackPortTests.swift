import FerryTestKit
import XCTest

/// A test stack asks for all its ports before any service binds one: the ports handed out must differ, or two
/// services share a port and the one that loses the bind is taken for healthy by the other's answer.
final class LoopbackPortTests: XCTestCase {
    func testNoPortIsHandedOutTwice() throws {
        // 1,000 draws from 12,000 ports repeat one almost surely (birthday bound) unless repeats are refused.
        let ports = try (0..<1_000).map { _ in try LoopbackPort.free() }
        XCTAssertEqual(Set(ports).count, ports.count)
        XCTAssertTrue(ports.allSatisfy { (20_000..<32_000).contains($0) })
    }
}
