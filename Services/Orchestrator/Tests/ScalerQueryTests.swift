import FerryModels
import FerrySQL
import FerryTestKit
import Foundation
import XCTest

/// The query KEDA's postgresql scaler runs on the orchestrator's store (docker/kubernetes/executor-scaledobject.yaml),
/// read from the manifest and run on a real store: it must count the steps that need an executor now — ready to
/// claim or leased — and not the ones a lower relationalOrdering still holds back, nor finished ones. A renamed
/// table, column or status breaks it here rather than silently in a cluster.
final class ScalerQueryTests: XCTestCase {
    func testCountsReadyAndLeasedStepsOnly() async throws {
        let query = try Self.scalerQuery()
        try await withHarness(.postgres) { h in
            let url = try TestPostgres.url(database: h.database!)
            let depth: @Sendable () async throws -> Int64 = {
                try await TestPostgres.run(url: url) { c in try c.query(query).rows.first?.int64(0) ?? -1 }
            }
            let initial = try await depth()
            XCTAssertEqual(initial, 0, "nothing launched")

            _ = try await h.launch(Fixtures.migration.bundleId)   // orderings 1, 1, 2, 3
            let launched = try await depth()
            XCTAssertEqual(launched, 2, "the two steps of ordering 1; the others wait for them")

            let first = try await h.claim("exec-a", slots: 1)
            XCTAssertEqual(first.count, 1)
            let oneLeased = try await depth()
            XCTAssertEqual(oneLeased, 2, "one leased and one ready")

            _ = try await h.launch(Fixtures.single.bundleId)
            let twoJobs = try await depth()
            XCTAssertEqual(twoJobs, 3, "another job's ready step adds one")

            let rest = try await h.claim("exec-b", slots: 10)
            for item in first + rest where item.jobExecutionId == first[0].jobExecutionId {
                try await h.complete(item, item.stepExecutionId == first[0].stepExecutionId ? "exec-a" : "exec-b")
            }
            let nextOrdering = try await depth()
            XCTAssertEqual(nextOrdering, 2, "ordering 2 of the first job is ready; the second job's step is still leased")
        }
    }

    /// The folded `query: >-` block of the ScaledObject's trigger, joined as KEDA's YAML parser joins it.
    static func scalerQuery() throws -> String {
        let path = FileManager.default.currentDirectoryPath + "/docker/kubernetes/executor-scaledobject.yaml"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "query: >-" }) else {
            throw ManifestProblem(description: "\(path) has no `query: >-` block")
        }
        let indent = lines[start].prefix { $0 == " " }.count
        let body = lines[(start + 1)...].prefix { line in
            line.prefix { $0 == " " }.count > indent && !line.trimmingCharacters(in: .whitespaces).isEmpty
        }
        return body.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    struct ManifestProblem: Error, CustomStringConvertible { let description: String }
}
