import Foundation
import FerryServiceKit
import Hummingbird
import FerryTime

/// Tag "Reports": seed 002 §5.4 for a bundle — `GET /v1/data/bundles/{uid}/get-latest-integration`: per table pair,
/// its last successful run (end time, rows written, job execution) and its incremental watermark (the delta column's
/// value the next incremental run starts from), and the most recent run as `lastDateTime`.
struct LatestIntegrationController: Sendable {
    let upstream: Upstream

    func addRoutes(to group: FerryRouterGroup) {
        group.get("{uid}/get-latest-integration", use: latest)
    }

    @Sendable func latest(_ request: Request, context: FerryRequestContext) async throws -> JSONResponse<BundleLatestIntegration> {
        let uid = try context.requireInt64("uid")
        // The catalog knows which bundles exist (404 otherwise) and their pairs; the orchestrator knows the runs.
        let bundle = try await upstream.bundle(uid, requestID: context.requestID)
        let latest = try await upstream.latest(bundleId: uid, requestID: context.requestID)
        return JSONResponse(Self.shape(bundle: bundle, latest: latest))
    }

    /// The catalog's pairs in its order — never-synced ones with nulls — then pairs that ran but are no longer in
    /// the bundle (edited since), by pair id.
    static func shape(bundle: Upstream.BundleSummary, latest: LatestIntegration) -> BundleLatestIntegration {
        var runs: [Int64: LatestPairIntegration] = [:]
        for pair in latest.pairs { runs[pair.pairId] = pair }
        func entry(_ pairId: Int64) -> PairLatestIntegration {
            guard let run = runs[pairId] else {
                return PairLatestIntegration(pairId: pairId, stepName: nil, jobExecutionId: nil, lastDateTime: nil, rowCount: nil)
            }
            return PairLatestIntegration(pairId: pairId, stepName: run.stepName, jobExecutionId: run.jobExecutionId,
                                         lastDateTime: Timestamp.normalizedISO(run.endTime), rowCount: run.writeCount,
                                         watermark: run.watermark)
        }
        let current = (bundle.bundledTables ?? []).map(\.uid)
        let known = Set(current)
        let former = latest.pairs.map(\.pairId).filter { !known.contains($0) }.sorted()
        let pairs = (current + former).map(entry)
        let newest = latest.pairs.compactMap { Timestamp.parse($0.endTime) }.max()
        return BundleLatestIntegration(id: bundle.uid, bundleName: bundle.bundleName,
                                       lastDateTime: newest?.iso, pairs: pairs)
    }
}
