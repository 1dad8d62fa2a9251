import FerryModels
import FerryServiceKit
import Hummingbird

/// RF02 — `/v1/data/tables`: physical table names, validated so nothing unsafe reaches SQL.
struct TableController: Sendable {
    let store: CatalogStore

    func addRoutes(to group: FerryRouterGroup) {
        group.post(use: create)
        group.get(use: list)
        group.get("{uid}", use: get)
        group.put("{uid}", use: update)
        group.delete("{uid}", use: delete)
    }

    private func validated(_ body: DataTableRequest) throws -> (String, String?) {
        var check = FieldCheck()
        let name = check.identifier(body.tablePhysicalName?.trimmingCharacters(in: .whitespaces), "tablePhysicalName", required: true)
        let schema = check.identifier(body.schema?.trimmingCharacters(in: .whitespaces), "schema")
        guard check.ok, let name else { throw FerryError.validation(check.errors) }
        return (name, schema)
    }

    @Sendable func create(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<SavedEnvelope> {
        let (name, schema) = try validated(try await request.decodeJSON(DataTableRequest.self, context: context))
        let id = try await store.insertTable(name: name, schema: schema)
        return JSONResponse(SavedEnvelope(id: id, message: "Table created", description: name), status: .created)
    }

    @Sendable func list(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<[DataTableView]> {
        JSONResponse(try await store.tables())
    }

    @Sendable func get(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<DataTableView> {
        let id = try context.requireInt64("uid")
        guard let t = try await store.table(id) else { throw FerryError.notFound("table \(id)") }
        return JSONResponse(t)
    }

    @Sendable func update(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<SavedEnvelope> {
        let id = try context.requireInt64("uid")
        guard try await store.table(id) != nil else { throw FerryError.notFound("table \(id)") }
        let (name, schema) = try validated(try await request.decodeJSON(DataTableRequest.self, context: context))
        guard try await store.updateTable(id, name: name, schema: schema) else { throw FerryError.notFound("table \(id)") }
        return JSONResponse(SavedEnvelope(id: id, message: "Table updated", description: name))
    }

    @Sendable func delete(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<MessageEnvelope> {
        let id = try context.requireInt64("uid")
        switch try await store.deleteTable(id) {
        case .deleted: return JSONResponse(MessageEnvelope(message: "Table \(id) deleted"))
        case .notFound: throw FerryError.notFound("table \(id)")
        case .inUse(let bundles):
            throw FerryError.conflict("table \(id) is used by bundle(s) \(bundles.joined(separator: ", ")); delete or change them first")
        }
    }
}
