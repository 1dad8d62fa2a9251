import FerryModels
import FerrySQL

/// Spring Batch's `LimitCheckingItemSkipPolicy`, with Ferry's two limits (SPEC §3 "Bad rows"): a step fails
/// when its skipped rows exceed `skipLimit` (absolute) or `partialIngestionPercent` (of the rows read).
/// With only a percentage set, a `skipLimit` of 0 means "no absolute limit".
struct SkipPolicy: Sendable, Equatable {
    var skipLimit: Int
    var partialIngestionPercent: Double?

    init(skipLimit: Int, partialIngestionPercent: Double?) {
        self.skipLimit = skipLimit; self.partialIngestionPercent = partialIngestionPercent
    }

    init(_ bundle: BundleSpec) {
        self.init(skipLimit: bundle.skipLimit, partialIngestionPercent: bundle.partialIngestionPercent)
    }

    /// Why the step must fail with these counts, or nil while the skips are tolerated.
    func violation(_ counts: StepCounts) -> String? {
        let overLimit = counts.writeSkipCount > Int64(skipLimit)
        if let p = partialIngestionPercent {
            let ratio = Double(counts.writeSkipCount) * 100 / Double(max(1, counts.readCount))
            if ratio > p { return "\(String(format: "%.2f", ratio))% of rows read, more than partialIngestionPercent \(p)" }
            if skipLimit > 0 && overLimit { return "more than skipLimit \(skipLimit)" }
            return nil
        }
        return overLimit ? "more than skipLimit \(skipLimit)" : nil
    }

    /// Throws the step's failure when the counts are over a limit; `first` is the first rejected row's error.
    func check(_ counts: StepCounts, first: DriverError) throws {
        guard let reason = violation(counts) else { return }
        throw StepFailure(kind: .badData,
                          message: "\(counts.writeSkipCount) rows rejected by the target (\(reason)); first: \(first.description)",
                          detail: first.sqlState.map { "SQLSTATE \($0)" })
    }
}
