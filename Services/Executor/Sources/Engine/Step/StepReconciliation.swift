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

    static func check(_ item: WorkItem, setup: StepSetup, source: DatabaseSession, target: DatabaseSession) async
        -> Reconciliation? {
        let method = method(item)
        guard method != .off, item.incremental == nil else { return nil }
        func notCompared(_ why: String) -> Reconciliation { .notCompared(method, why) }
        if item.pair.extractionQuery != nil || item.pair.loadQuery != nil {
            return notCompared("the pair has custom SQL: its rows are not the table's")
        }
        let sourceTable = TableInfo(ref: setup.sourceRef ?? StepPreparer.sourceRef(item), columns: setup.sourceColumns,
                                    primaryKey: setup.plan.keyColumns)
        guard let (s, t) = ReconcileTable.pair(plan: setup.plan, source: sourceTable, target: setup.targetTable) else {
            return notCompared("the pair has no key to compare by")
        }
        do {
            let range = try StepPreparer.keyRange(item) ?? .all
            return try await TableReconciler.reconcile(source: .init(session: source, table: s),
                                                       target: .init(session: target, table: t), method: method, range: range)
        } catch {
            return notCompared("the check could not run: \(StepError.describe(error).message)")
        }
    }
}
