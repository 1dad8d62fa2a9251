import Foundation
import FerryExport
import FerryModels
import FerryServiceKit
import Hummingbird
import NIOPosix

/// Tag "Manifests", seed 003's verify service: the manifests a batch code's runs wrote, each as written, and what
/// the verify service answers for one — its file name and the SHA-256 recorded when Ferry wrote it; with
/// `?deep=true` also the manifest and every file it lists re-read from the export directory.
///
/// The orchestrator records each manifest (bytes, SHA-256, export directory) when the manifest step completes;
/// the files are read from that directory — the target datasource's `file:` path — which this service must see
/// at the same path as the executors (one shared volume).
struct ManifestController: Sendable {
    let upstream: Upstream

    func addRoutes(to group: FerryRouterGroup) {
        group.get(use: list)
        group.get("{batchCode}/{run}/{rerun}", use: manifest)
        group.get("{batchCode}/{run}/{rerun}/verify", use: verify)
    }

    /// `GET /v1/manifests?batchCode=` — 400 without a batch code, 404 when it has no manifest.
    @Sendable func list(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<ManifestList> {
        guard let code = request.queryString("batchCode") else { throw FerryError.invalidField("batchCode", "is required") }
        try ManifestQuery.checkBatchCode(code)
        let records = try await upstream.manifests(batchCode: code, requestID: context.requestID)
        guard !records.isEmpty else { throw FerryError.notFound("Manifests of batch code \(code)") }
        return JSONResponse(ManifestList(batchCode: code, manifests: try records.map(ManifestSummary.init)))
    }

    /// `GET /v1/manifests/{batchCode}/{run}/{rerun}` — the manifest's bytes exactly as written.
    @Sendable func manifest(_ request: Request, context: FerryRequestContext) async throws -> Response {
        let q = try ManifestQuery(context)
        let record = try await upstream.manifest(batchCode: q.batchCode, run: q.run, rerun: q.rerun, requestID: context.requestID)
        return Response.json(Array(record.report.content.utf8))
    }

    /// `GET …/verify[?deep=true]`.
    @Sendable func verify(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<ManifestVerifyAnswer> {
        let q = try ManifestQuery(context)
        let deep = try ManifestQuery.flag(request, "deep")
        let record = try await upstream.manifest(batchCode: q.batchCode, run: q.run, rerun: q.rerun, requestID: context.requestID)
        let report = record.report
        var answer = ManifestVerifyAnswer(manifestFileName: report.manifestFileName, hashValue: report.hashValue)
        guard deep else { return JSONResponse(answer) }
        let written = WrittenManifest(manifest: try ManifestSummary.decode(report), fileName: report.manifestFileName,
                                      fileSize: report.fileSize, sha256: report.hashValue)
        // Hashing files is blocking I/O: a thread of NIO's pool, never the event loop.
        let result = try await NIOThreadPool.singleton.runIfActive {
            try ManifestVerifier.verify(written, in: report.directory)
        }
        answer.deep = result
        return JSONResponse(answer)
    }
}
