import FerryHTTPClient
import FerryTestKit
import Foundation
import XCTest

/// Ferry as replicas (SPEC §3c): one catalog, `orchestrators` orchestrators and `executors` executors as real
/// processes, all on one PostgreSQL store (a fresh database of the test server as `FERRY_DATABASE_URL`). Executor
/// `i` (1-based, id `replica-e<i>`) talks to orchestrator `(i - 1) % orchestrators + 1`, as a Kubernetes Service
/// would spread them; no process is a leader.
final class ReplicaCluster: @unchecked Sendable {
    let stack: Stack
    let store: (name: String, url: String)
    let orchestratorPorts: [Int]
    let executorPorts: [Int]
    var executorCount: Int { executorPorts.count }
    var executorIndices: [Int] { executorPorts.indices.map { $0 + 1 } }

    /// `environment` goes to every process (lease length, chunk pause, …).
    init(orchestrators: Int = 2, executors: Int = 4, environment: [String: String] = [:]) async throws {
        _ = try TestPostgres.requireURL()
        store = try await TestPostgres.createDatabase("ferry_replica_store")
        var env = environment
        env["FERRY_DATABASE_URL"] = store.url
        stack = try Stack(extraEnvironment: env)
        orchestratorPorts = [stack.ports["orchestrator"]!] + (try (1..<orchestrators).map { _ in try LoopbackPort.free() })
        executorPorts = try (0..<executors).map { _ in try LoopbackPort.free() }
    }

    func orchestratorName(_ i: Int) -> String { i == 1 ? "orchestrator" : "orchestrator-\(i)" }
    func executorName(_ i: Int) -> String { "executor-\(i)" }
    func executorId(_ i: Int) -> String { "replica-e\(i)" }
    /// Which orchestrator executor `i` reports to.
    func orchestratorOf(executor i: Int) -> Int { (i - 1) % orchestratorPorts.count + 1 }
    /// The executor index behind a lease owner's id (nil for an id not of this cluster).
    func executorIndex(ofId id: String?) -> Int? {
        executorIndices.first { executorId($0) == id }
    }

    /// Starts the catalog, the orchestrators (each creating or finding the shared store), then the executors.
    func start() async throws {
        try await stack.start(["catalog"])
        for (n, port) in orchestratorPorts.enumerated() {
            let i = n + 1
            try stack.launch("orchestrator", as: orchestratorName(i), extra: ["FERRY_ORCHESTRATOR_PORT": String(port)])
            try await stack.waitHealthy("orchestrator", as: orchestratorName(i), port: port)
        }
        for i in executorIndices {
            let port = executorPorts[i - 1]
            try stack.launch("executor", as: executorName(i), extra: [
                "FERRY_EXECUTOR_ID": executorId(i), "FERRY_EXECUTOR_PORT": String(port),
                "FERRY_ORCHESTRATOR_PORT": String(orchestratorPorts[orchestratorOf(executor: i) - 1]),
            ])
            try await stack.waitHealthy("executor", as: executorName(i), port: port)
        }
    }

    /// The public API through orchestrator `i`.
    func api(via i: Int = 1) -> FerryAPI { FerryAPI(stack: stack, orchestratorPort: orchestratorPorts[i - 1]) }

    /// The executor holding the first step of execution `id` now (nil when none of this cluster does).
    func owner(of id: Int64, via i: Int) async throws -> Int? {
        executorIndex(ofId: try await api(via: i).execution(id).steps.first?.executorId)
    }

    /// Waits (up to 30 s) until an executor other than `previous` holds the first step of execution `id`.
    func waitTakeover(of id: Int64, from previous: Int, via i: Int) async throws -> Int {
        for _ in 0..<150 {
            if let now = try await owner(of: id, via: i), now != previous { return now }
            try await Task.sleep(for: .milliseconds(200))
        }
        XCTFail("executor \(previous)'s lease was not taken over\n" + stack.tail("executor"))
        throw APIError.timeout
    }

    func process(_ name: String) throws -> Subprocess { try XCTUnwrap(stack.processes[name], "no process \(name)") }

    /// A counter of a process's `/metrics` (summed over its label sets); nil when it does not answer.
    func metric(_ name: String, port: Int) async -> Int64? {
        guard let r = try? await stack.client(port: port, timeout: .seconds(5)).send("GET", "/metrics"), r.status == 200 else {
            return nil
        }
        return String(decoding: r.body, as: UTF8.self).split(separator: "\n")
            .filter { $0.hasPrefix(name + " ") || $0.hasPrefix(name + "{") }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
            .reduce(0) { $0 + Int64($1) }
    }

    /// Runs `body` on a started cluster, then stops it (processes and store) whether `body` threw or not.
    static func with(orchestrators: Int = 2, executors: Int = 4, environment: [String: String] = [:],
                     _ body: (ReplicaCluster) async throws -> Void) async throws {
        let cluster = try await ReplicaCluster(orchestrators: orchestrators, executors: executors, environment: environment)
        do {
            try await cluster.start()
            try await body(cluster)
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    func stop() async {
        stack.stopAll()
        await TestPostgres.dropDatabase(store.name)
    }
}
