import FerryModels
import FerryServiceKit
import FerrySQL

/// `POST /v1/data/bundles/{uid}/reconcile`: compares the live source and target of every pair without copying
/// (useful after any tool's copy, not only Ferry's). Synchronous and bounded: one session per side for the whole
/// bundle, pairs one after the other, each comparison within ``TableReconciler/Limits`` (an equal pair costs one
/// digest query per side). A pair that cannot be compared (no key, custom SQL, a missing target table) is reported
/// unequal with the reason; an unreachable datasource or a Files target answers 422.
struct BundleReconciler: Sendable {
    let planner: BundlePlanner
    var store: CatalogStore { planner.store }
    var probe: DatasourceProbe { planner.probe }

    func reconcile(_ b: BundleRecord, method: ReconcileMethod) async throws -> BundleReconciliation {
        guard let src = try await store.datasource(b.sourceDatasource), let dst = try await store.datasource(b.targetDatasource) else {
            throw FerryError.unprocessable("bundle \(b.id) refers to a datasource that no longer exists")
        }
        if case .files = try probe.spec(dst) {
            throw FerryError.unprocessable("bundle \(b.id) exports to files: there is no target table to reconcile")
        }
        let plans = try await planner.plan(b)
        let (source, target) = try await open(src, dst)
        var pairs: [PairReconciliation] = []
        do {
            for p in plans {
                let r = try await reconcile(p, source: source, target: target, method: method)
                pairs.append(PairReconciliation(pairId: p.pairId, stepName: p.stepName, sourceTable: p.sourceTable,
                                                targetTable: p.targetTable, reconciliation: r))
            }
        } catch {
            await source.close(); await target.close()
            throw FerryError.unprocessable("reconciling bundle \(b.id): \(DatasourceProbe.message(error))")
        }
        await source.close(); await target.close()
        return BundleReconciliation(bundleId: b.id, method: method, equal: pairs.allSatisfy(\.reconciliation.equal), pairs: pairs)
    }

    /// Both sessions, connected at once (two logins in parallel); neither is left open when the other fails.
    private func open(_ src: DatasourceRecord, _ dst: DatasourceRecord) async throws -> (DatabaseSession, DatabaseSession) {
        async let s = open(src)
        async let t = open(dst)
        let source: DatabaseSession
        do { source = try await s } catch {
            if let target = try? await t { await target.close() }
            throw error
        }
        do { return (source, try await t) } catch { await source.close(); throw error }
    }

    private func open(_ d: DatasourceRecord) async throws -> DatabaseSession {
        let spec = try probe.spec(d)
        do { return try await DatabaseSession.open(spec) } catch {
            throw FerryError.unprocessable("cannot connect to '\(d.databaseName)': \(DatasourceProbe.message(error))")
        }
    }

    private func reconcile(_ p: PairPlan, source: DatabaseSession, target: DatabaseSession,
                           method: ReconcileMethod) async throws -> Reconciliation {
        func notDone(_ why: String) -> Reconciliation { .notCompared(method, why) }
        guard !p.plan.custom else { return notDone("the pair has custom SQL: its rows are not the table's") }
        let plan = p.plan
        async let sd = source.run { c in try c.describeTable(p.sourceRef) }
        async let td = target.run { c in try c.describeTable(p.targetRef) }
        let (s, t) = try await (sd, td)
        guard let s else { return notDone("source table \(p.sourceTable) does not exist") }
        guard let t else { return notDone("target table \(p.targetTable) does not exist") }
        guard let (st, tt) = ReconcileTable.pair(plan: plan, source: s, target: t) else {
            return notDone("the target table lacks a column of the plan, or the pair has no key")
        }
        return try await TableReconciler.reconcile(source: .init(session: source, table: st),
                                                   target: .init(session: target, table: tt), method: method)
    }
}
