import Foundation
import XCTest

/// Something a test needs and does not find: the test PostgreSQL, a service binary, a service that
/// starts, the vendored Swagger UI, a browser, an ODBC driver. Run by hand, the test is skipped; under
/// `make test` (scripts/test.sh sets FERRY_REQUIRE_ALL=1) it fails, so a broken build or machine can never
/// pass as a run of skips.
public enum TestRequirement {
    public static var enforced: Bool { ProcessInfo.processInfo.environment["FERRY_REQUIRE_ALL"] == "1" }

    /// What to throw for an unmet need: `XCTSkip`, or under FERRY_REQUIRE_ALL=1 an error that fails the test.
    public static func unmet(_ what: String) -> any Error {
        enforced ? Unmet(description: "\(what) (FERRY_REQUIRE_ALL=1: make test needs it)") : XCTSkip(what)
    }

    public struct Unmet: Error, CustomStringConvertible {
        public let description: String
    }
}
