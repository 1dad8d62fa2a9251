import FerryModels
import FerryServiceKit
import FerrySQL
import Hummingbird

/// Routes for the other services, behind the internal token: decrypted credentials (executors
/// only), a bundle resolved into everything a run needs, and whether its pairs can use a delta column.
struct InternalController: Sendable {
    let store: CatalogStore
    let secrets: SecretBox
    let probe: DatasourceProbe
    let partitions: PartitionPlanner

    func addRoutes(to group: FerryRouterGroup) {
        group.get("datasource/{uid}/credentials", use: credentials)
        group.get("bundles/{uid}/spec", use: spec)
        group.get("bundles/{uid}/deltaColumns", use: deltaColumns)
    }

    /// Each pair's delta column (its own, else `?flowColumn=`) checked against the source table as it is now
    /// (``DeltaColumnRule``). Pairs with neither are left out; an unreachable source is a 422.
    @Sendable func deltaColumns(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<[DeltaColumnCheck]> {
        let id = try context.requireInt64("uid")
        let flowColumn = request.queryString("flowColumn").flatMap { $0.isEmpty ? nil : $0 }
        guard let b = try await store.bundle(id) else { throw FerryError.notFound("bundle \(id)") }
        guard let src = try await store.datasource(b.sourceDatasource) else {
            throw FerryError.unprocessable("bundle \(id) refers to a datasource that no longer exists")
        }
        struct Ask: Sendable { var pairId: Int64; var table: TableRef; var column: String; var fromFlow: Bool }
        var asks: [Ask] = []
        for p in b.pairs {
            guard let column = p.deltaColumn ?? flowColumn else { continue }
            guard let s = try await store.table(p.sourceTable) else {
                throw FerryError.unprocessable("bundle \(id) refers to a table that no longer exists")
            }
            asks.append(Ask(pairId: p.id, table: TableRef(schema: s.schema ?? src.schema, name: s.tablePhysicalName),
                            column: column, fromFlow: p.deltaColumn == nil))
        }
        guard !asks.isEmpty else { return JSONResponse([]) }
        let pending = asks
        let checks = try await probe.with(src) { c in
            try pending.map { a -> DeltaColumnCheck in
                let problem: String?
                if let t = try c.findTable(a.table) {
                    if case .failure(let p) = DeltaColumnRule.check(a.column, in: t) { problem = p.description } else { problem = nil }
                } else {
                    problem = "source table \(a.table) does not exist"
                }
                return DeltaColumnCheck(pairId: a.pairId, sourceTable: a.table.description, column: a.column,
                                        fromFlow: a.fromFlow, problem: problem)
            }
        }
        return JSONResponse(checks)
    }

    @Sendable func credentials(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<DatasourceCredentials> {
        let id = try context.requireInt64("uid")
        guard let d = try await store.datasource(id) else { throw FerryError.notFound("datasource \(id)") }
        let password: String?
        do { password = try d.passwordEnc.map(secrets.open) } catch {
            throw FerryError.unprocessable("the stored password of datasource \(id) cannot be decrypted with the configured FERRY_SECRET_KEY")
        }
        return JSONResponse(DatasourceCredentials(uid: d.id, databaseName: d.databaseName, databaseProvider: d.provider,
                                                  jdbcConnectionUrl: d.jdbcURL, userName: d.userName, password: password,
                                                  databaseSchema: d.schema))
    }

    @Sendable func spec(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<BundleSpec> {
        let id = try context.requireInt64("uid")
        guard let b = try await store.bundle(id) else { throw FerryError.notFound("bundle \(id)") }
        guard let src = try await store.datasource(b.sourceDatasource), let dst = try await store.datasource(b.targetDatasource) else {
            throw FerryError.unprocessable("bundle \(id) refers to a datasource that no longer exists")
        }
        var pairs: [TablePairSpec] = []
        for p in b.pairs {
            guard let s = try await store.table(p.sourceTable), let t = try await store.table(p.targetTable) else {
                throw FerryError.unprocessable("bundle \(id) refers to a table that no longer exists")
            }
            let mappings = try await p.mappingSet.asyncMap { try await store.mappingSet($0)?.mappings } ?? nil
            pairs.append(TablePairSpec(pairId: p.id, sourceTable: s.tablePhysicalName, sourceSchema: s.schema,
                                       targetTable: t.tablePhysicalName, targetSchema: t.schema,
                                       relationalOrdering: p.relationalOrdering, extractionQuery: p.extractionQuery,
                                       loadQuery: p.loadQuery, loadMode: p.loadMode, deltaColumn: p.deltaColumn,
                                       mappings: mappings ?? [], nullDeltaRows: p.nullDeltaRows))
        }
        let filesTarget: Bool
        if case .files = try partitions.probe.spec(dst) { filesTarget = true } else { filesTarget = false }
        pairs = await partitions.plan(b.partitions, source: src, filesTarget: filesTarget, pairs: pairs)
        return JSONResponse(BundleSpec(bundleId: b.id, bundleName: b.name, source: src.ref, target: dst.ref, pairs: pairs,
                                       chunkSize: b.chunkSize, createTargetTables: b.createTargetTables, skipLimit: b.skipLimit,
                                       partialIngestionPercent: b.partialPercent, manifestOption: b.manifestOption,
                                       batchCode: b.batchCode, exportFormat: b.exportFormat, compression: b.compression,
                                       maxFileRows: b.maxFileRows, maxFileBytes: b.maxFileBytes, partitions: b.partitions,
                                       schemaEvolution: b.schemaEvolution, reconcile: b.reconcile))
    }
}

extension Optional {
    func asyncMap<T>(_ f: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let v = self else { return nil }
        return try await f(v)
    }
}
