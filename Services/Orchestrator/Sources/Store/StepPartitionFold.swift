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
        record.counts = parts.reduce(StepCounts()) { sum, p in
            StepCounts(readCount: sum.readCount + p.counts.readCount, writeCount: sum.writeCount + p.counts.writeCount,
                       commitCount: sum.commitCount + p.counts.commitCount,
                       writeSkipCount: sum.writeSkipCount + p.counts.writeSkipCount,
                       rollbackCount: sum.rollbackCount + p.counts.rollbackCount)
        }
        record.retryCount = parts.reduce(0) { $0 + $1.retryCount }
        // Every partition estimates the whole table: the largest estimate is the table's.
        record.sourceRows = parts.compactMap(\.sourceRows).max()
        record.startTime = parts.compactMap(\.startTime).min()
        record.endTime = status.isTerminal ? parts.compactMap(\.endTime).max() : nil
        record.reconciliation = Reconciliation.merged(parts.compactMap(\.reconciliation))
        return record
    }

    /// The partitions route's view of one row.
    static func view(_ r: StepRow) throws -> StepPartitionView {
        // A stored range this version cannot read is a bug to surface, not an unbounded range.
        let range = try r.keyRangeJSON.map { try JSONDecoder().decode(PartitionRange.self, from: Data($0.utf8)) }
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
            return StepPartitionsView(jobExecutionId: id, stepName: parts[0].stepName, partitions: try parts.map(StepPartitionFold.view))
        }
    }
}
