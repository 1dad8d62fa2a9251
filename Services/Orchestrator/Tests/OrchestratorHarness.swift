import FerryHTTPClient
import FerryModels
import FerryServiceKit
import FerrySQL
import FerryTestKit
import Foundation
@testable import OrchestratorService
import XCTest

/// Which metadata store the orchestrator runs on.
enum Backend: Sendable {
    case sqlite
    case postgres
}

/// The orchestrator running for real on an ephemeral port, with a stand-in catalog (a tiny Hummingbird app
/// serving `GET /internal/bundles/{id}/spec`) and a clock the test moves forward instead of sleeping.
struct OrchestratorHarness {
    let app: RunningApp
    let catalog: RunningApp?
    let store: OrchestratorStore
    let clock: TestClock
    let specs: SpecBox
    let database: String?

    var client: HTTPClient { app.client() }

    /// `catalogURL` overrides the stand-in (e.g. a port nobody listens on).
    static func start(_ backend: Backend, catalogURL: String? = nil) async throws -> OrchestratorHarness {
        var database: (name: String, url: String)?
        if backend == .postgres {
            _ = try TestPostgres.requireURL()
            database = try await TestPostgres.createDatabase("ferry_orch_test")
        }
        let specs = SpecBox(Fixtures.specs)
        var catalog: RunningApp?
        if catalogURL == nil { catalog = try await CatalogStub.start(specs) }
        var extra = ["FERRY_CATALOG_URL": catalogURL ?? catalog!.baseURL]
        if let database { extra["FERRY_DATABASE_URL"] = database.url }
        let config = try TestConfig.make(extra: extra)
        let store = try await OrchestratorStore.open(databaseURL: config.databaseURL, dataDir: config.dataDir)
        let clock = TestClock()
        let settings = OrchestratorSettings(leaseSeconds: 30, now: { clock.now() })
        let app = try await RunningApp.start(config: config) { onRunning in
            OrchestratorApp.makeApplication(config: config, store: store, settings: settings, port: 0, onServerRunning: onRunning)
        }
        return OrchestratorHarness(app: app, catalog: catalog, store: store, clock: clock, specs: specs, database: database?.name)
    }

    /// A second orchestrator on the same store (same SQLite file or PostgreSQL database), as in a scaled-out deployment.
    func peer() async throws -> (app: RunningApp, store: OrchestratorStore) {
        let config = app.config
        let store = try await OrchestratorStore.open(databaseURL: config.databaseURL, dataDir: config.dataDir)
        let clock = self.clock
        let settings = OrchestratorSettings(leaseSeconds: 30, now: { clock.now() })
        let peer = try await RunningApp.start(config: config) { onRunning in
            OrchestratorApp.makeApplication(config: config, store: store, settings: settings, port: 0, onServerRunning: onRunning)
        }
        return (peer, store)
    }

    /// A flow scheduler on `store` (this orchestrator's by default) without its loop: tests call `pass(now:)`.
    func scheduler(on store: OrchestratorStore? = nil) -> FlowScheduler {
        let catalog = CatalogBundleSpecs(client: app.config.client(for: .catalog))
        return FlowScheduler(store: store ?? self.store, bundles: FlowBundles(catalog: catalog), signal: WorkSignal(),
                             every: nil, now: { Date() }, logger: Logger(label: "test.scheduler"))
    }

    func stop() async {
        await app.stop()
        await catalog?.stop()
        await store.close()
        if let database { await TestPostgres.dropDatabase(database) }
    }

    // MARK: HTTP

    /// Raw JSON in, raw answer out (any status).
    func send(_ method: String, _ path: String, _ json: String? = nil, headers: [String: String] = [:]) async throws -> HTTPClientResponse {
        try await client.send(method, path, body: json.map { Array($0.utf8) }, headers: headers)
    }

    func launch(_ bundleId: Int64, file: StaticString = #filePath, line: UInt = #line) async throws -> LaunchResponse {
        let r = try await send("POST", "/v1/batch/job", #"{"dataBundleId": \#(bundleId)}"#)
        XCTAssertEqual(r.status, 201, r.text, file: file, line: line)
        return try r.decode(LaunchResponse.self)
    }

    func claim(_ executor: String, slots: Int = 10) async throws -> [WorkItem] {
        try await client.post("/internal/work/claim", ClaimRequest(executorId: executor, slots: slots), as: ClaimResponse.self).items
    }

    /// A heartbeat as today's executor sends it: the executor's id, nothing else.
    func beat(_ step: Int64, _ executor: String) async throws -> HTTPClientResponse {
        try await client.send("POST", "/internal/work/\(step)/beat",
                              body: try OrderedJSONEncoder().encode(HeartbeatRequest(executorId: executor)))
    }

    /// A progress report (`route: "progress"`), or an earlier executor's beat carrying the same body (`"beat"`).
    func progress(_ step: Int64, _ executor: String, route: String = "progress", counts: StepCounts = StepCounts(),
                  retryCount: Int = 0, sourceRows: Int64? = nil, skips: [SkippedRow] = []) async throws -> HTTPClientResponse {
        let body = ProgressRequest(executorId: executor, counts: counts, retryCount: retryCount, sourceRows: sourceRows, skips: skips)
        return try await client.send("POST", "/internal/work/\(step)/\(route)", body: try OrderedJSONEncoder().encode(body))
    }

    func finish(_ step: Int64, _ executor: String, _ outcome: FinishRequest.Outcome, counts: StepCounts = StepCounts(),
                retryCount: Int = 0, sourceRows: Int64? = nil, skips: [SkippedRow] = [], errorClass: String? = nil,
                message: String? = nil, detail: String? = nil, window: WindowReport? = nil,
                manifest: ManifestReport? = nil) async throws -> HTTPClientResponse {
        let body = FinishRequest(executorId: executor, outcome: outcome, counts: counts, retryCount: retryCount,
                                 sourceRows: sourceRows, skips: skips, errorClass: errorClass, message: message, detail: detail,
                                 window: window, manifest: manifest)
        return try await client.send("POST", "/internal/work/\(step)/finish", body: try OrderedJSONEncoder().encode(body))
    }

    /// Finishes a step as COMPLETED and checks the 204.
    func complete(_ item: WorkItem, _ executor: String, written: Int64 = 10, file: StaticString = #filePath,
                  line: UInt = #line) async throws {
        let r = try await finish(item.stepExecutionId, executor, .completed,
                                 counts: StepCounts(readCount: written, writeCount: written, commitCount: 1),
                                 sourceRows: written)
        XCTAssertEqual(r.status, 204, r.text, file: file, line: line)
    }

    func execution(_ id: Int64) async throws -> JobExecutionRecord {
        try await client.get("/internal/executions/\(id)", as: JobExecutionRecord.self)
    }

    func stopJob(_ id: Int64) async throws -> HTTPClientResponse { try await send("POST", "/v1/batch/job/\(id)/stop") }
    func restartJob(_ id: Int64) async throws -> HTTPClientResponse { try await send("POST", "/v1/batch/job/\(id)/restart") }
}

/// A clock tests move forward (lease expiry without sleeping).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var offset: TimeInterval = 0
    func now() -> Date { lock.withLock { Date().addingTimeInterval(offset) } }
    func advance(seconds: TimeInterval) { lock.withLock { offset += seconds } }
}

/// The bundles the stand-in catalog knows; tests may change them (a bundle edited between runs).
final class SpecBox: @unchecked Sendable {
    private let lock = NSLock()
    private var specs: [Int64: BundleSpec]
    init(_ specs: [Int64: BundleSpec]) { self.specs = specs }
    subscript(id: Int64) -> BundleSpec? {
        get { lock.withLock { specs[id] } }
        set { lock.withLock { specs[id] = newValue } }
    }
}

/// Stand-in for the catalog service (another of our services): only the internal spec route.
/// Bundle 422 answers the catalog's 422 (a bundle that cannot run); unknown bundles 404.
enum CatalogStub {
    static let unrunnable: Int64 = 422

    static func start(_ specs: SpecBox) async throws -> RunningApp {
        let config = try TestConfig.make()
        return try await RunningApp.start(config: config) { onRunning in
            FerryService.makeApplication(name: "catalog-stub", port: 0, config: config, onServerRunning: onRunning) { router in
                router.get("internal/bundles/{uid}/spec") { _, context -> JSONResponse<BundleSpec> in
                    let id = try context.requireInt64("uid")
                    if id == unrunnable {
                        throw FerryError.unprocessable("table CUSTOMERS has no primary key and no custom SQL",
                                                       field: "bundledTables[0]")
                    }
                    guard let spec = specs[id] else { throw FerryError.notFound("bundle \(id)") }
                    return JSONResponse(spec)
                }
                // The real rule over the fixture's columns (every source table has them).
                router.get("internal/bundles/{uid}/deltaColumns") { request, context -> JSONResponse<[DeltaColumnCheck]> in
                    let id = try context.requireInt64("uid")
                    guard let spec = specs[id] else { throw FerryError.notFound("bundle \(id)") }
                    let flowColumn = request.queryString("flowColumn")
                    return JSONResponse(spec.pairs.compactMap { p in
                        guard let column = p.deltaColumn ?? flowColumn else { return nil }
                        let table = TableInfo(ref: TableRef(schema: p.sourceSchema, name: p.sourceTable),
                                              columns: Fixtures.columns, primaryKey: ["ID"])
                        var problem: String?
                        if case .failure(let f) = DeltaColumnRule.check(column, in: table) { problem = f.description }
                        return DeltaColumnCheck(pairId: p.pairId, sourceTable: table.ref.description, column: column,
                                                fromFlow: p.deltaColumn == nil, problem: problem)
                    })
                }
                router.get("v1/mappingSets/{id}") { _, context -> JSONResponse<MappingSetView> in
                    let id = try context.requireInt64("id")
                    guard id == Fixtures.mappingSetId else { throw FerryError.notFound("Mapping set \(id)") }
                    return JSONResponse(MappingSetView(id: id, name: "renames", mappings: Fixtures.mappings, createdAt: ""))
                }
            }
        }
    }
}

enum Fixtures {
    static let source = DatasourceRef(uid: 21, databaseName: "CO_APP", databaseProvider: "PostgreSQL", databaseSchema: "public")
    static let target = DatasourceRef(uid: 22, databaseName: "CO_APP_DW", databaseProvider: "SQLite", databaseSchema: nil)

    static func pair(_ id: Int64, _ table: String, _ ordering: Int) -> TablePairSpec {
        TablePairSpec(pairId: id, sourceTable: table.lowercased(), sourceSchema: "public", targetTable: table.lowercased(),
                      targetSchema: nil, relationalOrdering: ordering, extractionQuery: nil, loadQuery: nil, loadMode: .upsert,
                      deltaColumn: nil, mappings: [])
    }

    static func bundle(_ id: Int64, _ name: String, _ pairs: [TablePairSpec]) -> BundleSpec {
        BundleSpec(bundleId: id, bundleName: name, source: source, target: target, pairs: pairs, chunkSize: 10_000,
                   createTargetTables: true, skipLimit: 100, partialIngestionPercent: nil, manifestOption: false, batchCode: nil)
    }

    /// Seed 000's bundle, four pairs over three orderings: CUSTOMERS and PRODUCTS (1) run together, then ORDERS (2),
    /// then ORDER_ITEMS (3).
    static let migration = bundle(41, "CO_APP_DB_MIGRATION", [
        pair(101, "CUSTOMERS", 1), pair(102, "PRODUCTS", 1), pair(103, "ORDERS", 2), pair(104, "ORDER_ITEMS", 3),
    ])
    static let single = bundle(42, "CO_APP_SINGLE", [pair(201, "CUSTOMERS", 1)])
    static let twin = bundle(43, "CO_APP_TWIN", [pair(301, "CUSTOMERS", 1), pair(302, "PRODUCTS", 1)])

    /// Twenty pairs that all run in parallel.
    static let wide = bundle(44, "CO_APP_WIDE", (1...20).map { pair(400 + Int64($0), "T\($0)", 1) })

    static let specs: [Int64: BundleSpec] = [41: migration, 42: single, 43: twin, 44: wide, 45: incremental]

    /// One pair whose bundle asks for `loadMode: incremental` by UPDATED_AT.
    static let incremental: BundleSpec = {
        var p = pair(501, "EVENTS", 1)
        p.loadMode = .incremental
        p.deltaColumn = "UPDATED_AT"
        return bundle(45, "CO_APP_EVENTS", [p])
    }()

    /// The columns of every fixture source table.
    static let columns = [ColumnInfo(name: "ID", nativeType: "bigint", type: .int64, nullable: false),
                          ColumnInfo(name: "NAME", nativeType: "text", type: .text(maxLength: nil), nullable: true),
                          ColumnInfo(name: "Datefield", nativeType: "date", type: .date, nullable: true),
                          ColumnInfo(name: "UPDATED_AT", nativeType: "timestamp(6)", type: .timestamp, nullable: true),
                          ColumnInfo(name: "U", nativeType: "integer", type: .int32, nullable: true)]

    static let mappingSetId: Int64 = 7
    static let mappings = [MappingView(sourceColumn: "NAME", targetColumn: "FULL_NAME", cast: nil)]
}

extension HTTPClientResponse {
    var envelope: ErrorEnvelope? { try? JSONDecoder().decode(ErrorEnvelope.self, from: Data(body)) }
}

/// Runs `body` against a fresh harness, stopping it whatever happens.
func withHarness(_ backend: Backend, catalogURL: String? = nil,
                 _ body: (OrchestratorHarness) async throws -> Void) async throws {
    let h = try await OrchestratorHarness.start(backend, catalogURL: catalogURL)
    do {
        try await body(h)
    } catch {
        await h.stop()
        throw error
    }
    await h.stop()
}

/// Asserts a 4xx envelope naming `field`.
func assertFieldError(_ r: HTTPClientResponse, status: Int = 400, field: String, file: StaticString = #filePath,
                      line: UInt = #line) {
    XCTAssertEqual(r.status, status, r.text, file: file, line: line)
    XCTAssertEqual(r.envelope?.success, false, r.text, file: file, line: line)
    XCTAssertTrue(r.envelope?.errors.contains { $0.field == field } ?? false, "no error for \(field) in \(r.text)",
                  file: file, line: line)
}

// XCTest's assertions take synchronous autoclosures; these await first.

func assertEqual<T: Equatable>(_ value: @autoclosure () async throws -> T, _ expected: T, _ message: @autoclosure () -> String = "",
                               file: StaticString = #filePath, line: UInt = #line) async throws {
    let v = try await value()
    XCTAssertEqual(v, expected, message(), file: file, line: line)
}

func assertTrue(_ value: @autoclosure () async throws -> Bool, _ message: @autoclosure () -> String = "",
                file: StaticString = #filePath, line: UInt = #line) async throws {
    let v = try await value()
    XCTAssertTrue(v, message(), file: file, line: line)
}

func unwrap<T>(_ value: @autoclosure () async throws -> T?, file: StaticString = #filePath, line: UInt = #line) async throws -> T {
    let v = try await value()
    return try XCTUnwrap(v, file: file, line: line)
}

func assertNil<T>(_ value: @autoclosure () async throws -> T?, _ message: @autoclosure () -> String = "",
                  file: StaticString = #filePath, line: UInt = #line) async throws {
    let v = try await value()
    XCTAssertNil(v, message(), file: file, line: line)
}

func assertNotNil<T>(_ value: @autoclosure () async throws -> T?, _ message: @autoclosure () -> String = "",
                     file: StaticString = #filePath, line: UInt = #line) async throws {
    let v = try await value()
    XCTAssertNotNil(v, message(), file: file, line: line)
}
