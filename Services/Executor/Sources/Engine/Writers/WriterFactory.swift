import FerryModels
import FerrySQL

/// Chooses the step's writer for the target connection: binary COPY when the target offers it and every column
/// can be encoded (or the tuples pass through), one prepared statement otherwise — and always for a custom
/// `loadQuery`, whose `:name` parameters are bound from the extraction's columns.
enum WriterFactory {
    static func writer(for setup: StepSetup, pair: TablePairSpec, on c: any SQLConnection) throws -> any ChunkWriter {
        if let oids = setup.targetOIDs, c.binaryCopy != nil, pair.loadQuery == nil,
           setup.passthrough || PostgresCopyWriter.canEncode(oids) {
            return PostgresCopyWriter(plan: setup.plan, target: setup.targetTable.ref, targetOIDs: oids,
                                      direct: setup.checkpoint.direct)
        }
        var bindOrder: [Int]? = nil
        var loadSQL = setup.plan.loadSQL, updateSQL = setup.plan.updateSQL
        if setup.keyPending && setup.checkpoint.direct && pair.loadQuery == nil {
            // A table this step created, keyless until its last range: nothing to merge with, no key to merge on.
            loadSQL = LoadPlanner.insertSQL(target: setup.targetTable.ref, columns: setup.plan.targetColumns, dialect: c.dialect)
            updateSQL = nil
        } else if pair.loadQuery != nil {
            let (sql, names) = CustomSQL.namedParameters(setup.plan.loadSQL)
            loadSQL = sql
            bindOrder = try names.map { n in
                guard let i = setup.plan.sourceColumns.firstIndex(where: { $0.caseInsensitiveCompare(n) == .orderedSame }) else {
                    throw StepFailure.permanent("loadQuery parameter :\(n) names no column of the extraction (\(setup.plan.sourceColumns.joined(separator: ", ")))")
                }
                return i
            }
        }
        return StatementWriter(loadSQL: loadSQL, updateSQL: updateSQL, dialect: c.dialect, bindOrder: bindOrder)
    }
}
