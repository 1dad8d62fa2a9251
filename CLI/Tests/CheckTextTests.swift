@testable import FerryCLI
import FerryModels
import XCTest

/// How `ferry reconcile` and `ferry manifest verify` read: the differing keys, the damaged files.
final class CheckTextTests: XCTestCase {
    func testReconcileNamesTheDifferingKeysOfTheDifferingPair() {
        let equal = Reconciliation(method: .digest, equal: true, rangesCompared: 4, sourceRows: 400, targetRows: 400,
                                   differingKeys: [], truncated: false)
        let differs = Reconciliation(method: .digest, equal: false, rangesCompared: 9, sourceRows: 400, targetRows: 399,
                                     differingKeys: [DifferingKey(key: ["region": "eu", "id": "42"], kind: .different),
                                                     DifferingKey(key: ["region": "us", "id": "7"], kind: .missingInTarget)],
                                     truncated: true)
        let answer = BundleReconciliation(bundleId: 3, method: .digest, equal: false, pairs: [
            PairReconciliation(pairId: 1, stepName: "STEP-A", sourceTable: "a", targetTable: "a", reconciliation: equal),
            PairReconciliation(pairId: 2, stepName: "STEP-B", sourceTable: "b", targetTable: "b2", reconciliation: differs),
        ])
        let text = ReconcileCommand.render(answer, bundle: "NIGHTLY")
        XCTAssertTrue(text.hasPrefix("bundle NIGHTLY, digest: 1 of 2 pairs differ"), text)
        XCTAssertTrue(text.contains("STEP-B: first differing keys (more differ)"), text)
        XCTAssertTrue(text.contains("  id=42 region=eu  different\n  id=7 region=us  missingInTarget"), text)
        XCTAssertFalse(text.contains("STEP-A: first"), text)
    }

    func testStatusCheckColumnSaysWhenSkippedRowsAreTheDifference() {
        let short = Reconciliation(method: .count, equal: false, rangesCompared: 1, sourceRows: 30, targetRows: 27,
                                   differingKeys: [], truncated: false)
        let checks = StepChecks(byStep: ["STEP-NOTES": short, "STEP-ORDERS": short], skippedBy: ["STEP-NOTES": 3], raw: [:])
        XCTAssertEqual(checks.summary("STEP-NOTES"), "count: differs (3 rows skipped)")
        XCTAssertEqual(checks.summary("STEP-ORDERS"), "count: differs", "no skips explain this one")
        XCTAssertNil(checks.summary("STEP-OTHER"))
    }

    func testVerifyListsEachFileAndSaysWhetherTheManifestIsValid() {
        let ok = FileCheck(fileName: "M_1_0_manifest.json", expectedSize: 300, actualSize: 300, expectedHash: "ab", actualHash: "ab", status: .ok)
        let gone = FileCheck(fileName: "M_1_0_t_001.jsonl.gz", expectedSize: 1200, actualSize: nil, expectedHash: "cd", actualHash: nil, status: .missing)
        let text = ManifestText.verify(ManifestVerifyAnswer(manifestFileName: "M_1_0_manifest.json", hashValue: "ab",
                                                            deep: ManifestVerification(valid: false, manifest: ok, files: [gone])))
        XCTAssertTrue(text.contains("INVALID: 1 of 2 files differ"), text)
        XCTAssertTrue(text.contains("M_1_0_t_001.jsonl.gz  missing") && text.contains("as written"), text)
        XCTAssertTrue(ManifestText.verify(ManifestVerifyAnswer(manifestFileName: "M_1_0_manifest.json", hashValue: "ab"))
            .hasPrefix("M_1_0_manifest.json  SHA-256 ab"))
    }
}
