@testable import GatewayService
import XCTest

/// The routing table alone: which service answers which method and path.
final class RouteTableTests: XCTestCase {
    func testEveryPublicRouteGoesToItsService() {
        let cases: [(String, String, Upstream?)] = [
            ("POST", "/v1/datasource", .catalog),
            ("GET", "/v1/datasource", .catalog),
            ("GET", "/v1/datasource/21", .catalog),
            ("PUT", "/v1/datasource/21", .catalog),
            ("DELETE", "/v1/datasource/21", .catalog),
            ("POST", "/v1/datasource/21/test", .catalog),
            ("GET", "/v1/datasource/21/tables", .catalog),
            ("POST", "/v1/data/tables", .catalog),
            ("GET", "/v1/data/tables/45", .catalog),
            ("POST", "/v1/data/bundles", .catalog),
            ("GET", "/v1/data/bundles/41", .catalog),
            ("PUT", "/v1/data/bundles/41", .catalog),
            ("GET", "/v1/data/bundles/41/plan", .catalog),
            ("GET", "/v1/data/bundles/41/get-latest-integration", .reporting),
            ("HEAD", "/v1/data/bundles/41/get-latest-integration", .reporting),
            ("POST", "/v1/mappingSets", .catalog),
            ("GET", "/v1/mappingSets/3", .catalog),
            ("POST", "/v1/batch/job", .orchestrator),
            ("POST", "/v1/batch/job/29/restart", .orchestrator),
            ("POST", "/v1/batch/job/29/stop", .orchestrator),
            ("POST", "/v1/flows", .orchestrator),
            ("GET", "/v1/flows", .orchestrator),
            ("PATCH", "/v1/flows/7", .orchestrator),
            ("DELETE", "/v1/flows/7", .orchestrator),
            ("GET", "/v1/flows/7/runs", .orchestrator),
            ("POST", "/v1/flows/7/runs", .orchestrator),
            ("GET", "/v1/flows/7/runs/3", .orchestrator),
            ("GET", "/v1/flowSpecs", .orchestrator),
            ("GET", "/v1/batch/job/29", .reporting),
            ("GET", "/v1/batch/job/29/skips", .reporting),
            ("GET", "/v1/batch/jobs", .reporting),
            ("GET", "/v1/batch-job-report/29", .reporting),
            ("GET", "/v1/manifests", .reporting),
            ("GET", "/v1/manifests/B1/3/0", .reporting),
            ("GET", "/v1/manifests/B1/3/0/verify", .reporting),
            ("GET", "/dashboard", .reporting),
            ("GET", "/dashboard/runs", .reporting),
            ("get", "//v1//datasource/", .catalog),
            // Not routed: 404 at the gateway.
            ("GET", "/v1/batch/job", nil),
            ("DELETE", "/v1/batch/job/29", nil),
            ("GET", "/v1/batch/job/29/restart", nil),
            ("GET", "/v1/nothing", nil),
            ("GET", "/v1", nil),
            ("GET", "/v1/data", nil),
            ("GET", "/v1/datasourceX", nil),
            ("GET", "/internal/datasource/1/credentials", nil),
            ("GET", "/health", nil),
        ]
        for (method, path, expected) in cases {
            XCTAssertEqual(RouteTable.upstream(method: method, path: path), expected, "\(method) \(path)")
        }
    }
}
