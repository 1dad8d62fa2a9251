import FerryExport
import FerryModels
import FerrySQL

/// What an export step decided before moving rows: the source side exactly as for a database step (discovery,
/// plan, key), the file columns (target names after the pair's mappings), and the writer's options.
struct ExportSetup: Sendable {
    var plan: LoadPlan
    var sourceColumns: [ColumnInfo]
    var fileColumns: [ColumnInfo]
    var keyIndexes: [Int]
    var sourceOIDs: [UInt32]?
    var sourceRows: Int64?
    var prefix: String
    var options: ExportOptions
}

extension StepPreparer {
    static func prepareExport(_ item: WorkItem, sourceSession src: DatabaseSession) async throws -> ExportSetup {
        if item.incremental != nil {
            throw StepFailure.permanent("incremental (delta window) exports to Files are not available yet; export the whole table (no delta column, loadMode insert)")
        }
        guard let batch = item.batch else {
            throw StepFailure.permanent("the step carries no batch numbering (batchCode, run, rerun) to name its export files")
        }
        let table = item.pair.targetTable
        guard ExportFileName.isSafeComponent(batch.batchCode), ExportFileName.isSafeComponent(table) else {
            throw StepFailure.permanent("batch code '\(batch.batchCode)' or table '\(table)' cannot be part of a file name (no '/', NUL, '.' or '..', at most 200 bytes)")
        }
        let ref = sourceRef(item)
        // No target database: the plan is made in the source's dialect (only its extraction side is used).
        let (info, firstPlan, estimate) = try await src.run { c in try describeSource(c, item, targetDialect: c.dialect, target: ref) }
        var plan = firstPlan
        var oids = try await src.run { c in try c.binaryCopy?.describeQuery(firstPlan.extractionSQL).map(\.oid) }
        var textColumns = Set<String>()
        if let known = oids {
            let dialect = try await src.run { c in c.dialect }
            (plan, oids, textColumns) = try await decodable(item, plan: plan, oids: known, sourceSession: src,
                                                           targetDialect: dialect, target: ref)
        }
        var fileColumns: [ColumnInfo] = []
        for (i, name) in plan.sourceColumns.enumerated() {
            guard var column = info.column(named: name) else {
                throw StepFailure.permanent("source column \(name) of \(ref) was not discovered")
            }
            if textColumns.contains(name) { column.type = .text(maxLength: nil) }   // read as text: written as text
            column.name = i < plan.targetColumns.count ? plan.targetColumns[i] : name
            fileColumns.append(column)
        }
        let b = item.bundle
        let options = ExportOptions(format: b.exportFormat ?? .jsonl, compression: b.compression ?? .gzip,
                                    maxFileRows: b.maxFileRows, maxFileBytes: b.maxFileBytes)
        return ExportSetup(plan: plan, sourceColumns: info.columns, fileColumns: fileColumns,
                           keyIndexes: plan.keyColumns.compactMap { plan.sourceColumns.firstIndex(of: $0) },
                           sourceOIDs: oids, sourceRows: estimate,
                           prefix: ExportFileName.prefix(batchCode: batch.batchCode, run: batch.batchRunNumber,
                                                         rerun: batch.batchRerunNumber, table: table),
                           options: options)
    }
}
