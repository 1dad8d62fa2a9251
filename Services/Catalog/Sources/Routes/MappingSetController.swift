import FerryModels
import FerryServiceKit
import FerrySQL
import Hummingbird

/// Seed 001 — `/v1/mappingSets`: source column → target column renames with optional casts.
struct MappingSetController: Sendable {
    let store: CatalogStore

    func addRoutes(to group: FerryRouterGroup) {
        group.post(use: create)
        group.get("{id}", use: get)
    }

    @Sendable func create(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<SavedEnvelope> {
        let body = try await request.decodeJSON(MappingSetRequest.self, context: context)
        var check = FieldCheck()
        let name = check.optional(body.name, "name", max: 128)
        var mappings: [MappingView] = []
        if let list = body.mappings, !list.isEmpty {
            var targets = Set<String>(), sources = Set<String>()
            for (i, m) in list.prefix(10_000).enumerated() {
                let f = "mappings[\(i)]"
                let s = check.identifier(m.source, "\(f).sourceColumn", required: true)
                let t = check.identifier(m.target, "\(f).targetColumn", required: true)
                var cast: String?
                if let c = m.cast?.trimmingCharacters(in: .whitespaces).lowercased(), !c.isEmpty {
                    if MappingCast.allowed.contains(c) { cast = c }
                    else { check.fail("\(f).cast", "must be one of \(MappingCast.allowed.joined(separator: ", "))") }
                }
                if let s, !sources.insert(s).inserted { check.fail("\(f).sourceColumn", "'\(s)' is mapped twice") }
                if let t, !targets.insert(t).inserted { check.fail("\(f).targetColumn", "'\(t)' is the target of two mappings") }
                if let s, let t { mappings.append(MappingView(sourceColumn: s, targetColumn: t, cast: cast)) }
            }
            if list.count > 10_000 { check.fail("mappings", "must contain at most 10000 mappings") }
        } else {
            check.fail("mappings", "must contain at least one mapping")
        }
        guard check.ok else { throw FerryError.validation(check.errors) }
        let id = try await store.insertMappingSet(name: name, mappings: mappings)
        return JSONResponse(SavedEnvelope(id: id, message: "Mapping set created", description: name), status: .created)
    }

    @Sendable func get(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<MappingSetView> {
        let id = try context.requireInt64("id")
        guard let m = try await store.mappingSet(id) else { throw FerryError.notFound("mapping set \(id)") }
        return JSONResponse(m)
    }
}
