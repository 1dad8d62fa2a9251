import FerryModels
import FerrySQL
import FerryTime

/// Spring Batch's ExecutionContext for one step, kept IN THE TARGET and written in the same
/// transaction as each chunk (ENGINE.md §1): a crash loses at most the chunk in flight, and a resume
/// never writes a committed row twice.
struct Checkpoint: Sendable, Equatable {
    /// The job execution whose counters these are (a restart starts its own counters, keeps the key).
    var executionId: Int64
    /// The last primary key committed; nil = nothing committed yet.
    var lastKey: [SQLValue]?
    var counts: StepCounts
    /// Rows go straight into the table (it was empty at step start), not through the staging table.
    var direct: Bool
    /// The step's final (empty-chunk) commit happened: the step is complete.
    var done: Bool
    /// The lease epoch of the executor that writes it (the fencing token; see ``CheckpointFenced``).
    var leaseEpoch: Int64 = 0
}

/// A checkpoint write refused because a newer lease (a higher epoch) already wrote the row: this executor lost
/// its lease (it was paused or cut off long enough for another to take the step over). The transaction holding
/// the chunk's rows is rolled back with it, so the target never sees a zombie's commit.
struct CheckpointFenced: Error, CustomStringConvertible {
    let epoch: Int64
    var description: String { "lease lost: a newer lease than epoch \(epoch) holds the step's checkpoint; this executor's commit was refused" }
}

/// The checkpoint table in one target: `ferry.ferry_checkpoint` where the target has schemas,
/// `ferry_checkpoint` otherwise (name and schema configurable).
struct CheckpointTable: Sendable {
    let dialect: SQLDialect
    let ref: TableRef

    init(dialect: SQLDialect, name: String, schema: String) {
        self.dialect = dialect
        ref = TableRef(schema: dialect.hasCreatableSchemas ? schema : nil, name: name)
    }

    private var table: String { dialect.qualified(ref) }

    /// Creates the table when missing, and adds the fencing column to a table an earlier version created
    /// (parallel steps serialised by ``SerializedDDL``).
    func ensure(_ c: any SQLConnection) throws {
        if let t = try c.describeTable(ref), t.columns.contains(where: { $0.name == "lease_epoch" }) { return }
        try SerializedDDL.run(c) {
            let big = dialect.columnType(.int64)
            if let t = try c.describeTable(ref) {   // created meanwhile by a parallel step, or by an earlier version
                if !t.columns.contains(where: { $0.name == "lease_epoch" }) {
                    try c.execute("ALTER TABLE \(table) ADD COLUMN lease_epoch \(big) DEFAULT 0 NOT NULL")
                }
                return
            }
            if let s = ref.schema, let create = dialect.createSchemaIfMissing(s) { try c.execute(create) }
            let text = dialect.columnType(.text(maxLength: nil))
            do {
                try c.execute("""
                    CREATE TABLE \(table) (step_key VARCHAR(200) NOT NULL, part INTEGER NOT NULL, exec_id \(big) NOT NULL,
                      last_key \(text), read_count \(big) NOT NULL, write_count \(big) NOT NULL, commit_count \(big) NOT NULL,
                      skip_count \(big) NOT NULL, rollback_count \(big) NOT NULL, direct INTEGER NOT NULL, done INTEGER NOT NULL,
                      updated_at VARCHAR(40) NOT NULL, lease_epoch \(big) DEFAULT 0 NOT NULL, PRIMARY KEY (step_key, part))
                    """)
            } catch {
                // Without a DDL lock (SQLite, ODBC) an executor in another process may have created it meanwhile —
                // seen with 4 executors starting on one new SQLite target ("table already exists").
                if dialect.transactionLock != nil || (try? c.describeTable(ref)) == nil { throw error }
            }
        }
    }

    /// - Parameter locking: also lock the row until the transaction ends, where the engine can.
    func read(_ c: any SQLConnection, stepKey: String, part: Int, locking: Bool = false) throws -> Checkpoint? {
        let r = try c.query("""
            SELECT exec_id, last_key, read_count, write_count, commit_count, skip_count, rollback_count, direct, done,
              lease_epoch
            FROM \(table) WHERE step_key = $1 AND part = $2\(locking ? dialect.lockingRead ?? "" : "")
            """, [.text(stepKey), .int(Int64(part))])
        // Strict: a checkpoint row this version cannot read must stop the step, not restart it from zero.
        guard let row = r.firstStored else { return nil }
        let key = try row.optional(String.self, 1).flatMap(KeyCodec.decode)
        return Checkpoint(executionId: try row.require(Int64.self, 0), lastKey: key,
                          counts: StepCounts(readCount: try row.require(Int64.self, 2),
                                             writeCount: try row.require(Int64.self, 3),
                                             commitCount: try row.require(Int64.self, 4),
                                             writeSkipCount: try row.require(Int64.self, 5),
                                             rollbackCount: try row.require(Int64.self, 6)),
                          direct: try row.require(Int64.self, 7) != 0, done: try row.require(Int64.self, 8) != 0,
                          leaseEpoch: try row.require(Int64.self, 9))
    }

    /// How many of the step's parts (partitions, numbered from 0) are done.
    func doneParts(_ c: any SQLConnection, stepKey: String) throws -> Int64 {
        try c.query("SELECT count(*) FROM \(table) WHERE step_key = $1 AND part >= 0 AND done = 1",
                    [.text(stepKey)]).rows.first?.int64(0) ?? 0
    }

    func delete(_ c: any SQLConnection, stepKey: String, part: Int) throws {
        try c.execute("DELETE FROM \(table) WHERE step_key = $1 AND part = $2", [.text(stepKey), .int(Int64(part))])
    }

    /// Takes the row for lease `epoch` inside the caller's transaction (and locks it until the commit): answers
    /// false when a newer epoch holds it. Run before reading the checkpoint a step resumes from, so no older
    /// lease can commit after that read.
    func fence(_ c: any SQLConnection, stepKey: String, part: Int, epoch: Int64, _ prepared: Statements? = nil) throws -> Bool {
        let values: [SQLValue] = [.text(stepKey), .int(Int64(part)), .int(epoch)]
        if let prepared { return try prepared.fence.execute(values) > 0 }
        return try c.execute(fenceSQL, values) > 0
    }

    private var fenceSQL: String {
        "UPDATE \(table) SET lease_epoch = $3 WHERE step_key = $1 AND part = $2 AND lease_epoch <= $3"
    }

    private static let columns = "step_key, part, exec_id, last_key, read_count, write_count, commit_count, skip_count, rollback_count, direct, done, updated_at, lease_epoch"

    private var upsertSQL: String {
        """
        INSERT INTO \(table) (\(Self.columns))
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
        ON CONFLICT (step_key, part) DO UPDATE SET exec_id = excluded.exec_id, last_key = excluded.last_key,
          read_count = excluded.read_count, write_count = excluded.write_count, commit_count = excluded.commit_count,
          skip_count = excluded.skip_count, rollback_count = excluded.rollback_count, direct = excluded.direct,
          done = excluded.done, updated_at = excluded.updated_at, lease_epoch = excluded.lease_epoch
        WHERE \(dialect.quote(ref.name)).lease_epoch <= excluded.lease_epoch
        """
    }

    /// A chunk's two checkpoint statements, prepared once per writer session on PostgreSQL: each chunk then sends
    /// its values only, instead of SQL the server parses and plans again (elsewhere nil: SQLite caches its
    /// statements by text, ODBC writes take the plain path).
    struct Statements {
        let fence: any PreparedStatement
        let write: any PreparedStatement
    }

    func prepare(_ c: any SQLConnection) throws -> Statements? {
        guard c.dialect.family == .postgresql, dialect.hasInsertOnConflict else { return nil }
        return Statements(fence: try c.prepare(fenceSQL), write: try c.prepare(upsertSQL))
    }

    /// Upserts the checkpoint; call inside the chunk's transaction. Throws ``CheckpointFenced`` when a newer
    /// lease epoch wrote the row (the caller rolls the chunk back).
    func write(_ c: any SQLConnection, stepKey: String, part: Int, _ cp: Checkpoint, _ prepared: Statements? = nil) throws {
        let values: [SQLValue] = [
            .text(stepKey), .int(Int64(part)), .int(cp.executionId), .textOrNull(cp.lastKey.map(KeyCodec.encode)),
            .int(cp.counts.readCount), .int(cp.counts.writeCount), .int(cp.counts.commitCount),
            .int(cp.counts.writeSkipCount), .int(cp.counts.rollbackCount), .int(cp.direct ? 1 : 0), .int(cp.done ? 1 : 0),
            .text(Timestamp.now.iso), .int(cp.leaseEpoch),
        ]
        let columns = Self.columns
        let written: Int
        if let prepared {
            written = try prepared.write.execute(values)
        } else if dialect.hasInsertOnConflict {
            written = try c.execute(upsertSQL, values)
        } else {
            let n = try c.execute("""
                UPDATE \(table) SET exec_id = $3, last_key = $4, read_count = $5, write_count = $6, commit_count = $7,
                  skip_count = $8, rollback_count = $9, direct = $10, done = $11, updated_at = $12, lease_epoch = $13
                WHERE step_key = $1 AND part = $2 AND lease_epoch <= $13
                """, values)
            if n == 0, try c.query("SELECT 1 FROM \(table) WHERE step_key = $1 AND part = $2",
                                   [.text(stepKey), .int(Int64(part))]).rows.isEmpty {
                written = try c.execute("""
                    INSERT INTO \(table) (\(columns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                    """, values)
            } else {
                written = n
            }
        }
        if written == 0 { throw CheckpointFenced(epoch: cp.leaseEpoch) }
    }
}
