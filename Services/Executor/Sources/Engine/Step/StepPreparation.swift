import FerryModels
import FerrySQL

/// The step's first phase, before any row moves: discover the source, create or check the target, decide
/// how to read and write (binary passthrough or decoding), and find the checkpoint to resume from.
/// Answers one ``StepSetup`` that the rest of the step only reads.
extension StepPreparer {
    static func prepare(_ item: WorkItem, source: ConnectionSpec, target: ConnectionSpec,
                        sourceSession src: DatabaseSession, targetSession dst: DatabaseSession,
                        checkpoints: CheckpointLocation, phases: StepPhaseTimes = StepPhaseTimes()) async throws -> StepSetup {
        let discovering = ContinuousClock.now
        let (targetDialect, existing) = try await dst.run { c in (c.dialect, try c.findTable(targetRef(item))) }
        let targetName = existing?.ref ?? targetRef(item)
        let computed = computedColumns(existing)
        let (sourceInfo, plan, estimate, window, drift) = try await describeWindowed(item, src, targetDialect: targetDialect,
                                                                                   target: targetName, existing: existing,
                                                                                   computedTargets: computed)
        let filter = window?.filter
        let sameEngine = source.sharesNativeTypes(with: target)
        let sourceOIDs: [UInt32]? = try await src.run { c in try c.binaryCopy?.describeQuery(plan.extractionSQL).map(\.oid) }
        phases.add(.discover, ContinuousClock.now - discovering)
        var setup = try await phases.measure(.prepareTarget) { try await dst.run { c in
            try drift.addColumns(c, target: targetName, sameEngine: sameEngine)
            let table = checkpoints.table(for: c.dialect)
            try table.ensure(c)
            let (target, keyPending) = try prepareTarget(c, item, source: sourceInfo, sameEngine: sameEngine, plan: plan,
                                                         checkpoints: table)
            let cp = try resumePoint(c, item, table: table, target: target.ref, targetKey: plan.targetKeyColumns,
                                     incremental: window != nil, keyPending: keyPending)
            let targetOIDs: [UInt32]? = try c.binaryCopy.map { copy in
                let all = try copy.columnTypeOIDs(of: target.ref)
                return plan.targetColumns.map { n in target.columns.firstIndex { $0.name == n }.map { all[$0] } ?? 0 }
            }
            let keyIndexes = plan.keyColumns.compactMap { k in plan.sourceColumns.firstIndex(of: k) }
            let passthrough = sourceOIDs != nil && targetOIDs != nil && sourceOIDs == targetOIDs
                && item.pair.loadQuery == nil && !(sourceOIDs ?? []).contains(0)
            return StepSetup(plan: plan, sourceColumns: sourceInfo.columns, targetTable: target, keyIndexes: keyIndexes,
                             checkpoint: cp, sourceOIDs: sourceOIDs, targetOIDs: targetOIDs, passthrough: passthrough,
                             sourceRows: estimate, window: window, keyPending: keyPending)
        } }
        setup.sourceRef = sourceInfo.ref
        if !setup.passthrough, let oids = setup.sourceOIDs {
            let plan = setup.plan
            (setup.plan, setup.sourceOIDs, _) = try await phases.measure(.discover) {
                try await decodable(item, plan: plan, oids: oids, sourceSession: src, targetDialect: targetDialect,
                                    target: targetName, filter: filter, computedTargets: computed)
            }
        }
        return setup
    }

    /// Decoding (not passthrough): columns of types the binary decoder does not know are read as text. Answers the
    /// plan and OIDs to read with and the columns now read as text.
    static func decodable(_ item: WorkItem, plan: LoadPlan, oids: [UInt32], sourceSession src: DatabaseSession,
                          targetDialect: SQLDialect, target: TableRef, filter: String? = nil,
                          computedTargets: Set<String> = []) async throws -> (LoadPlan, [UInt32]?, Set<String>) {
        guard oids.contains(where: { !BinaryTupleDecoder.canDecode(oid: $0) }) else { return (plan, oids, []) }
        let text = Set(zip(plan.sourceColumns, oids).filter { !BinaryTupleDecoder.canDecode(oid: $0.1) }.map(\.0))
        let replanned = try await src.run { c in
            try describeSource(c, item, targetDialect: targetDialect, target: target, textColumns: text, filter: filter,
                               computedTargets: computedTargets).1
        }
        let replannedOIDs = try await src.run { c in try c.binaryCopy?.describeQuery(replanned.extractionSQL).map(\.oid) }
        return (replanned, replannedOIDs, text)
    }

    /// The columns an existing target computes itself (generated): never written.
    static func computedColumns(_ target: TableInfo?) -> Set<String> {
        Set((target?.columns ?? []).filter(\.generated).map(\.name))
    }

    /// The source's table and plan; for an incremental step also its delta window (`high`, then the rows, in one
    /// snapshot the window leaves open on the source connection), the plan reading only that window, and how the
    /// source's columns changed since the last window (``SchemaDrift``: an added column widens the window).
    static func describeWindowed(_ item: WorkItem, _ src: DatabaseSession, targetDialect: SQLDialect, target: TableRef,
                                 existing: TableInfo?, computedTargets computed: Set<String>)
    async throws -> (TableInfo, LoadPlan, Int64?, DeltaWindow?, SchemaDrift) {
        let (sourceInfo, plan, estimate) = try await src.run { c in
            try describeSource(c, item, targetDialect: targetDialect, target: target, computedTargets: computed)
        }
        guard var w = item.incremental else { return (sourceInfo, plan, estimate, nil, SchemaDrift()) }
        let drift = try SchemaDrift.check(item, source: sourceInfo, plan: plan, target: existing)
        if drift.widens { w.low = nil; w.lowTime = nil }
        let columns = SchemaDrift.columns(sourceInfo, plan: plan)
        let open = w
        var window = try await src.run { c in try DeltaWindow.open(c, open, sourceInfo) }
        window.columns = columns
        let filter = window.filter
        let windowed = try await src.run { c in
            try describeSource(c, item, targetDialect: targetDialect, target: target, filter: filter,
                               computedTargets: computed).1
        }
        // The table's size is not the window's: totals come from the rows read.
        return (sourceInfo, windowed, nil, window, drift)
    }

    /// The checkpoint this step execution resumes from. A new step starts one, deciding whether rows may go
    /// straight into the table (it is empty, or the mode only inserts) and emptying it for `truncate-insert`;
    /// a restart of the same job instance keeps the key and starts its own counters. An incremental window is
    /// always merged by key and read again whole (harmless): an earlier attempt's high may differ, and resuming
    /// after its last key would skip rows changed since.
    /// `keyPending`: this step created the target and adds its key later (``DeferredPrimaryKey``): a range it has not
    /// begun holds no row, so it goes straight in without probing the keyless table.
    static func resumePoint(_ c: any SQLConnection, _ item: WorkItem, table: CheckpointTable, target: TableRef,
                            targetKey: [String] = [], incremental: Bool = false, keyPending: Bool = false) throws -> Checkpoint {
        let epoch = item.leaseEpoch ?? 0
        if try table.read(c, stepKey: item.stepKey, part: item.partition) != nil {
            // Fence first, then read under the row lock it took: a paused executor holding an older lease
            // cannot commit after this read (its checkpoint write would carry a lower epoch and be refused).
            return try c.transaction {
                guard try table.fence(c, stepKey: item.stepKey, part: item.partition, epoch: epoch),
                      var cp = try table.read(c, stepKey: item.stepKey, part: item.partition) else {
                    throw CheckpointFenced(epoch: epoch)
                }
                if incremental {
                    cp.lastKey = nil; cp.done = false; cp.direct = false; cp.counts = StepCounts()
                }
                if cp.executionId != item.jobExecutionId {
                    // A restart: the key carries over, the counters are this execution's own.
                    cp.executionId = item.jobExecutionId
                    cp.counts = StepCounts()
                }
                return cp
            }
        }
        let mode = incremental ? .upsert : item.pair.loadMode
        let range = try keyRange(item)
        if range != nil { try TargetPreparation.once(c, item, table: table, target: target, mode: mode) }
        return try c.transaction {
            var direct = mode == .insert || mode == .truncateInsert || keyPending
            if mode == .truncateInsert && range == nil {
                try c.execute(c.dialect.truncate(target))
            } else if mode != .insert && mode != .truncateInsert && !incremental && !keyPending {
                // A partition goes straight in when its own range of the target is empty (ranges never overlap).
                let cond = range.map { c.dialect.keyRangeCondition($0, key: targetKey) }
                direct = try c.query(c.dialect.anyRowProbe(target, where: cond?.sql), cond?.parameters ?? []).rows.isEmpty
            }
            let fresh = Checkpoint(executionId: item.jobExecutionId, lastKey: nil, counts: StepCounts(),
                                   direct: direct, done: false, leaseEpoch: epoch)
            try table.write(c, stepKey: item.stepKey, part: item.partition, fresh)
            return fresh
        }
    }
}

/// Where a target keeps its checkpoint table (FERRY_CHECKPOINT_TABLE / FERRY_CHECKPOINT_SCHEMA).
struct CheckpointLocation: Sendable, Equatable {
    var name = "ferry_checkpoint"
    var schema = "ferry"

    func table(for dialect: SQLDialect) -> CheckpointTable { CheckpointTable(dialect: dialect, name: name, schema: schema) }
}
