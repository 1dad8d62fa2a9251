import Foundation
import FerryModels
import FerryServiceKit
import FerrySQL
import Hummingbird

/// RF03 — `/v1/data/bundles`: named, ordered sets of source → target table pairs.
struct BundleController: Sendable {
    let store: CatalogStore
    let planner: BundlePlanner

    func addRoutes(to group: FerryRouterGroup) {
        group.post(use: create)
        group.get(use: list)
        group.get("{uid}", use: get)
        group.put("{uid}", use: update)
        group.delete("{uid}", use: delete)
        group.get("{uid}/plan", use: plan)
        group.post("{uid}/reconcile", use: reconcile)
    }

    /// Shape checks, then every reference checked against the store; all problems in one answer.
    private func validated(_ body: BundleRequest, id: Int64 = 0) async throws -> BundleRecord {
        var errors: [FieldError] = []
        var record: BundleRecord?
        switch BundleValidator.validate(body) {
        case .success(let r): record = r
        case .failure(let e): errors = e.errors
        }
        if let s = body.sourceDatasourceId, try await store.datasource(s) == nil {
            errors.append(FieldError(field: "sourceDatasourceId", message: "datasource \(s) does not exist"))
        }
        if let t = body.targetDatasourceId {
            if let target = try await store.datasource(t) {
                // Seed 003's manifest lists export files: only a Files target has any.
                if body.manifestOption == true && target.provider != ConnectionSpec.Driver.files.rawValue {
                    errors.append(FieldError(field: "manifestOption",
                                             message: "needs a Files target; datasource \(t) is \(target.provider)"))
                }
            } else {
                errors.append(FieldError(field: "targetDatasourceId", message: "datasource \(t) does not exist"))
            }
        }
        let pairs = body.bundledTables ?? []
        let missing = try await store.missingTables(pairs.flatMap { [$0.sourceTableId, $0.targetTableId].compactMap { $0 } })
        for (i, p) in pairs.enumerated() {
            if let s = p.sourceTableId, missing.contains(s) {
                errors.append(FieldError(field: "bundledTables[\(i)].sourceTableId", message: "table \(s) does not exist"))
            }
            if let t = p.targetTableId, missing.contains(t) {
                errors.append(FieldError(field: "bundledTables[\(i)].targetTableId", message: "table \(t) does not exist"))
            }
            if let m = p.mappingSetId, try await !store.mappingSetExists(m) {
                errors.append(FieldError(field: "bundledTables[\(i)].mappingSetId", message: "mapping set \(m) does not exist"))
            }
        }
        guard errors.isEmpty, var r = record else { throw FerryError.validation(errors) }
        r.id = id
        return r
    }

    @Sendable func create(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<SavedEnvelope> {
        let record = try await validated(try await request.decodeJSON(BundleRequest.self, context: context))
        let id = try await save(record)
        return JSONResponse(SavedEnvelope(id: id, message: "Bundle created", description: record.name), status: .created)
    }

    @Sendable func update(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<SavedEnvelope> {
        let id = try context.requireInt64("uid")
        guard try await store.bundle(id) != nil else { throw FerryError.notFound("bundle \(id)") }
        let record = try await validated(try await request.decodeJSON(BundleRequest.self, context: context), id: id)
        _ = try await save(record)
        return JSONResponse(SavedEnvelope(id: id, message: "Bundle updated", description: record.name))
    }

    private func save(_ r: BundleRecord) async throws -> Int64 {
        do { return try await store.saveBundle(r) } catch CatalogStoreError.duplicateName(let n) {
            throw FerryError(status: .conflict, message: "a bundle named '\(n)' already exists",
                             errors: [FieldError(field: "bundleName", message: "must be unique")])
        } catch CatalogStoreError.notFound {
            throw FerryError.notFound("bundle \(r.id)")
        }
    }

    @Sendable func list(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<[BundleView]> {
        JSONResponse(try await store.bundles().map(\.view))
    }

    @Sendable func get(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<BundleView> {
        let id = try context.requireInt64("uid")
        guard let b = try await store.bundle(id) else { throw FerryError.notFound("bundle \(id)") }
        return JSONResponse(b.view)
    }

    @Sendable func delete(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<MessageEnvelope> {
        let id = try context.requireInt64("uid")
        guard try await store.deleteBundle(id) else { throw FerryError.notFound("bundle \(id)") }
        return JSONResponse(MessageEnvelope(message: "Bundle \(id) deleted"))
    }

    /// The SQL each pair will run, generated from the discovered primary key (or the custom SQL).
    @Sendable func plan(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<[PairPlan]> {
        let id = try context.requireInt64("uid")
        guard let b = try await store.bundle(id) else { throw FerryError.notFound("bundle \(id)") }
        return JSONResponse(try await planner.plan(b))
    }

    /// Compares the live source and target of every pair without copying (synchronous, bounded).
    @Sendable func reconcile(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<BundleReconciliation> {
        let id = try context.requireInt64("uid")
        let bytes = try await request.collectBytes()
        var body = ReconcileRequest()
        if bytes.contains(where: { $0 > 0x20 }) {
            do { body = try JSONDecoder().decode(ReconcileRequest.self, from: Data(bytes)) } catch let e as DecodingError {
                throw FerryError.from(decodingError: e, body: bytes)
            }
        }
        var method = ReconcileMethod.digest
        if let m = body.method {
            guard let parsed = ReconcileMethod(rawValue: m.lowercased()), parsed != .off else {
                throw FerryError.invalidField("method", "must be count or digest")
            }
            method = parsed
        }
        guard let b = try await store.bundle(id) else { throw FerryError.notFound("bundle \(id)") }
        return JSONResponse(try await BundleReconciler(planner: planner).reconcile(b, method: method))
    }
}
