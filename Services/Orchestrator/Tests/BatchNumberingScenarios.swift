import FerryModels
import Foundation
@testable import OrchestratorService
import XCTest

/// Seed 003's numbering: batchRunNumber counts launches under a batch code, across the bundles that carry it;
/// batchRerunNumber counts the restarts of one launch. The executor gets both with each claimed step.
enum BatchNumberingScenarios {
    static func numbering(_ h: OrchestratorHarness) async throws {
        var a = Fixtures.bundle(61, "EXPORT_A", [Fixtures.pair(611, "CUSTOMERS", 1)]); a.batchCode = "HD-PDE"
        var b = Fixtures.bundle(62, "EXPORT_B", [Fixtures.pair(621, "ORDERS", 1)]); b.batchCode = "HD-PDE"
        let plain = Fixtures.bundle(63, "EXPORT_PLAIN", [Fixtures.pair(631, "ITEMS", 1)])
        h.specs[61] = a; h.specs[62] = b; h.specs[63] = plain

        // Launch 1 of HD-PDE fails, is restarted (rerun 1), completes.
        let first = try await h.launch(61)
        let item = try await unwrap(try await h.claim("exec-a").first)
        XCTAssertEqual(item.batch, BatchRun(batchCode: "HD-PDE", batchRunNumber: 1, batchRerunNumber: 0))
        try await assertEqual(try await h.finish(item.stepExecutionId, "exec-a", .failed, message: "disk full").status, 204)
        let r = try await h.restartJob(first.uid)
        XCTAssertEqual(r.status, 201, r.text)
        let rerun = try r.decode(LaunchResponse.self)
        let resumed = try await unwrap(try await h.claim("exec-a").first)
        XCTAssertEqual(resumed.batch, BatchRun(batchCode: "HD-PDE", batchRunNumber: 1, batchRerunNumber: 1))
        try await h.complete(resumed, "exec-a")
        try await assertEqual(try await h.execution(rerun.uid).batch, BatchRun(batchCode: "HD-PDE", batchRunNumber: 1, batchRerunNumber: 1))
        try await assertEqual(try await h.execution(first.uid).batch?.batchRerunNumber, 0)

        // Another bundle with the same code is launch 2 of HD-PDE (its own run number is 1); then A again is 3.
        let second = try await h.launch(62)
        let e2 = try await h.execution(second.uid)
        XCTAssertEqual(e2.runNumber, 1)
        XCTAssertEqual(e2.batch, BatchRun(batchCode: "HD-PDE", batchRunNumber: 2, batchRerunNumber: 0))
        try await h.complete(try await unwrap(try await h.claim("exec-b").first), "exec-b")
        let third = try await h.launch(61)
        try await assertEqual(try await h.execution(third.uid).batch, BatchRun(batchCode: "HD-PDE", batchRunNumber: 3, batchRerunNumber: 0))

        // Without a batch code the bundle name is the code, counted on its own.
        let own = try await h.launch(63)
        try await assertEqual(try await h.execution(own.uid).batch, BatchRun(batchCode: "EXPORT_PLAIN", batchRunNumber: 1, batchRerunNumber: 0))
    }
}
