import FerryHTTPClient
import FerryModels
import Foundation

/// The gateway's public API as `ferry` uses it. Every failure comes out as one ``CLIError`` line.
struct FerryClient: Sendable {
    let gateway: String
    let keySource: String
    private let http: HTTPClient

    init(gateway: String, apiKey: String, keySource: String) {
        self.gateway = gateway
        self.keySource = keySource
        http = HTTPClient(baseURL: gateway, headers: ["X-API-Key": apiKey, "User-Agent": "ferry-cli"],
                          timeout: .seconds(60), connectTimeout: .seconds(5))
    }

    func get<T: Decodable>(_ path: String, as type: T.Type = T.self) async throws -> T {
        try await mapped { try await http.get(path, as: T.self) }
    }

    /// The answer's body as the API wrote it (for `--json`), after a 2xx.
    func raw(_ method: String, _ path: String) async throws -> String {
        try await mapped { try await http.sendChecked(method, path).text }
    }

    func post<B: Encodable, T: Decodable>(_ path: String, _ body: B, as type: T.Type = T.self) async throws -> T {
        try await mapped { try await http.post(path, body, as: T.self) }
    }

    func put<B: Encodable, T: Decodable>(_ path: String, _ body: B, as type: T.Type = T.self) async throws -> T {
        try await mapped { try await http.put(path, body, as: T.self) }
    }

    private func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as HTTPClientError {
            throw CLIError.from(error, gateway: gateway, keySource: keySource)
        }
    }

    // MARK: Names or uids

    /// A bundle by uid (all digits) or by name (exact, else case-insensitive).
    func bundle(_ ref: String) async throws -> BundleView {
        if let uid = Int64(ref) {
            do { return try await get("/v1/data/bundles/\(uid)") } catch let e as CLIError where e.message.lowercased().contains("not found") {
                throw CLIError("no bundle with uid \(uid) (`ferry bundle list` shows them)")
            }
        }
        let all: [BundleView] = try await get("/v1/data/bundles")
        if let b = all.first(where: { $0.bundleName == ref }) ?? all.first(where: { $0.bundleName.caseInsensitiveCompare(ref) == .orderedSame }) {
            return b
        }
        throw CLIError("no bundle named '\(ref)' (`ferry bundle list` shows them)")
    }

    /// A datasource by uid or by name.
    func datasource(_ ref: String) async throws -> DatasourceView {
        if let uid = Int64(ref) {
            do { return try await get("/v1/datasource/\(uid)") } catch let e as CLIError where e.message.lowercased().contains("not found") {
                throw CLIError("no datasource with uid \(uid) (`ferry datasource list` shows them)")
            }
        }
        let all: [DatasourceView] = try await get("/v1/datasource")
        if let d = all.first(where: { $0.databaseName == ref }) ?? all.first(where: { $0.databaseName.caseInsensitiveCompare(ref) == .orderedSame }) {
            return d
        }
        throw CLIError("no datasource named '\(ref)' (`ferry datasource list` shows them)")
    }

    /// A job execution id, checked as a positive integer before anything is asked.
    static func jobId(_ ref: String) throws -> Int64 {
        guard let id = Int64(ref.hasPrefix("#") ? String(ref.dropFirst()) : ref), id > 0 else {
            throw CLIError("'\(ref)' is not a job execution id (a positive number, as `ferry run` and `ferry history` show)")
        }
        return id
    }

    func progress(_ job: Int64) async throws -> JobProgressView {
        try await get("/v1/batch/job/\(job)/progress")
    }
}
