import FerryModels
import Foundation

/// The key-range partitions of a job's steps (`GET /v1/batch/job/{id}/steps/{step}/partitions`): a split step
/// reads as "3/4 ranges done" in `ferry status`, and `--json` carries each step's ranges under `partitions`.
struct StepRanges: Sendable {
    /// By step name; a step the service does not answer for is left out (it is shown without ranges).
    var byStep: [String: StepPartitionsView]
    /// The ranges' JSON as the API wrote it, by step name (for `--json`).
    var raw: [String: String]

    static func fetch(_ client: FerryClient, job: Int64, steps: [StepProgressView]) async -> StepRanges {
        var ranges = StepRanges(byStep: [:], raw: [:])
        for s in steps.prefix(Self.maxSteps) {
            let path = "/v1/batch/job/\(job)/steps/\(FerryClient.segment(s.stepName))/partitions"
            guard let text = try? await client.raw("GET", path),
                  let view = try? JSONDecoder().decode(StepPartitionsView.self, from: Data(text.utf8)) else { continue }
            ranges.byStep[s.stepName] = view
            ranges.raw[s.stepName] = text
        }
        return ranges
    }

    /// A bundle of hundreds of tables is shown without ranges beyond these (one request per step).
    static let maxSteps = 100

    /// "3/4 done" for a split step; nil for a step of one range.
    func summary(_ step: String) -> String? {
        guard let parts = byStep[step]?.partitions, parts.count > 1 else { return nil }
        return "\(parts.filter { $0.status == .completed }.count)/\(parts.count) done"
    }

    var anySplit: Bool { byStep.values.contains { $0.partitions.count > 1 } }

    /// The progress document with each step's `partitions` (the route's list) and `reconciliation` (its check's
    /// block, when it ran one) added.
    func merged(into progress: String, checks: StepChecks) throws -> String {
        guard var doc = try JSONSerialization.jsonObject(with: Data(progress.utf8)) as? [String: Any],
              var steps = doc["steps"] as? [[String: Any]] else { return progress }
        for i in steps.indices {
            guard let name = steps[i]["stepName"] as? String else { continue }
            if let block = checks.raw[name] { steps[i]["reconciliation"] = block }
            guard let text = raw[name],
                  let view = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { continue }
            steps[i]["partitions"] = view["partitions"]
        }
        doc["steps"] = steps
        let data = try JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
