import FerryModels
import XCTest

/// How a split table's partition checks become one step's, and which differences fail a step.
final class ReconciliationMergeTests: XCTestCase {
    func part(_ equal: Bool, _ s: Int64, _ t: Int64, _ keys: [(String, KeyDifferenceKind)], truncated: Bool = false,
              method: ReconcileMethod = .digest) -> Reconciliation {
        Reconciliation(method: method, equal: equal, rangesCompared: 1, sourceRows: s, targetRows: t,
                       differingKeys: keys.map { DifferingKey(key: ["id": $0.0], kind: $0.1) }, truncated: truncated)
    }

    func testPartitionsMergeSumsCountsAndUnitesKeys() throws {
        let m = try XCTUnwrap(Reconciliation.merged([part(true, 100, 100, []), part(false, 100, 99, [("150", .missingInTarget)]),
                                                     part(false, 50, 50, [("170", .different)])]))
        XCTAssertEqual([m.sourceRows, m.targetRows], [250, 249])
        XCTAssertEqual(m.rangesCompared, 3)
        XCTAssertFalse(m.equal)
        XCTAssertEqual(m.differingKeys.map { $0.key["id"] }, ["150", "170"])
        XCTAssertFalse(m.truncated)
        XCTAssertNil(Reconciliation.merged([]))
        XCTAssertTrue(Reconciliation.merged([part(true, 1, 1, []), part(true, 2, 2, [])])!.equal)

        let many = (0..<60).map { (String($0), KeyDifferenceKind.different) }
        let capped = try XCTUnwrap(Reconciliation.merged([part(false, 60, 60, many), part(false, 60, 60, many)]))
        XCTAssertEqual(capped.differingKeys.count, Reconciliation.maxListedKeys)
        XCTAssertTrue(capped.truncated, "keys beyond the bound are said to be left out")
    }

    func testOnlyLostOrChangedSourceRowsFailAStep() {
        XCTAssertFalse(part(true, 10, 10, []).losesRows(skipped: 0))
        XCTAssertTrue(part(false, 10, 10, [("3", .different)]).losesRows(skipped: 0))
        XCTAssertTrue(part(false, 10, 9, [("3", .missingInTarget)]).losesRows(skipped: 0))
        XCTAssertFalse(part(false, 10, 9, [("3", .missingInTarget)]).losesRows(skipped: 1), "the row the step skipped")
        XCTAssertFalse(part(false, 10, 12, [("11", .extraInTarget), ("12", .extraInTarget)]).losesRows(skipped: 0),
                       "rows only the target holds lose nothing of the source")
        XCTAssertTrue(part(false, 10, 10, []).losesRows(skipped: 0), "digests differ, no key found: unexplained")
        XCTAssertTrue(part(false, 10, 8, [], method: .count).losesRows(skipped: 1))
        XCTAssertFalse(part(false, 10, 11, [], method: .count).losesRows(skipped: 0))
        var skipped = part(false, 0, 0, [])
        skipped.message = "the pair has custom SQL"
        XCTAssertFalse(skipped.losesRows(skipped: 0), "a pair not compared does not fail")
    }

    func testSkippedRowsExplainADifferenceOnlyWhenTheyAccountForTheLoss() {
        XCTAssertTrue(part(false, 30, 27, [], method: .count).differsOnlyBySkips(3), "30 source rows, 27 in the target, 3 skipped")
        XCTAssertFalse(part(false, 30, 27, [], method: .count).differsOnlyBySkips(2), "one row more is missing than was skipped")
        XCTAssertFalse(part(false, 30, 27, [], method: .count).differsOnlyBySkips(0))
        XCTAssertFalse(part(false, 10, 12, [("11", .extraInTarget), ("12", .extraInTarget)]).differsOnlyBySkips(2),
                       "rows only the target holds are not what the skips explain")
        XCTAssertFalse(part(true, 10, 10, []).differsOnlyBySkips(1))
        XCTAssertTrue(part(false, 10, 9, [("3", .missingInTarget)]).differsOnlyBySkips(1))
    }

    func testFailureMessageNamesTheTableAndFirstKeys() {
        let r = part(false, 200, 200, [("17", .different)])
        XCTAssertEqual(r.failureMessage(table: "public.items"),
                       "reconciliation (digest) of public.items found a mismatch: source 200 rows, target 200 rows; first differing keys: id=17 different")
        let many = part(false, 9, 9, (1...7).map { (String($0), .different) })
        XCTAssertTrue(many.failureMessage(table: "t").hasSuffix("id=5 different, …"), many.failureMessage(table: "t"))
    }
}
