import FerryModels
import FerrySQL

/// The part of a step's preparation that must happen once per step run however many partitions run it, and
/// before any of them writes: emptying the table for `truncate-insert`. The first partition to get here does it
/// and leaves a marker row (part -1) in the target's checkpoint table, in the same transaction, under the DDL lock;
/// every other partition (and every restart of the job instance) finds the marker and leaves the table alone. A
/// partition writes rows only after its own preparation, which waited for the marker: no partition's rows can be
/// truncated by another's.
enum TargetPreparation {
    /// The checkpoint-table part number of the marker (partitions are numbered from 0).
    static let markerPart = -1

    static func once(_ c: any SQLConnection, _ item: WorkItem, table: CheckpointTable, target: TableRef, mode: LoadMode) throws {
        if try table.read(c, stepKey: item.stepKey, part: markerPart) != nil { return }
        try c.transaction {
            if let lock = c.dialect.transactionLock { _ = try c.query(lock, [.int(SerializedDDL.lockKey)]) }
            // Again under the lock: another partition may have prepared the target while this one waited.
            if try table.read(c, stepKey: item.stepKey, part: markerPart) != nil { return }
            if mode == .truncateInsert { try c.execute(c.dialect.truncate(target)) }
            try table.write(c, stepKey: item.stepKey, part: markerPart,
                            Checkpoint(executionId: item.jobExecutionId, lastKey: nil, counts: StepCounts(),
                                       direct: false, done: true))
        }
    }
}
