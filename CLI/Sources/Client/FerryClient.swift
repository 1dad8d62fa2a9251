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

    /// An answer read with ``raw(_:_:)``, decoded (a command that prints it as written and also reads it).
    static func decode<T: Decodable>(_ text: String, as type: T.Type = T.self) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) } catch {
            throw CLIError("unexpected answer: \(error)")
        }
    }

    /// A POST's answer as the API wrote it (for `--json`), after a 2xx.
    func rawPost<B: Encodable>(_ path: String, _ body: B) async throws -> String {
        try await mapped { try await http.sendChecked("POST", path, body: Array(try JSONEncoder().encode(body))).text }
    }

    func post<B: Encodable, T: Decodable>(_ path: String, _ body: B, as type: T.Type = T.self) async throws -> T {
        try await mapped { try await http.post(path, body, as: T.self) }
    }

    func put<B: Encodable, T: Decodable>(_ path: String, _ body: B, as type: T.Type = T.self) async throws -> T {
        try await mapped { try await http.put(path, body, as: T.self) }
    }

    /// PATCH; with `ifMatch` the change is refused (412) when the resource changed since that etag was read.
    func patch<B: Encodable, T: Decodable>(_ path: String, _ body: B, as type: T.Type = T.self, ifMatch: String? = nil) async throws -> T {
        try await mapped { try await http.patch(path, body, as: T.self, headers: ifMatch.map { ["If-Match": $0] } ?? [:]) }
    }

    func delete<T: Decodable>(_ path: String, as type: T.Type = T.self) async throws -> T {
        try await mapped { try await http.delete(path, as: T.self) }
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
        try await named(ref, noun: "bundle", one: { "/v1/data/bundles/\($0)" }, name: \.bundleName) {
            try await get("/v1/data/bundles")
        }
    }

    /// A datasource by uid or by name.
    func datasource(_ ref: String) async throws -> DatasourceView {
        try await named(ref, noun: "datasource", one: { "/v1/datasource/\($0)" }, name: \.databaseName) {
            try await get("/v1/datasource")
        }
    }

    /// A flow by id or by name.
    func flow(_ ref: String) async throws -> FlowView {
        try await named(ref, noun: "flow", one: { "/v1/flows/\($0)" }, name: \.name) {
            try await get("/v1/flows?size=\(Self.maxPageSize)", as: FlowPage.self).items
        }
    }

    /// Bundle names by uid, for tables that show a bundle (empty when the catalog cannot be read).
    func bundleNames() async -> [Int64: String] { await names("/v1/data/bundles", \BundleView.uid, \.bundleName) }

    /// Datasource names by uid, as ``bundleNames()``.
    func datasourceNames() async -> [Int64: String] { await names("/v1/datasource", \DatasourceView.uid, \.databaseName) }

    private func names<T: Decodable>(_ path: String, _ uid: KeyPath<T, Int64>, _ name: KeyPath<T, String>) async -> [Int64: String] {
        let all = (try? await get(path, as: [T].self)) ?? []
        return Dictionary(all.map { ($0[keyPath: uid], $0[keyPath: name]) }, uniquingKeysWith: { a, _ in a })
    }

    /// The API's largest page (`size`).
    static let maxPageSize = 200

    /// What a user names by uid (all digits: read directly) or by name (from the list: exact, else
    /// case-insensitive); a miss names the `ferry NOUN list` command that shows them.
    private func named<T: Decodable>(_ ref: String, noun: String, one: (Int64) -> String, name: KeyPath<T, String>,
                                     list: () async throws -> [T]) async throws -> T {
        if let uid = Int64(ref) {
            do { return try await get(one(uid)) } catch let e as CLIError where e.message.lowercased().contains("not found") {
                throw CLIError("no \(noun) with uid \(uid) (`ferry \(noun) list` shows them)")
            }
        }
        let all = try await list()
        if let hit = all.first(where: { $0[keyPath: name] == ref })
            ?? all.first(where: { $0[keyPath: name].caseInsensitiveCompare(ref) == .orderedSame }) {
            return hit
        }
        throw CLIError("no \(noun) named '\(ref)' (`ferry \(noun) list` shows them)")
    }

    /// One segment of a path, percent-encoded (a batch code may hold spaces or `%`).
    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
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
