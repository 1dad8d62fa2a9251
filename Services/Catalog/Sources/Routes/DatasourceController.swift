import FerryModels
import FerryServiceKit
import Hummingbird

/// RF01 — `/v1/datasource`. Passwords are encrypted before they are stored and never answered.
struct DatasourceController: Sendable {
    let store: CatalogStore
    let secrets: SecretBox
    let probe: DatasourceProbe

    func addRoutes(to group: FerryRouterGroup) {
        group.post(use: create)
        group.get(use: list)
        group.get("{uid}", use: get)
        group.put("{uid}", use: update)
        group.delete("{uid}", use: delete)
        group.post("{uid}/test", use: test)
        group.get("{uid}/tables", use: tables)
    }

    @Sendable func create(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<SavedEnvelope> {
        let body = try await request.decodeJSON(DatasourceRequest.self, context: context)
        var record = try DatasourceValidator.validate(body).get(orThrow: { FerryError.validation($0.errors) })
        if let pw = body.password, !pw.isEmpty { record.passwordEnc = try secrets.seal(pw) }
        let id = try await store.insertDatasource(record)
        return JSONResponse(SavedEnvelope(id: id, message: "Datasource created", description: record.databaseName), status: .created)
    }

    @Sendable func list(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<[DatasourceView]> {
        JSONResponse(try await store.datasources().map(\.view))
    }

    @Sendable func get(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<DatasourceView> {
        JSONResponse(try await existing(context).view)
    }

    /// A missing `password` keeps the stored one; an empty string clears it.
    @Sendable func update(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<SavedEnvelope> {
        let current = try await existing(context)
        let body = try await request.decodeJSON(DatasourceRequest.self, context: context)
        var record = try DatasourceValidator.validate(body, existing: current).get(orThrow: { FerryError.validation($0.errors) })
        if let pw = body.password { record.passwordEnc = pw.isEmpty ? nil : try secrets.seal(pw) }
        guard try await store.updateDatasource(record) else { throw FerryError.notFound("datasource \(current.id)") }
        return JSONResponse(SavedEnvelope(id: record.id, message: "Datasource updated", description: record.databaseName))
    }

    @Sendable func delete(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<MessageEnvelope> {
        let id = try context.requireInt64("uid")
        switch try await store.deleteDatasource(id) {
        case .deleted: return JSONResponse(MessageEnvelope(message: "Datasource \(id) deleted"))
        case .notFound: throw FerryError.notFound("datasource \(id)")
        case .inUse(let bundles):
            throw FerryError.conflict("datasource \(id) is used by bundle(s) \(bundles.joined(separator: ", ")); delete or change them first")
        }
    }

    @Sendable func test(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<ConnectionTestResult> {
        JSONResponse(try await probe.test(try await existing(context)))
    }

    @Sendable func tables(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<[DiscoveredTable]> {
        JSONResponse(try await probe.tables(try await existing(context)))
    }

    private func existing(_ context: FerryRequestContext) async throws -> DatasourceRecord {
        let id = try context.requireInt64("uid")
        guard let d = try await store.datasource(id) else { throw FerryError.notFound("datasource \(id)") }
        return d
    }
}

extension Result {
    /// The success value, or the failure turned into a thrown error.
    func get(orThrow make: (Failure) -> any Error) throws -> Success {
        switch self {
        case .success(let v): return v
        case .failure(let f): throw make(f)
        }
    }
}
