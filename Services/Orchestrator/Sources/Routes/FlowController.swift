import Foundation
import FerryServiceKit
import Hummingbird

/// Seed 001's flows (SPEC §3a): `POST/GET /v1/flows`, `GET/PATCH/DELETE /v1/flows/{id}`, runs under
/// `/v1/flows/{id}/runs`, and `GET /v1/flowSpecs` with the JSON Schemas these routes enforce.
struct FlowController: Sendable {
    let store: OrchestratorStore
    let bundles: FlowBundles
    let settings: OrchestratorSettings
    let signal: WorkSignal

    func addRoutes(to group: FerryRouterGroup) {
        group.get("flowSpecs", use: specs)
        group.post("flows", use: create)
        group.get("flows", use: list)
        group.get("flows/{id}", use: get)
        group.patch("flows/{id}", use: patch)
        group.delete("flows/{id}", use: delete)
        group.post("flows/{id}/runs", use: startRun)
        group.get("flows/{id}/runs", use: runs)
        group.get("flows/{id}/runs/{runId}", use: run)
    }

    @Sendable func specs(_ request: Request, context: FerryRequestContext) async throws -> Response {
        Response.json(Array(FlowSpecs.json.utf8))
    }

    /// 201 `{"id": "12", "uid": 12, "etag": "\"1\"", "success": true, "message": "Flow created", "description": "CRM hourly"}`.
    @Sendable func create(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<FlowSavedEnvelope> {
        let body = try await request.decodeJSON(JSONValue.self, context: context)
        let d = try FlowBody.parse(body, base: nil)
        try await checkReferences(d, body: body, requestID: context.requestID)
        let row = try await store.createFlow(d, now: settings.now())
        context.logger.info("flow \(row.id) created for bundle \(d.bundleId) (\(d.schedule.frequency.rawValue))")
        return JSONResponse(FlowSavedEnvelope(uid: row.id, etag: row.etag, message: "Flow created", description: d.name),
                            status: .created)
    }

    /// `?bundleId=&page=&size=` — oldest first.
    @Sendable func list(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<FlowPage> {
        let bundleId = try QueryChecks.positiveInt64(request, "bundleId")
        let (page, size) = try QueryChecks.paging(request)
        let (rows, total) = try await store.flows(bundleId: bundleId, page: page, size: size)
        let now = settings.now()
        return JSONResponse(FlowPage(items: rows.map { $0.view(now: now) }, page: page, size: size, total: total))
    }

    @Sendable func get(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<FlowView> {
        let row = try await flow(context)
        return JSONResponse(row.view(now: settings.now()), headers: [.eTag: row.etag])
    }

    /// Changes the given fields (`state`, `scheduleParams` as a whole, single `options`, …); `If-Match` with the
    /// etag refuses a change made on a stale read (412).
    @Sendable func patch(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<FlowSavedEnvelope> {
        let current = try await flow(context)
        if let expected = request.headers[.ifMatch], expected != "*", expected != current.etag {
            throw FerryError(status: .preconditionFailed,
                             message: "flow \(current.id) is at etag \(current.etag), not \(expected); read it again")
        }
        let body = try await request.decodeJSON(JSONValue.self, context: context)
        let d = try FlowBody.parse(body, base: current.definition)
        if d.bundleId != current.definition.bundleId || d.mappingId != current.definition.mappingId
            || d.deltaColumn != current.definition.deltaColumn {
            try await checkReferences(d, body: body, requestID: context.requestID)
        }
        let row = try await repository { try await store.updateFlow(current.id, version: current.version, d, now: settings.now()) }
        return JSONResponse(FlowSavedEnvelope(uid: row.id, etag: row.etag, message: "Flow updated", description: d.name))
    }

    @Sendable func delete(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<MessageEnvelope> {
        let id = try context.requireInt64("id")
        try await repository { try await store.deleteFlow(id) }
        return JSONResponse(MessageEnvelope(message: "Flow deleted"))
    }

    /// A run now → 201 `{"id": 5, "flowId": 12, "jobExecutionId": 31, …}`; with `windowStartTime`/`windowEndTime`
    /// (epoch seconds, also under `runSpec`) a reload of that past window. 409 while a run is in progress.
    @Sendable func startRun(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<FlowRunStarted> {
        let current = try await flow(context)
        let bytes = try await request.collectBytes()
        var reload: (start: Int64, end: Int64)?
        if bytes.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) {
            let body: JSONValue
            do { body = try JSONDecoder().decode(JSONValue.self, from: Data(bytes)) } catch {
                throw FerryError.invalidField("body", "request body is not valid JSON")
            }
            reload = try FlowRunBody.parse(body, now: Int64(settings.now().timeIntervalSince1970))
        }
        let spec: BundleSpec
        do {
            spec = try await bundles.spec(for: current.definition, requestID: context.requestID)
        } catch let problem as FlowBundles.Problem {
            throw FerryError.unprocessable("flow \(current.id) cannot run: \(problem.message)")
        }
        if reload != nil, current.definition.deltaColumn == nil, !spec.pairs.contains(where: { $0.deltaColumn != nil }) {
            throw FerryError.unprocessable("flow \(current.id) has no delta column: a window cannot be reloaded", field: "windowStartTime")
        }
        let (runId, created) = try await repository {
            try await store.startRun(flowId: current.id, spec: spec, reload: reload, now: settings.now())
        }
        signal.notify()
        OrchestratorMetrics.jobLaunched(kind: "flow")
        context.logger.info("flow \(current.id): run \(runId) launched job execution \(created.executionId)")
        return JSONResponse(FlowRunStarted(id: runId, flowId: current.id, jobExecutionId: created.executionId,
                                           message: "Flow run started", status: created.status.isTerminal ? .success : .inProgress),
                            status: .created)
    }

    @Sendable func runs(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<FlowRunPage> {
        let id = try context.requireInt64("id")
        let (page, size) = try QueryChecks.paging(request)
        guard let runs = try await store.flowRuns(flowId: id, page: page, size: size) else { throw FerryError.notFound("Flow \(id)") }
        return JSONResponse(runs)
    }

    @Sendable func run(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<FlowRunView> {
        let id = try context.requireInt64("id")
        let runId = try context.requireInt64("runId")
        guard let run = try await store.flowRun(flowId: id, runId: runId) else { throw FerryError.notFound("Flow run \(runId) of flow \(id)") }
        return JSONResponse(run)
    }

    // MARK: Helpers

    private func flow(_ context: FerryRequestContext) async throws -> FlowRow {
        let id = try context.requireInt64("id")
        guard let row = try await store.flow(id) else { throw FerryError.notFound("Flow \(id)") }
        return row
    }

    /// The bundle and the mapping set must exist (400 naming the field), as a job launch checks its bundle; every
    /// delta column a run would use must exist in its source table with a time or integer type.
    private func checkReferences(_ d: FlowDefinition, body: JSONValue, requestID: String) async throws {
        let spec: BundleSpec
        do {
            spec = try await bundles.spec(for: d, requestID: requestID)
        } catch let problem as FlowBundles.Problem {
            switch problem {
            case .bundleMissing: throw FerryError.invalidField("dataBundleId", problem.message)
            case .mappingMissing:
                throw FerryError.invalidField("transformations[\(Self.transformationIndex("Mapping", in: body))].params.mappingId",
                                              problem.message)
            }
        }
        guard d.deltaColumn != nil || spec.pairs.contains(where: { $0.deltaColumn != nil }) else { return }
        let checks = try await bundles.catalog.deltaColumnChecks(bundleId: d.bundleId, flowColumn: d.deltaColumn?.name,
                                                                 requestID: requestID)
        let copy = Self.transformationIndex("Copy", in: body)
        let errors = checks.compactMap { c in
            c.problem.map { FieldError(field: c.fromFlow ? "transformations[\(copy)].params.deltaColumn.name" : "dataBundleId",
                                       message: c.fromFlow ? $0 : "pair \(c.pairId)'s deltaColumn: \($0)") }
        }
        if let first = errors.first {
            throw FerryError(status: .badRequest, message: "\(first.field): \(first.message)", errors: errors)
        }
    }

    /// Where the body lists the transformation `name` (0 when it does not: a PATCH keeps the stored one).
    private static func transformationIndex(_ name: String, in body: JSONValue) -> Int {
        guard case .array(let items)? = body["transformations"] else { return 0 }
        return items.firstIndex { $0["name"] == .string(name) } ?? 0
    }
}

/// `POST /v1/flows/{id}/runs` body: seed 001's `runSpec` fields, at the top level or under `runSpec`.
enum FlowRunBody {
    static func parse(_ body: JSONValue, now: Int64) throws -> (start: Int64, end: Int64)? {
        var check = FlowFieldCheck()
        guard case .object = body else { throw FerryError.invalidField("body", "request body must be a JSON object") }
        let inner = body["runSpec"].flatMap { $0.isNull ? nil : $0 }
        let spec = inner ?? body
        let prefix = inner == nil ? "" : "runSpec."
        if inner != nil {
            check.unknownKeys(body, "", known: ["runSpec"])
            _ = check.object(inner, "runSpec")
        }
        let known: Set<String> = ["startTime", "windowStartTime", "windowEndTime", "deltaColumn"]
        check.unknownKeys(spec, String(prefix.dropLast()), known: known)
        let range: ClosedRange<Int64> = 0...253_402_300_799
        // `startTime` and `deltaColumn` are accepted for seed 001's shape; a run starts now, with the flow's delta column.
        _ = check.int(spec["startTime"], "\(prefix)startTime", in: range)
        if spec["deltaColumn"] != nil { _ = FlowBody.deltaColumn(spec["deltaColumn"], "\(prefix)deltaColumn", &check) }
        let start = check.int(spec["windowStartTime"], "\(prefix)windowStartTime", in: range)
        let end = check.int(spec["windowEndTime"], "\(prefix)windowEndTime", in: range)
        let hasStart = !(spec["windowStartTime"]?.isNull ?? true), hasEnd = !(spec["windowEndTime"]?.isNull ?? true)
        if hasStart != hasEnd {
            check.fail(hasStart ? "\(prefix)windowEndTime" : "\(prefix)windowStartTime", "is required with \(hasStart ? "windowStartTime" : "windowEndTime")")
        }
        if let start, let end, start >= end { check.fail("\(prefix)windowEndTime", "must be after windowStartTime") }
        if let end, end > now { check.fail("\(prefix)windowEndTime", "must not be in the future (a reload covers a past window)") }
        try check.throwIfFailed()
        guard let start, let end else { return nil }
        return (start, end)
    }
}
