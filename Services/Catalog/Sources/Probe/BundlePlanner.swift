import FerryModels
import FerryServiceKit
import FerrySQL

/// One pair's generated SQL, as `GET /v1/data/bundles/{uid}/plan` answers it.
struct PairPlan: Codable, Sendable {
    var pairId: Int64
    var stepName: String
    var relationalOrdering: Int
    var sourceTable: String
    var targetTable: String
    var loadMode: LoadMode
    var targetExists: Bool
    /// CREATE TABLE Ferry runs when the target is missing (bundle option createTargetTables).
    var createTargetSQL: String?
    var plan: LoadPlan
    /// The two tables as resolved (schema included), for the reconcile route; not part of the plan's answer.
    var sourceRef = TableRef(name: "")
    var targetRef = TableRef(name: "")

    enum CodingKeys: String, CodingKey {
        case pairId, stepName, relationalOrdering, sourceTable, targetTable, loadMode, targetExists, createTargetSQL, plan
    }
}

/// Builds the plan of every pair from the discovered source tables (SPEC §1: without custom SQL,
/// queries come from the primary key; a table with neither → 422).
struct BundlePlanner: Sendable {
    let store: CatalogStore
    let probe: DatasourceProbe

    static func sameEngine(_ a: DatasourceRecord, _ b: DatasourceRecord) -> Bool {
        let pa = ConnectionURL.canonicalProvider(a.provider), pb = ConnectionURL.canonicalProvider(b.provider)
        return pa == pb && (pa == "PostgreSQL" || pa == "SQLite")
    }

    func plan(_ b: BundleRecord) async throws -> [PairPlan] {
        guard let src = try await store.datasource(b.sourceDatasource), let dst = try await store.datasource(b.targetDatasource) else {
            throw FerryError.unprocessable("bundle \(b.id) refers to a datasource that no longer exists")
        }
        struct PairInput: Sendable {
            var pair: PairRecord; var source: TableRef; var target: TableRef; var mappings: [MappingView]
        }
        var inputs: [PairInput] = []
        for p in b.pairs {
            guard let s = try await store.table(p.sourceTable), let t = try await store.table(p.targetTable) else {
                throw FerryError.unprocessable("bundle \(b.id) refers to a table that no longer exists")
            }
            let mappings = try await p.mappingSet.asyncMap { try await store.mappingSet($0)?.mappings } ?? nil
            inputs.append(PairInput(pair: p, source: TableRef(schema: s.schema ?? src.schema, name: s.tablePhysicalName),
                                    target: TableRef(schema: t.schema ?? dst.schema, name: t.tablePhysicalName),
                                    mappings: mappings ?? []))
        }
        let pairsIn = inputs
        let sourceInfo: [(SQLDialect, TableInfo?)] = try await probe.with(src) { c in try pairsIn.map { (c.dialect, try c.findTable($0.source)) } }
        // A Files target has no tables: each pair is planned in the source's dialect (its extraction side is what
        // the export runs) and reported as a target that needs no CREATE TABLE.
        let exports: Bool
        if case .files = try probe.spec(dst) { exports = true } else { exports = false }
        let targetInfo: [(SQLDialect, TableInfo?)] = exports
            ? sourceInfo.map { ($0.0, nil) }
            : try await probe.with(dst) { c in try pairsIn.map { (c.dialect, try c.findTable($0.target)) } }
        var out: [PairPlan] = []
        for (i, input) in inputs.enumerated() {
            let (sd, sInfo) = sourceInfo[i]
            let (td, tInfo) = targetInfo[i]
            guard let source = sInfo else {
                throw FerryError.unprocessable("source table \(input.source) does not exist in '\(src.databaseName)'",
                                               field: "bundledTables[\(i)].sourceTableId")
            }
            let renames = input.mappings.map { LoadPlanner.Rename(source: $0.sourceColumn, target: $0.targetColumn) }
            let mode = input.pair.loadMode
            do {
                let plan = try LoadPlanner.plan(source: source, sourceDialect: sd, target: tInfo?.ref ?? input.target,
                                                targetDialect: td, renames: renames,
                                                insertOnly: mode == .insert || mode == .truncateInsert,
                                                extractionQuery: input.pair.extractionQuery, loadQuery: input.pair.loadQuery)
                let create = tInfo == nil && !exports ? LoadPlanner.createTableSQL(source: source, target: input.target, dialect: td, renames: renames,
                                                                       nativeTypes: Self.sameEngine(src, dst) ? Set(source.columns.map(\.name)) : [])
                    : nil
                out.append(PairPlan(pairId: input.pair.id, stepName: "STEP-" + input.source.name.uppercased(),
                                    relationalOrdering: input.pair.relationalOrdering, sourceTable: input.source.description,
                                    targetTable: (tInfo?.ref ?? input.target).description, loadMode: mode,
                                    targetExists: tInfo != nil, createTargetSQL: create, plan: plan,
                                    sourceRef: source.ref, targetRef: tInfo?.ref ?? input.target))
            } catch let e as LoadPlanError {
                throw FerryError.unprocessable(e.description, field: "bundledTables[\(i)]")
            }
        }
        return out
    }
}
