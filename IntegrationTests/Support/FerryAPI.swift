import FerryHTTPClient
import FerryModels
import Foundation
import XCTest

/// The public API of a running stack, as a user drives it (bodies as JSON text, like the seeds).
struct FerryAPI {
    let stack: Stack
    /// The orchestrator to talk to when several run (`ReplicaCluster`); the stack's own by default.
    var orchestratorPort: Int? = nil
    var catalog: HTTPClient { stack.client("catalog") }
    var orchestrator: HTTPClient { orchestratorPort.map { stack.client(port: $0) } ?? stack.client("orchestrator") }

    func post(_ client: HTTPClient, _ path: String, _ json: String) async throws -> (Int, [String: Any]) {
        let r = try await client.send("POST", path, body: Array(json.utf8), headers: ["Content-Type": "application/json"])
        return (r.status, (try? JSONSerialization.jsonObject(with: Data(r.body))) as? [String: Any] ?? [:])
    }

    /// POSTs and answers the new uid, failing the test on anything but 201.
    func create(_ client: HTTPClient, _ path: String, _ json: String, file: StaticString = #filePath, line: UInt = #line) async throws -> Int64 {
        let (status, obj) = try await post(client, path, json)
        XCTAssertEqual(status, 201, "\(path): \(obj)", file: file, line: line)
        guard let uid = obj["uid"] as? Int else { throw APIError.unexpected("\(path) → \(status) \(obj)") }
        return Int64(uid)
    }

    func datasource(_ name: String, provider: String, url: String, schema: String? = nil, user: String? = nil, password: String? = nil) async throws -> Int64 {
        var body: [String: String] = ["databaseName": name, "databaseProvider": provider, "jdbcConnectionUrl": url]
        if let schema { body["databaseSchema"] = schema }
        if let user { body["userName"] = user }
        if let password { body["password"] = password }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        return try await create(catalog, "/v1/datasource", json)
    }

    func table(_ name: String, schema: String? = nil) async throws -> Int64 {
        let s = schema.map { #", "schema": "\#($0)""# } ?? ""
        return try await create(catalog, "/v1/data/tables", #"{"tablePhysicalName": "\#(name)"\#(s)}"#)
    }

    /// pairs: (source table uid, target table uid, ordering, extra JSON fields for the pair)
    func bundle(_ name: String, source: Int64, target: Int64, pairs: [(Int64, Int64, Int, String)], options: String = "") async throws -> Int64 {
        let list = pairs.map { p in
            #"{"sourceTableId": \#(p.0), "targetTableId": \#(p.1), "relationalOrdering": \#(p.2)\#(p.3.isEmpty ? "" : ", " + p.3)}"#
        }.joined(separator: ", ")
        let opts = options.isEmpty ? "" : ", " + options
        return try await create(catalog, "/v1/data/bundles",
            #"{"bundleName": "\#(name)", "sourceDatasourceId": \#(source), "targetDatasourceId": \#(target), "bundledTables": [\#(list)]\#(opts)}"#)
    }

    /// RF05: answers the job execution id.
    func launch(_ bundle: Int64) async throws -> Int64 {
        try await create(orchestrator, "/v1/batch/job", #"{"dataBundleId": \#(bundle)}"#)
    }

    func execution(_ id: Int64) async throws -> JobExecutionRecord {
        try await orchestrator.get("/internal/executions/\(id)")
    }

    /// RF06 through the gateway, as a user reads it: `batchStatus` and the steps' counts among its fields.
    func rf06(_ id: Int64, file: StaticString = #filePath, line: UInt = #line) async throws -> [String: Any] {
        let r = try await stack.client("gateway").send("GET", "/v1/batch/job/\(id)")
        XCTAssertEqual(r.status, 200, r.text, file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any], r.text, file: file, line: line)
    }

    /// Polls until the execution reaches one of `statuses` (bounded).
    @discardableResult
    func wait(_ id: Int64, for statuses: Set<BatchStatus> = [.completed, .failed, .stopped], seconds: Int = 180,
              file: StaticString = #filePath, line: UInt = #line) async throws -> JobExecutionRecord {
        var last: JobExecutionRecord?
        for _ in 0..<(seconds * 5) {
            let e = try await execution(id)
            last = e
            if statuses.contains(e.status) { return e }
            try await Task.sleep(for: .milliseconds(200))
        }
        XCTFail("execution \(id) did not reach \(statuses) in \(seconds)s; last: \(String(describing: last?.status)) \(String(describing: last?.exitMessage))\n\(stack.tail("executor"))", file: file, line: line)
        throw APIError.timeout
    }
}

enum APIError: Error { case unexpected(String), timeout }
