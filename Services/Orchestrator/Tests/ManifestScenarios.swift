import FerryModels
import Foundation
@testable import OrchestratorService
import XCTest

/// Seed 003 in the job repository: a bundle with `manifestOption` on a Files target gets a MANIFEST step after
/// every pair, claimable only once they completed, handed the pairs' state keys and the previous manifest of the
/// batch code; its finish must carry the manifest, which is recorded and read back by the internal routes.
enum ManifestScenarios {
    static func manifestStep(_ h: OrchestratorHarness) async throws {
        var spec = Fixtures.bundle(71, "EXPORT_M", [Fixtures.pair(711, "CUSTOMERS", 1), Fixtures.pair(712, "ORDERS", 2)])
        spec.target = DatasourceRef(uid: 23, databaseName: "EXPORTS", databaseProvider: "Files", databaseSchema: nil)
        spec.manifestOption = true
        spec.batchCode = "HD-M"
        h.specs[71] = spec

        func run(_ n: Int) async throws -> WorkItem {
            let launched = try await h.launch(71)
            let steps = try await h.execution(launched.uid).steps
            XCTAssertEqual(steps.map(\.stepName), ["STEP-CUSTOMERS", "STEP-ORDERS", ManifestTask.stepName])
            XCTAssertEqual(steps.last?.relationalOrdering, 3, "after every pair")
            var exportKeys: [String] = []
            for table in ["customers", "orders"] {
                let items = try await h.claim("exec-a")
                XCTAssertEqual(items.map(\.pair.sourceTable), [table], "the manifest step waits for every pair")
                XCTAssertNil(items.first?.manifest)
                exportKeys += items.map(\.stepKey)
                try await h.complete(try await unwrap(items.first), "exec-a")
            }
            let item = try await unwrap(try await h.claim("exec-a").first)
            XCTAssertEqual(item.stepName, ManifestTask.stepName)
            XCTAssertEqual(item.batch, BatchRun(batchCode: "HD-M", batchRunNumber: n, batchRerunNumber: 0))
            XCTAssertEqual(item.manifest?.stepKeys, exportKeys, "the keys the export steps wrote under")
            // A manifest step cannot complete without its manifest: the job stays running.
            let bare = try await h.finish(item.stepExecutionId, "exec-a", .completed)
            XCTAssertEqual(bare.status, 409, bare.text)
            let report = ManifestReport(manifestFileName: "HD-M_\(n)_0_manifest.json", fileSize: 100 + n,
                                        hashValue: String(repeating: String(n), count: 64), directory: "/exports",
                                        content: #"{"version": 1}"#)
            let done = try await h.finish(item.stepExecutionId, "exec-a", .completed, manifest: report)
            XCTAssertEqual(done.status, 204, done.text)
            try await assertEqual(try await h.execution(launched.uid).status, .completed)
            return item
        }

        let first = try await run(1)
        XCTAssertNil(first.manifest?.previous, "nothing to chain to on the first run")
        let second = try await run(2)
        XCTAssertEqual(second.manifest?.previous, PreviousManifest(batchRunNumber: 1, manifestFileName: "HD-M_1_0_manifest.json"))

        let list = try await h.client.get("/internal/manifests?batchCode=HD-M", as: ManifestRecordList.self)
        XCTAssertEqual(list.manifests.map(\.report.manifestFileName), ["HD-M_1_0_manifest.json", "HD-M_2_0_manifest.json"])
        XCTAssertEqual(list.manifests.map(\.jobExecutionId), [first.jobExecutionId, second.jobExecutionId])
        let one = try await h.client.get("/internal/manifests/HD-M/2/0", as: ManifestRecord.self)
        XCTAssertEqual(one.report.hashValue, String(repeating: "2", count: 64))
        XCTAssertEqual(one.report.directory, "/exports")
        try await assertEqual(try await h.send("GET", "/internal/manifests/HD-M/3/0").status, 404)
        try await assertEqual(try await h.client.get("/internal/manifests?batchCode=NONE", as: ManifestRecordList.self).manifests, [])
        assertFieldError(try await h.send("GET", "/internal/manifests"), field: "batchCode")

        // A database target never gets a manifest step, whatever manifestOption says.
        var plain = Fixtures.bundle(72, "DB_M", [Fixtures.pair(721, "CUSTOMERS", 1)])
        plain.manifestOption = true
        h.specs[72] = plain
        let launched = try await h.launch(72)
        try await assertEqual(try await h.execution(launched.uid).steps.map(\.stepName), ["STEP-CUSTOMERS"])
    }
}
