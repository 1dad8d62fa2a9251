import Foundation
import FerryServiceKit

/// The reporting service owns no job state: every answer is read from the orchestrator's internal routes
/// (and, for bundles, the catalog) over HTTP. Failures map to the SPEC's envelopes:
/// the upstream's 404 → our 404, its 400 → our 400 (same message), anything else or no answer at all → 502
/// naming the service.
struct Upstream: Sendable {
    let orchestrator: HTTPClient
    let catalog: HTTPClient
    /// Executions the orchestrator will not change again, answered from memory.
    let settled: SettledExecutions

    init(config: ServiceConfig, timeout: Duration = .seconds(15), settled: SettledExecutions = SettledExecutions()) {
        orchestrator = config.client(for: .orchestrator, timeout: timeout)
        catalog = config.client(for: .catalog, timeout: timeout)
        self.settled = settled
    }

    // MARK: Orchestrator (internal token)

    /// `GET /internal/executions/{id}`; 404 "Job execution N not found" when unknown. A settled execution (see
    /// ``SettledExecutions``) is read once and then answered from memory.
    func execution(_ id: Int64, requestID: String) async throws -> JobExecutionRecord {
        if let known = settled.record(id) {
            ReportingMetrics.settledRead()
            return known
        }
        let record = try await call(.orchestrator, notFound: "Job execution \(id)") {
            try await orchestrator.get("/internal/executions/\(id)", as: JobExecutionRecord.self, headers: Self.trace(requestID))
        }
        settled.offer(record)
        return record
    }

    /// `GET /internal/executions?…` — newest first.
    func executions(_ query: HistoryQuery, requestID: String) async throws -> JobExecutionPage {
        try await call(.orchestrator, notFound: nil) {
            try await orchestrator.get("/internal/executions?\(query.queryString)", as: JobExecutionPage.self,
                                       headers: Self.trace(requestID))
        }
    }

    /// `GET /internal/executions/{id}/skips?page=&size=`.
    func skips(_ id: Int64, page: Int, size: Int, requestID: String) async throws -> SkippedRowPage {
        try await call(.orchestrator, notFound: "Job execution \(id)") {
            try await orchestrator.get("/internal/executions/\(id)/skips?page=\(page)&size=\(size)", as: SkippedRowPage.self,
                                       headers: Self.trace(requestID))
        }
    }

    /// `GET /internal/executions/{id}/samples`.
    func samples(_ id: Int64, requestID: String) async throws -> JobProgressSamples {
        try await call(.orchestrator, notFound: "Job execution \(id)") {
            try await orchestrator.get("/internal/executions/\(id)/samples", as: JobProgressSamples.self, headers: Self.trace(requestID))
        }
    }

    /// `GET /internal/executions/{id}/steps/{step}/partitions`; 404 names the execution or the step.
    func partitions(_ id: Int64, step: String, requestID: String) async throws -> StepPartitionsView {
        let path = step.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? step
        return try await call(.orchestrator, notFound: nil) {
            do {
                return try await orchestrator.get("/internal/executions/\(id)/steps/\(path)/partitions",
                                                  as: StepPartitionsView.self, headers: Self.trace(requestID))
            } catch HTTPClientError.status(404, let envelope?, _) where envelope.code != .noRoute {
                // The orchestrator says which is unknown: the job execution or its step.
                throw FerryError.notFound(envelope.message.replacingOccurrences(of: " not found", with: ""))
            }
        }
    }

    /// `GET /internal/bundles/{bundleId}/latest`.
    func latest(bundleId: Int64, requestID: String) async throws -> LatestIntegration {
        try await call(.orchestrator, notFound: nil) {
            try await orchestrator.get("/internal/bundles/\(bundleId)/latest", as: LatestIntegration.self,
                                       headers: Self.trace(requestID))
        }
    }

    /// `GET /internal/manifests?batchCode=` — oldest run first; empty for an unknown batch code.
    func manifests(batchCode: String, requestID: String) async throws -> [ManifestRecord] {
        try await call(.orchestrator, notFound: nil) {
            try await orchestrator.get("/internal/manifests?batchCode=\(Self.escaped(batchCode))", as: ManifestRecordList.self,
                                       headers: Self.trace(requestID))
        }.manifests
    }

    /// `GET /internal/manifests/{batchCode}/{run}/{rerun}`; 404 "Manifest CODE_RUN_RERUN not found" when unknown.
    func manifest(batchCode: String, run: Int, rerun: Int, requestID: String) async throws -> ManifestRecord {
        try await call(.orchestrator, notFound: "Manifest \(batchCode)_\(run)_\(rerun)") {
            try await orchestrator.get("/internal/manifests/\(Self.escaped(batchCode))/\(run)/\(rerun)", as: ManifestRecord.self,
                                       headers: Self.trace(requestID))
        }
    }

    /// A path segment or query value, percent-encoded (batch codes default to bundle names, which may hold spaces).
    static func escaped(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    // MARK: Catalog (API key)

    /// What the reporting service needs of a bundle: its name and its pairs' ids.
    struct BundleSummary: Decodable, Sendable {
        struct Pair: Decodable, Sendable { var uid: Int64 }
        var uid: Int64
        var bundleName: String
        var bundledTables: [Pair]?
    }

    /// `GET /v1/data/bundles/{uid}`; 404 "Bundle N not found" when the catalog does not know it.
    func bundle(_ id: Int64, requestID: String) async throws -> BundleSummary {
        try await call(.catalog, notFound: "Bundle \(id)") {
            try await catalog.get("/v1/data/bundles/\(id)", as: BundleSummary.self, headers: Self.trace(requestID))
        }
    }

    // MARK: Error mapping

    private func call<T: Sendable>(_ service: FerryServiceName, notFound: String?,
                                   _ body: () async throws -> T) async throws -> T {
        let start = ContinuousClock.now
        defer { ReportingMetrics.upstreamCall(service, elapsed: ContinuousClock.now - start) }
        do {
            return try await body()
        } catch let error as HTTPClientError {
            switch error {
            case .status(let status, let envelope, _):
                // A 404 of an unknown *route* (an upstream without this API, or no envelope at all: not a Ferry
                // service) is a gateway problem, not "not found".
                let noRoute = envelope.map { $0.code == .noRoute } ?? true
                if status == 404, let notFound, !noRoute { throw FerryError.notFound(notFound) }
                if status == 400, let envelope {
                    throw FerryError(status: .badRequest, message: envelope.message, errors: envelope.errors)
                }
                ReportingMetrics.upstreamError(service, kind: "status")
            case .transport:
                ReportingMetrics.upstreamError(service, kind: "unreachable")
            case .decoding:
                ReportingMetrics.upstreamError(service, kind: "decoding")
            }
            throw FerryError.badGateway(service: service.rawValue, error: error)
        }
    }

    private static func trace(_ requestID: String) -> [String: String] {
        requestID.isEmpty ? [:] : ["X-Request-Id": requestID]
    }
}

/// History filters, already validated; `queryString` is what the orchestrator's internal route takes.
struct HistoryQuery: Sendable, Equatable {
    var bundleId: Int64?
    var status: BatchStatus?
    /// ISO-8601 UTC with milliseconds (bounds on the creation time, inclusive).
    var from: String?
    var to: String?
    var page: Int
    var size: Int

    var isUnfiltered: Bool { bundleId == nil && status == nil && from == nil && to == nil }

    var queryString: String {
        var items: [(String, String)] = []
        if let bundleId { items.append(("bundleId", String(bundleId))) }
        if let status { items.append(("status", status.rawValue)) }
        if let from { items.append(("from", from)) }
        if let to { items.append(("to", to)) }
        items.append(("page", String(page)))
        items.append(("size", String(size)))
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:")
        return items.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }
}
