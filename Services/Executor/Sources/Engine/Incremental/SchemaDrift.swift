import FerryModels
import FerrySQL

/// How an incremental pair's source changed shape since its last completed window (a flow runs for months), and
/// what the step does about it (bundle option `schemaEvolution`, ``SchemaEvolution``):
/// - a column **added** to the source: `add-columns` adds it to the target (nullable, the type the target would have
///   been created with) and this window reads the whole table once, merged by key — rows untouched since the change
///   carry the new column's value (often a default) without a newer delta, so the usual window would leave them
///   NULL in the target. `fail` stops the step naming the column.
/// - a column **dropped** from the source while the target still has it: the step fails naming it. Loading on
///   would leave that column stale in every row the window writes. Dropping (or renaming) it in the target lets
///   the runs go on.
/// - a column **retyped** in the source: the step fails naming both types, until the target's column has the new
///   type (then the values load as they are).
/// Added columns are found both ways: against the last window's columns and against the target's, so a restart
/// of the window that added them (the target already has them) still reads the whole table.
struct SchemaDrift: Sendable {
    /// Source columns (by target name) the target lacks: to add before the step writes.
    var toAdd: [(target: String, column: ColumnInfo)] = []
    /// True when this window must read every row (a column was added since the last window).
    var widens = false

    static func check(_ item: WorkItem, source: TableInfo, plan: LoadPlan, target: TableInfo?) throws -> SchemaDrift {
        guard let window = item.incremental else { return SchemaDrift() }
        let evolution = item.bundle.schemaEvolution ?? .default
        let current = Dictionary(source.columns.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let targetName = Dictionary(zip(plan.sourceColumns, plan.targetColumns).map { ($0, $1) }, uniquingKeysWith: { a, _ in a })
        let targetColumns = Dictionary((target?.columns ?? []).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var drift = SchemaDrift()
        var added: [String] = []
        if let previous = window.previousColumns {
            let before = Dictionary(previous.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
            for p in previous {
                let mapped = targetName[p.name] ?? mappedName(p.name, item)
                guard let now = current[p.name] else {
                    if targetColumns[mapped] != nil {
                        throw StepFailure.permanent("schema drift: source column \(p.name) of \(source.ref) was dropped since the last run; target column \(mapped) would go stale — drop or rename it in the target table to go on")
                    }
                    continue
                }
                if now.type.name != p.type, let t = targetColumns[mapped], t.type.name != now.type.name {
                    throw StepFailure.permanent("schema drift: source column \(p.name) of \(source.ref) changed type from \(p.type) to \(now.type.name) since the last run; alter target column \(mapped) (now \(t.nativeType)) to the new type to go on")
                }
            }
            added = plan.sourceColumns.filter { before[$0] == nil }
        }
        if target != nil {
            for (s, t) in zip(plan.sourceColumns, plan.targetColumns) where targetColumns[t] == nil {
                if let c = current[s] { drift.toAdd.append((t, c)) }
                if !added.contains(s) { added.append(s) }
            }
        }
        guard !added.isEmpty else { return drift }
        if evolution == .fail {
            throw StepFailure.permanent("schema drift: source column(s) \(added.joined(separator: ", ")) of \(source.ref) were added since the last run and the bundle's schemaEvolution is fail — add them to the target table or set schemaEvolution add-columns")
        }
        drift.widens = true
        return drift
    }

    private static func mappedName(_ source: String, _ item: WorkItem) -> String {
        item.pair.mappings.first { $0.sourceColumn == source }?.targetColumn ?? source
    }

    /// `ALTER TABLE … ADD COLUMN` for each column the target lacks, under the DDL lock (parallel partitions of the
    /// pair may try too: a column another one added meanwhile is left alone).
    func addColumns(_ c: any SQLConnection, target: TableRef, sameEngine: Bool) throws {
        guard !toAdd.isEmpty else { return }
        let d = c.dialect
        try StepFailure.naming {
            try SerializedDDL.run(c) {
                let existing = Set((try c.describeTable(target))?.columns.map(\.name) ?? [])
                for (name, column) in toAdd where !existing.contains(name) {
                    let type = sameEngine ? column.nativeType : TypeMapping.columnType(column.type, for: d.family)
                    try c.execute("ALTER TABLE \(d.qualified(target)) ADD COLUMN \(d.quote(name)) \(type)")
                }
            }
        }
    }

    /// The columns a window reports with its finish: the next window's ``IncrementalWindow/previousColumns``.
    static func columns(_ source: TableInfo, plan: LoadPlan) -> [WindowColumn] {
        let byName = Dictionary(source.columns.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        return plan.sourceColumns.compactMap { n in byName[n].map { WindowColumn(name: n, type: $0.type.name) } }
    }
}
