import FerryModels
import Foundation

/// The check each step ran after its last commit (bundle option `reconcile`;
/// `GET /v1/batch/job/{id}/reconciliation`): "count: equal" in `ferry status`, the first differing keys below the
/// table, and `--json` carries each step's block under `reconciliation`.
struct StepChecks {
    var byStep: [String: Reconciliation]
    /// A step's rows skipped on purpose, when they are what its check found missing.
    var skippedBy: [String: Int64] = [:]
    /// Each step's block as the API wrote it (for `--json`).
    var raw: [String: Any]

    /// Empty when the service has no such route or the job ran no check.
    static func fetch(_ client: FerryClient, job: Int64) async -> StepChecks {
        guard let text = try? await client.raw("GET", "/v1/batch/job/\(job)/reconciliation"),
              let view = try? JSONDecoder().decode(JobReconciliationView.self, from: Data(text.utf8)),
              let doc = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let steps = doc["steps"] as? [[String: Any]] else { return StepChecks(byStep: [:], raw: [:]) }
        var checks = StepChecks(byStep: [:], raw: [:])
        for s in view.steps {
            checks.byStep[s.stepName] = s.reconciliation
            checks.skippedBy[s.stepName] = s.explainedBySkips
        }
        for s in steps { if let name = s["stepName"] as? String, let block = s["reconciliation"] { checks.raw[name] = block } }
        return checks
    }

    var any: Bool { !byStep.isEmpty }

    /// "count: equal", "digest: differs", "count: differs (3 rows skipped)"; nil for a step that ran no check.
    func summary(_ step: String) -> String? {
        guard let c = byStep[step] else { return nil }
        let hint = skippedBy[step].map { " (\(Format.count($0)) row\($0 == 1 ? "" : "s") skipped)" } ?? ""
        return "\(c.method.rawValue): \(c.message != nil ? "not done" : (c.equal ? "equal" : "differs" + hint))"
    }

    /// What a step's check found when it was not equal (its differing keys, or why it could not compare).
    func details(_ step: String) -> [String] {
        guard let c = byStep[step], !c.equal else { return [] }
        return ReconcileCommand.differences(stepName: step, c)
    }
}
