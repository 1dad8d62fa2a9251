import FerryModels
import Foundation
import XCTest

/// The job's check summary is computed from its steps: written on the wire as before, never read back from it.
final class JobReconciliationViewTests: XCTestCase {
    private func step(_ name: String, _ equal: Bool?) -> StepReconciliationView {
        StepReconciliationView(stepName: name, batchStatus: .completed, reconciliation: equal.map {
            Reconciliation(method: .count, equal: $0, rangesCompared: 1, sourceRows: 30, targetRows: $0 ? 30 : 27,
                           differingKeys: [], truncated: false)
        })
    }

    func testSummaryGoesOutComputedFromTheSteps() throws {
        let view = JobReconciliationView(jobExecutionId: 7, jobName: "JOB-SHOP", batchStatus: .completed,
                                         steps: [step("STEP-A", true), step("STEP-B", false), step("STEP-C", nil)])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONEncoder().encode(view)) as? [String: Any])
        XCTAssertEqual(Set(json.keys), ["jobExecutionId", "jobName", "batchStatus", "stepsChecked", "equal", "steps"])
        XCTAssertEqual(json["stepsChecked"] as? Int, 2)
        XCTAssertEqual(json["equal"] as? Bool, false)
        XCTAssertNil((json["steps"] as? [[String: Any]])?[2]["reconciliation"], "a step that ran no check has no block")
        XCTAssertEqual(try JSONDecoder().decode(JobReconciliationView.self, from: JSONEncoder().encode(view)), view)
    }

    func testADecodedSummaryThatContradictsTheStepsIsNotBelieved() throws {
        let text = #"{"jobExecutionId": 7, "jobName": "J", "batchStatus": "COMPLETED", "stepsChecked": 5, "equal": true,"#
            + #" "steps": [{"stepName": "STEP-B", "batchStatus": "COMPLETED", "reconciliation": {"method": "count", "#
            + #""equal": false, "rangesCompared": 1, "sourceRows": 30, "targetRows": 27, "differingKeys": [], "truncated": false}}]}"#
        let view = try JSONDecoder().decode(JobReconciliationView.self, from: Data(text.utf8))
        XCTAssertEqual(view.stepsChecked, 1)
        XCTAssertFalse(view.equal)
        XCTAssertTrue(JobReconciliationView(jobExecutionId: 1, jobName: "J", batchStatus: .completed, steps: [step("S", nil)]).equal,
                      "no check ran: nothing differs")
    }

    func testAStepSaysWhenItsSkippedRowsAreTheDifference() throws {
        let differs = step("STEP-B", false).reconciliation
        XCTAssertEqual(StepReconciliationView(stepName: "S", batchStatus: .completed, reconciliation: differs, writeSkipCount: 3)
            .explainedBySkips, 3)
        XCTAssertNil(StepReconciliationView(stepName: "S", batchStatus: .completed, reconciliation: differs, writeSkipCount: 1)
            .explainedBySkips, "2 rows lost beyond the one skipped")
        let equal = StepReconciliationView(stepName: "S", batchStatus: .completed, reconciliation: step("S", true).reconciliation,
                                           writeSkipCount: 3)
        XCTAssertNil(equal.explainedBySkips)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONEncoder().encode(equal)) as? [String: Any])
        XCTAssertNil(json["explainedBySkips"], "omitted when the skips explain nothing")
    }
}
