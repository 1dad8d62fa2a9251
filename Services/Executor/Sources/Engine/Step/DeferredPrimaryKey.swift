import FerryModels
import FerrySQL

/// A target table Ferry creates gets its primary key after its rows, as pg_restore and pgloader do: one sorted
/// index build instead of a b-tree insert per row, which is about a third of the target server's CPU in a copy.
///
/// Only where nothing needs the key while the rows go in: a PostgreSQL target (SQLite cannot add a key later), a
/// full copy of a table with a key and no custom SQL (an incremental step merges by key; custom SQL may repeat one),
/// and at most ``maxRanges`` key ranges (each range's count check scans the keyless table whole, so many ranges would
/// cost more than the key saves). The step's ranges all write straight in (COPY, no merge): a range this step has not
/// begun holds no row of a table it created.
///
/// A marker row in the target's checkpoint table, written with the CREATE TABLE in one transaction, says the key is
/// pending: step key `pk:<table>`, part -2, `last_key` = the creating step's key, then the key's columns. The step's
/// last range to finish (every range's checkpoint done) adds the key and deletes the marker in one transaction
/// (``addWhenLoaded``). Any other step that finds the table still keyless (a later job instance, after a failed or
/// abandoned one; another pair loading into the same table) adds the key before it writes (``addIfLeft``).
enum DeferredPrimaryKey {
    static let markerPart = -2
    static let maxRanges = 8

    struct Marker: Equatable {
        /// The step key of the step that created the table.
        var owner: String
        /// The key's columns, by their target names.
        var columns: [String]
    }

    /// Engines where a key can wait: the marker's row lock decides which of two ranges finishing at once adds it.
    static func supported(_ d: SQLDialect) -> Bool { d.lockingRead != nil }

    /// Whether the table `item` is about to create gets its key after the rows.
    static func applies(_ item: WorkItem, _ c: any SQLConnection, target: TableRef, key: [String]) -> Bool {
        !key.isEmpty && supported(c.dialect) && c.dialect.addPrimaryKey(target, columns: key) != nil
            && item.incremental == nil && item.manifest == nil
            && item.pair.extractionQuery == nil && item.pair.loadQuery == nil
            && item.pair.partitionNumbers.count <= maxRanges
            && markerKey(target, c.dialect).count <= 200   // the checkpoint table's step_key is VARCHAR(200)
    }

    /// Records that `target`, just created without its key, gets `key` once `item`'s step has loaded it. Call in the
    /// CREATE TABLE's transaction.
    static func mark(_ c: any SQLConnection, _ item: WorkItem, target: TableRef, key: [String],
                     checkpoints: CheckpointTable) throws {
        try checkpoints.write(c, stepKey: markerKey(target, c.dialect), part: markerPart,
                              Checkpoint(executionId: item.jobExecutionId, lastKey: ([item.stepKey] + key).map(SQLValue.text),
                                         counts: StepCounts(), direct: false, done: false))
    }

    /// The pending key of `target`, if any; `locking` holds its marker row until the transaction ends.
    static func marker(_ c: any SQLConnection, target: TableRef, checkpoints: CheckpointTable,
                       locking: Bool = false) throws -> Marker? {
        guard let row = try checkpoints.read(c, stepKey: markerKey(target, c.dialect), part: markerPart, locking: locking) else {
            return nil
        }
        guard let values = row.lastKey, values.count >= 2, case .text(let owner) = values[0] else {
            throw StepFailure.permanent("the pending-key marker of target table \(target) in \(checkpoints.ref) is unreadable")
        }
        let columns = values.dropFirst().compactMap { v -> String? in if case .text(let s) = v { return s }; return nil }
        return Marker(owner: owner, columns: columns)
    }

    /// After a step's rows (a step whose key is pending): when every range of the step is done, adds the key and
    /// deletes the marker in one transaction (the marker's row lock lets one of two ranges finishing at once do it).
    static func addWhenLoaded(_ c: any SQLConnection, _ item: WorkItem, target: TableRef,
                              checkpoints: CheckpointTable) throws {
        guard supported(c.dialect) else { return }
        try c.transaction {
            guard let m = try marker(c, target: target, checkpoints: checkpoints, locking: true), m.owner == item.stepKey,
                  try checkpoints.doneParts(c, stepKey: item.stepKey) >= Int64(item.pair.partitionNumbers.count) else { return }
            try add(c, m, target: target, checkpoints: checkpoints)
        }
    }

    /// What a step found pending on an existing table.
    enum Found: Equatable {
        /// No key pending: the table is the user's as it is.
        case nothing
        /// This very step created the table: its ranges go straight in, its last one adds the key.
        case thisStep
        /// Another step left the key pending (it ended without its last range, or is another pair's): added now.
        case addedNow
    }

    /// Before a step writes into an existing keyless `target`: a key another step left pending is added now, since
    /// this step may merge by key.
    static func addIfLeft(_ c: any SQLConnection, _ item: WorkItem, target: TableInfo,
                          checkpoints: CheckpointTable) throws -> Found {
        guard target.primaryKey.isEmpty, supported(c.dialect),
              let pending = try marker(c, target: target.ref, checkpoints: checkpoints) else { return .nothing }
        if pending.owner == item.stepKey { return .thisStep }
        try c.transaction {
            guard let m = try marker(c, target: target.ref, checkpoints: checkpoints, locking: true) else { return }
            try add(c, m, target: target.ref, checkpoints: checkpoints)
        }
        return .addedNow
    }

    private static func add(_ c: any SQLConnection, _ m: Marker, target: TableRef, checkpoints: CheckpointTable) throws {
        guard let sql = c.dialect.addPrimaryKey(target, columns: m.columns) else { return }
        do {
            // A key someone gave the table meanwhile stands: only the marker goes.
            if try c.describeTable(target)?.primaryKey.isEmpty != false { try c.execute(sql) }
        } catch {
            throw StepFailure.permanent("could not add the primary key (\(m.columns.joined(separator: ", "))) to target table \(target) after loading it: \(error)")
        }
        try checkpoints.delete(c, stepKey: markerKey(target, c.dialect), part: markerPart)
    }

    static func markerKey(_ target: TableRef, _ d: SQLDialect) -> String { "pk:" + d.qualified(target) }
}
