import Foundation
import FerryModels
import FerrySQL
import FerryTime

/// Progress samples: a step's counts over time, kept from the executors' progress reports so that a chart can
/// draw the rate as it was (`GET /v1/batch/job/{id}/progress/samples`). A report becomes a sample only when the
/// step's newest sample is at least `max(1 s, elapsed / 300)` old, so a step keeps about 300 samples for its
/// first five minutes and only logarithmically more after, however long it runs.
extension OrchestratorStore {
    static let minimumSampleGapMillis: Int64 = 1_000
    static let sampleGapDivisor: Int64 = 300

    /// Called with every stored report (in its transaction).
    static func sampleProgress(_ c: any SQLConnection, _ s: StepRow, counts: StepCounts, now: String) throws {
        guard let at = Timestamp.parse(now) else { return }
        let elapsed = Timestamp.parse(s.startTime).map { at.millis(since: $0) } ?? 0
        let gap = max(minimumSampleGapMillis, elapsed / sampleGapDivisor)
        // Samples are written only as Timestamp.iso (UTC, milliseconds), whose text sorts in time order.
        let newest = try c.query("SELECT MAX(at) FROM orch_progress_sample WHERE step_execution_id = $1", [.int(s.id)])
            .rows.first.flatMap { Timestamp.parse($0.string(0)) }
        if let newest, at.millis(since: newest) < gap { return }
        try c.execute("""
            INSERT INTO orch_progress_sample (step_execution_id, at, read_count, write_count) VALUES ($1, $2, $3, $4)
            """, [.int(s.id), .time(at), .int(counts.readCount), .int(counts.writeCount)])
    }

    /// The samples of every started step of an execution; nil when the execution does not exist.
    func progressSamples(executionId id: Int64) async throws -> JobProgressSamples? {
        try await read { c in
            guard try Self.execution(c, id) != nil else { return nil }
            let steps = try c.query("""
                SELECT id, step_name, start_time, end_time FROM orch_step_execution
                WHERE execution_id = $1 AND start_time IS NOT NULL ORDER BY start_time, id
                """, [.int(id)]).rows
            let samples = try c.query("""
                SELECT p.step_execution_id, p.at, p.read_count, p.write_count FROM orch_progress_sample p
                JOIN orch_step_execution s ON s.id = p.step_execution_id
                WHERE s.execution_id = $1 ORDER BY p.step_execution_id, p.at
                """, [.int(id)]).rows
            var byStep: [Int64: [ProgressSample]] = [:]
            for r in samples {
                guard let step = r.int64(0), let at = r.string(1) else { continue }
                byStep[step, default: []].append(ProgressSample(at: at, readCount: r.int64(2) ?? 0, writeCount: r.int64(3) ?? 0))
            }
            return JobProgressSamples(jobExecutionId: id, steps: steps.compactMap { r in
                guard let stepId = r.int64(0) else { return nil }
                return StepProgressSamples(stepExecutionId: stepId, stepName: r.string(1) ?? "", startTime: r.string(2),
                                           endTime: r.string(3), samples: byStep[stepId] ?? [])
            })
        }
    }
}
