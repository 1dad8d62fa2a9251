import Foundation
import FerryModels
import FerrySQL

/// RF06 shows one step per table: the partitions of a split table are folded into one record, counts summed,
/// the status derived from theirs (any FAILED → FAILED; some still to run or running → STARTED; all alike → that),
/// their checks merged (``Reconciliation/merged(_:)``: each partition checked its own range).
enum StepPartitionFold {
    static func records(_ rows: [StepRow]) -> [StepExecutionRecord] {
        var order: [Int64] = []
        var byPair: [Int64: [StepRow]] = [:]
        for r in rows {
            if byPair[r.pairId] == nil { order.append(r.pairId) }
            byPair[r.pairId, default: []].append(r)
        }
        return order.compactMap { byPair[$0].map(fold) }
    }

    static func status(_ statuses: [BatchStatus]) -> BatchStatus {
        let set = Set(statuses)
        if set.count == 1, let only = set.first { return only }
        if set.contains(.failed) { return .failed }
        if set.contains(.started) || set.contains(.stopping) || set.contains(.starting) { return .started }
        if set.contains(.stopped) { return .stopped }
        if set.contains(.abandoned) { return .abandoned }
        return .completed
    }

    static func fold(_ parts: [StepRow]) -> StepExecutionRecord {
        guard parts.count > 1 else { return parts[0].record }
        let status = status(parts.map(\.status))
        // The partition that gives the step its status speaks for it (exit status, message, executor).
        let lead = parts.first { $0.status == status } ?? parts[0]
        var record = lead.record
        record.stepExecutionId = parts[0].id
        record.status = status
        record.counts = summed(parts.map(\.counts))
        record.retryCount = parts.reduce(0) { $0 + $1.retryCount }
        // Every partition estimates the whole table: the largest estimate is the table's.
        record.sourceRows = parts.compactMap(\.sourceRows).max()
        record.startTime = parts.compactMap(\.startTime).min()
        record.endTime = status.isTerminal ? parts.compactMap(\.endTime).max() : nil
        record.reconciliation = Reconciliation.merged(parts.compactMap(\.reconciliation))
        return record
    }

    /// The counts of a table's partitions as one step's.
    static func summed(_ counts: [StepCounts]) -> StepCounts {
        counts.reduce(StepCounts()) { sum, c in
            StepCounts(readCount: sum.readCount + c.readCount, writeCount: sum.writeCount + c.writeCount,
                       commitCount: sum.commitCount + c.commitCount, writeSkipCount: sum.writeSkipCount + c.writeSkipCount,
                       rollbackCount: sum.rollbackCount + c.rollbackCount)
        }
    }

    /// The partitions route's view of one row.
    static func view(_ r: StepRow) -> StepPartitionView {
        let range = r.keyRange
        func text(_ bound: [TaggedValue]?) -> [String?]? { bound?.map { SQLValue($0)?.textValue ?? $0.text } }
        return StepPartitionView(partition: r.partition, stepExecutionId: r.id, lowerBound: text(range?.lower),
                                 upperBound: text(range?.upper), status: r.status, exitStatus: r.exitStatus.rawValue,
                                 exitMessage: r.exitMessage, counts: r.counts, retryCount: r.retryCount, claims: r.leaseEpoch,
                                 executorId: r.leaseOwner, startTime: r.startTime, endTime: r.endTime)
    }
}

extension OrchestratorStore {
    /// The partitions of one step of an execution, by step name (case-insensitive) or by the step execution id of
    /// any of its partitions; nil when the execution or the step does not exist.
    func partitions(executionId id: Int64, step: String) async throws -> StepPartitionsView? {
        try await read { c in
            guard try Self.execution(c, id) != nil else { return nil }
            let steps = try Self.steps(c, executionId: id)
            let byId = Int64(step).flatMap { n in steps.first { $0.id == n } }
            guard let pairId = (byId ?? steps.first { $0.stepName.caseInsensitiveCompare(step) == .orderedSame })?.pairId else {
                return nil
            }
            let parts = steps.filter { $0.pairId == pairId }.sorted { $0.partition < $1.partition }
            return StepPartitionsView(jobExecutionId: id, stepName: parts[0].stepName, partitions: parts.map(StepPartitionFold.view))
        }
    }
}
