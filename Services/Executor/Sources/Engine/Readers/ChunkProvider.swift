import FerryModels
import FerrySQL

/// Chooses the step's reader (Spring Batch's chunk provider): one binary COPY stream when the source offers
/// it (tuples forwarded raw for a passthrough step, decoded otherwise), a cursor elsewhere.
enum ChunkProvider {
    static func reader(for setup: StepSetup, source: ConnectionSpec, limits: ChunkLimits) -> any ChunkReader {
        reader(plan: setup.plan, columns: setup.sourceColumns, oids: setup.sourceOIDs, keyIndexes: setup.keyIndexes,
               raw: setup.passthrough, source: source, limits: limits)
    }

    /// `raw`: forward PostgreSQL tuples undecoded (a PG→PG passthrough; never for an export, which needs values).
    static func reader(plan: LoadPlan, columns: [ColumnInfo], oids: [UInt32]?, keyIndexes: [Int], raw: Bool,
                       source: ConnectionSpec, limits: ChunkLimits) -> any ChunkReader {
        if let oids, source.driver == .postgres {
            return PostgresCopyReader(plan: plan, columns: columns, oids: oids, keyIndexes: keyIndexes, limits: limits, raw: raw)
        }
        return CursorReader(plan: plan, columns: columns, keyIndexes: keyIndexes, limits: limits)
    }
}
