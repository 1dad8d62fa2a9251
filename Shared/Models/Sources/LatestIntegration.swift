/// `GET /internal/bundles/{bundleId}/latest` (orchestrator → reporting): for each table pair of a bundle,
/// its last successful sync — the basis of seed 002's `get-latest-integration` and incremental loads.
public struct LatestIntegration: Codable, Sendable, Hashable {
    public var bundleId: Int64
    /// Pairs that completed at least once, ordered by pair id.
    public var pairs: [LatestPairIntegration]
    public init(bundleId: Int64, pairs: [LatestPairIntegration]) { self.bundleId = bundleId; self.pairs = pairs }
}

/// The last COMPLETED step execution of one table pair.
public struct LatestPairIntegration: Codable, Sendable, Hashable {
    public var pairId: Int64
    public var stepName: String
    public var jobExecutionId: Int64
    /// ISO-8601 UTC with milliseconds.
    public var endTime: String
    public var readCount: Int64
    public var writeCount: Int64
    /// The `high` of the pair's last successful incremental step (any execution of the bundle), if any.
    public var watermark: String?
    public init(pairId: Int64, stepName: String, jobExecutionId: Int64, endTime: String, readCount: Int64, writeCount: Int64,
                watermark: String? = nil) {
        self.pairId = pairId; self.stepName = stepName; self.jobExecutionId = jobExecutionId; self.endTime = endTime
        self.readCount = readCount; self.writeCount = writeCount; self.watermark = watermark
    }
}
