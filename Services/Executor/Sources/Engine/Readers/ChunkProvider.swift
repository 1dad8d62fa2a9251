import FerryModels
import FerrySQL

/// Chooses the step's reader (Spring Batch's chunk provider): one binary COPY stream when the source offers
/// it (tuples forwarded raw for a passthrough step, decoded otherwise), a cursor elsewhere.
enum ChunkProvider {
    static func reader(for setup: StepSetup, source: ConnectionSpec, limits: ChunkLimits) -> any ChunkReader {
        if let oids = setup.sourceOIDs, source.driver == .postgres {
            return PostgresCopyReader(plan: setup.plan, columns: setup.sourceColumns, oids: oids, keyIndexes: setup.keyIndexes,
                                      limits: limits, raw: setup.passthrough)
        }
        return CursorReader(plan: setup.plan, columns: setup.sourceColumns, keyIndexes: setup.keyIndexes, limits: limits)
    }
}
