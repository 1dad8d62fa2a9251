import FerryModels
import FerrySQL

/// Everything a step decided before moving rows: the plan, both tables, how to read and write, and
/// the checkpoint it resumes from. Built on the two connections' threads.
struct StepSetup: Sendable {
    var plan: LoadPlan
    var sourceColumns: [ColumnInfo]
    var targetTable: TableInfo
    var keyIndexes: [Int]
    var checkpoint: Checkpoint
    /// PostgreSQL type OIDs of the extraction's columns (PostgreSQL sources only).
    var sourceOIDs: [UInt32]?
    /// PostgreSQL type OIDs of the target columns in plan order (PostgreSQL targets only).
    var targetOIDs: [UInt32]?
    /// PG→PG with identical column types: binary tuples are forwarded untouched.
    var passthrough: Bool
    /// Source rows at step start (an estimate on PostgreSQL), for progress.
    var sourceRows: Int64?
    /// An incremental step's delta window; its read transaction is open on the source connection.
    var window: DeltaWindow? = nil
    /// The source table as found (schema resolved), for the check after the step.
    var sourceRef: TableRef? = nil
    /// This step created the target and adds its primary key after the rows (``DeferredPrimaryKey``).
    var keyPending = false
}

/// Failures with a message for the job's `exitMessage`, classified for retry.
struct StepFailure: Error, CustomStringConvertible {
    var kind: DriverError.Kind
    var message: String
    var detail: String?
    var description: String { message }

    static func permanent(_ m: String, detail: String? = nil) -> StepFailure { StepFailure(kind: .permanent, message: m, detail: detail) }
}

extension StepFailure {
    /// A driver error, its statement kept in the details.
    init(_ e: DriverError) { self.init(kind: e.kind, message: e.description, detail: e.details) }

    /// Runs `body`; a driver error leaves it as a StepFailure that names the failing statement.
    static func naming<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as DriverError { throw StepFailure(e) }
    }
}

/// Discovery and preparation of the target (ENGINE.md §1, SPEC §3 "Schema").
enum StepPreparer {
    static func sourceRef(_ item: WorkItem) -> TableRef {
        TableRef(schema: item.pair.sourceSchema ?? item.bundle.source.databaseSchema, name: item.pair.sourceTable)
    }

    static func targetRef(_ item: WorkItem) -> TableRef {
        TableRef(schema: item.pair.targetSchema ?? item.bundle.target.databaseSchema, name: item.pair.targetTable)
    }

    /// Source side: the table (or custom query) columns and key, the plan, the row estimate. `computedTargets`: the
    /// existing target's generated columns, which the plan leaves to the target.
    static func describeSource(_ c: any SQLConnection, _ item: WorkItem, targetDialect: SQLDialect, target: TableRef,
                               textColumns: Set<String> = [], filter: String? = nil,
                               computedTargets: Set<String> = []) throws
        -> (TableInfo, LoadPlan, Int64?) {
        let ref = sourceRef(item)
        var info = try c.findTable(ref)
        if let q = item.pair.extractionQuery {
            // A custom query: its own result columns; the key is the table's when the query keeps its columns.
            let probe = try c.openCursor("SELECT * FROM (\(CustomSQL.trimmed(q))) ferry_q WHERE 1 = 0", [])
            let cols = probe.columns
            probe.close()
            let key = (info?.primaryKey ?? []).allSatisfy { k in cols.contains { $0.name == k } } ? (info?.primaryKey ?? []) : []
            info = TableInfo(ref: ref, columns: cols, primaryKey: key)
        }
        guard var source = info else {
            throw StepFailure.permanent("source table \(ref) does not exist in datasource '\(item.bundle.source.databaseName)'")
        }
        if item.pair.extractionQuery == nil, targetDialect.hasUserDefinedTypes, let catalog = c.userTypeCatalog {
            source.userTypes = try catalog.userTypes(of: source.ref)   // for a PostgreSQL target that lacks them
        }
        let renames = item.pair.mappings.map { LoadPlanner.Rename(source: $0.sourceColumn, target: $0.targetColumn) }
        let insertOnly = item.incremental == nil && (item.pair.loadMode == .insert || item.pair.loadMode == .truncateInsert)
        let plan: LoadPlan
        do {
            plan = try LoadPlanner.plan(source: source, sourceDialect: c.dialect, target: target,
                                        targetDialect: targetDialect, renames: renames, insertOnly: insertOnly,
                                        extractionQuery: item.pair.extractionQuery, loadQuery: item.pair.loadQuery,
                                        textColumns: textColumns, filter: filter, range: try keyRange(item),
                                        computedTargets: computedTargets)
        } catch let e as LoadPlanError {
            throw StepFailure.permanent(e.description)
        }
        return (source, plan, item.pair.extractionQuery == nil ? try? TableSize.rows(c, table: ref) : nil)
    }

    /// The partition's key range, typed; a range this version cannot read fails the step rather than read too much.
    static func keyRange(_ item: WorkItem) throws -> KeyRange? {
        guard let p = item.keyRange else { return nil }
        guard let r = KeyRange(p) else { throw StepFailure.permanent("the work item's key range holds a value this executor cannot read") }
        return r
    }

    /// Target side: creates the table when missing (option createTargetTables), checks the columns. Answers the
    /// table and whether its primary key is pending for this very step (``DeferredPrimaryKey``: its ranges then go
    /// straight in, and its last range adds the key).
    /// - Parameter sameEngine: source and target use the same native driver (PG↔PG, SQLite↔SQLite):
    ///   the target keeps the source's native column types verbatim.
    static func prepareTarget(_ c: any SQLConnection, _ item: WorkItem, source: TableInfo, sameEngine: Bool,
                              plan: LoadPlan, checkpoints: CheckpointTable) throws -> (TableInfo, keyPending: Bool) {
        try StepFailure.naming {
            try findOrCreateTarget(c, item, source: source, sameEngine: sameEngine, plan: plan, checkpoints: checkpoints)
        }
    }

    private static func findOrCreateTarget(_ c: any SQLConnection, _ item: WorkItem, source: TableInfo, sameEngine: Bool,
                                           plan: LoadPlan, checkpoints: CheckpointTable) throws -> (TableInfo, keyPending: Bool) {
        let ref = targetRef(item)
        if let t = try c.findTable(ref) {
            let missing = plan.targetColumns.filter { n in !t.columns.contains { $0.name == n } }
            if !missing.isEmpty && item.pair.loadQuery == nil {
                throw StepFailure.permanent("target table \(ref) has no column(s) \(missing.joined(separator: ", ")); add them or map the source columns with a mapping set")
            }
            return try pendingKey(c, item, t, checkpoints)
        }
        guard item.bundle.createTargetTables else {
            throw StepFailure.permanent("target table \(ref) does not exist and the bundle's createTargetTables is off")
        }
        var source = source
        // Same engine on both sides: keep the exact native types (PG→PG stays binary-compatible).
        var native = Set<String>()
        if sameEngine {
            native = Set(source.columns.map(\.name))
        }
        for m in item.pair.mappings {
            if let cast = m.cast, let i = source.columns.firstIndex(where: { $0.name == m.sourceColumn }) {
                source.columns[i].type = TypeMapping.logicalType(native: cast)
                native.remove(m.sourceColumn)
            }
        }
        // PG→PG: the enums, domains, composites and ranges the columns use are created in the table's schema.
        let userTypes = sameEngine && c.dialect.hasUserDefinedTypes ? source.userTypes.flatMap { $0.isEmpty ? nil : $0 } : nil
        let typeSchema = try userTypes.map { _ in try ref.schema ?? c.query("SELECT current_schema()").rows.first?.string(0) ?? "public" }
        if let userTypes, let typeSchema { source.columns = userTypes.retyped(source.columns, schema: typeSchema) }
        let renames = item.pair.mappings.map { LoadPlanner.Rename(source: $0.sourceColumn, target: $0.targetColumn) }
        let key = LoadPlanner.targetKey(source: source, renames: renames)
        let deferKey = DeferredPrimaryKey.applies(item, c, target: ref, key: key)
        let ddl = LoadPlanner.createTableSQL(source: source, target: ref, dialect: c.dialect, renames: renames, nativeTypes: native,
                                             withPrimaryKey: !deferKey)
        var created = false
        try SerializedDDL.run(c) {
            if try c.describeTable(ref) != nil { return }   // created meanwhile by a parallel step
            if let s = ref.schema, let create = c.dialect.createSchemaIfMissing(s) { try c.execute(create) }
            if let userTypes, let typeSchema { try userTypes.create(in: typeSchema, on: c) }
            do { try c.execute(ddl) } catch {
                // PostgreSQL: under the lock nobody else creates it, and the failed statement aborted the transaction,
                // so its error is the one to report (no second statement). Elsewhere (no transaction, no lock) a
                // parallel step may have created it meanwhile.
                if c.dialect.transactionLock != nil || (try? c.describeTable(ref)) == nil { throw error }
            }
            if deferKey { try DeferredPrimaryKey.mark(c, item, target: ref, key: key, checkpoints: checkpoints) }
            created = true
        }
        guard let table = try c.describeTable(ref) else {
            throw StepFailure.permanent("target table \(ref) could not be created")
        }
        if created { return (table, deferKey) }
        // Another range of this step (or a parallel step) created it meanwhile: its marker says whose key is pending.
        return try pendingKey(c, item, table, checkpoints)
    }

    /// An existing target and whether its key is pending for this step (a key another step left pending is added
    /// first, and the table described again with it).
    private static func pendingKey(_ c: any SQLConnection, _ item: WorkItem, _ t: TableInfo,
                                   _ checkpoints: CheckpointTable) throws -> (TableInfo, keyPending: Bool) {
        switch try DeferredPrimaryKey.addIfLeft(c, item, target: t, checkpoints: checkpoints) {
        case .nothing: return (t, false)
        case .thisStep: return (t, true)
        case .addedNow: return (try c.describeTable(t.ref) ?? t, false)
        }
    }
}
