import FerryModels
import FerryServiceKit
import FerrySQL
import Logging

/// Plans each pair's key-range partitions when a run is launched (the internal spec route), while the catalog holds
/// the source connection; the orchestrator stores the ranges with the execution, so a restart reruns the same ones.
/// Not split: pairs with a custom extraction query, incremental pairs (their delta window is one read), Files
/// targets, and tables whose primary key is missing or not orderable (json and unknown native types).
struct PartitionPlanner: Sendable {
    let probe: DatasourceProbe
    let logger = Logger(label: "ferry.catalog.partitions")

    static func orderable(_ t: SQLType) -> Bool {
        switch t {
        case .json, .other: return false
        default: return true
        }
    }

    static func candidate(_ p: TablePairSpec) -> Bool {
        p.extractionQuery == nil && p.loadMode != .incremental && p.deltaColumn == nil
    }

    /// The pairs with their ranges. A source that cannot be read now leaves every pair unsplit: the run then
    /// reports the source's problem from its steps, as an unsplit run does.
    func plan(_ option: PartitionsOption, source: DatasourceRecord, filesTarget: Bool, pairs: [TablePairSpec]) async -> [TablePairSpec] {
        guard option != .count(1), !filesTarget, pairs.contains(where: Self.candidate) else { return pairs }
        let schema = source.schema
        do {
            return try await probe.with(source) { c in
                try pairs.map { p in
                    guard Self.candidate(p) else { return p }
                    let ref = TableRef(schema: p.sourceSchema ?? schema, name: p.sourceTable)
                    guard let info = try c.findTable(ref), !info.primaryKey.isEmpty else { return p }
                    let key = info.primaryKey.compactMap(info.column(named:))
                    guard key.count == info.primaryKey.count, key.allSatisfy({ Self.orderable($0.type) }) else { return p }
                    let count: Int
                    if case .count(let n) = option { count = n } else { count = option.ranges(forRows: try TableSize.rows(c, table: info.ref)) }
                    guard count > 1 else { return p }
                    let split = try KeyRangeSplitter.split(c, table: info.ref, key: key, count: count)
                    var out = p
                    if split.ranges.count > 1 { out.partitionRanges = split.ranges.map(\.partitionRange) }
                    return out
                }
            }
        } catch {
            logger.warning("partitions not planned for datasource \(source.id): \(error)")
            return pairs
        }
    }
}
