import FerryModels
import FerrySQL

/// The check after a step's last commit (bundle option `reconcile`): source against target over the step's own key
/// range — a partition checks only its range, so a split table's partitions together check it once. Runs on the
/// step's two sessions (their own threads), the source and target side at the same time.
///
/// Not checked after the step: Files targets and manifests (no table to compare; the step never gets here) and
/// incremental windows — the target holds every earlier window and the source goes on changing outside this one, so
/// a table-wide count or digest would report differences the step did not cause (compare those on demand with
/// `POST /v1/data/bundles/{uid}/reconcile`). A pair that cannot be compared (custom SQL, no key) or a check that
/// fails to run answers a block with its `message`: the rows are committed, the step is not failed for it.
enum StepReconciliation {
    static func method(_ item: WorkItem) -> ReconcileMethod { item.bundle.reconcile ?? .default }

    /// Whether a check follows the step at all (not `off`, not an incremental window).
    static func runs(_ item: WorkItem) -> Bool { method(item) != .off && item.incremental == nil }

    /// - Parameter sourceCount: the ``sourceCount(_:setup:on:)`` taken after the read, if any.
    static func check(_ item: WorkItem, setup: StepSetup, source: DatabaseSession, target: DatabaseSession,
                      sourceCount: Int64? = nil) async -> Reconciliation? {
        guard runs(item) else { return nil }
        let method = method(item)
        func notCompared(_ why: String) -> Reconciliation { .notCompared(method, why) }
        if hasCustomSQL(item) { return notCompared("the pair has custom SQL: its rows are not the table's") }
        guard let (s, t) = tables(item, setup) else { return notCompared("the pair has no key to compare by") }
        do {
            let range = try StepPreparer.keyRange(item) ?? .all
            return try await TableReconciler.reconcile(source: .init(session: source, table: s),
                                                       target: .init(session: target, table: t), method: method, range: range,
                                                       sourceCount: sourceCount)
        } catch {
            return notCompared("the check could not run: \(StepError.describe(error).message)")
        }
    }

    /// The source's rows in the step's range, counted on the reader's connection as soon as it read its last row —
    /// in the reader's snapshot, while the writer still commits the last chunks — so the default `count` check
    /// then waits for the target's count alone. nil when the check is no plain count of a comparable pair, or the
    /// count failed (the check then counts the source itself).
    static func sourceCount(_ item: WorkItem, setup: StepSetup, on c: any SQLConnection) -> Int64? {
        guard runs(item), method(item) == .count, !hasCustomSQL(item), let (s, _) = tables(item, setup),
              let range = try? StepPreparer.keyRange(item) ?? .all else { return nil }
        return try? TableReconciler.count(c, s, range)
    }

    private static func hasCustomSQL(_ item: WorkItem) -> Bool { item.pair.extractionQuery != nil || item.pair.loadQuery != nil }

    private static func tables(_ item: WorkItem, _ setup: StepSetup) -> (ReconcileTable, ReconcileTable)? {
        let sourceTable = TableInfo(ref: setup.sourceRef ?? StepPreparer.sourceRef(item), columns: setup.sourceColumns,
                                    primaryKey: setup.plan.keyColumns)
        return ReconcileTable.pair(plan: setup.plan, source: sourceTable, target: setup.targetTable)
    }
}
