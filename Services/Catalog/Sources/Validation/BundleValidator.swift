import FerryModels
import FerrySQL

/// RF03 validation of the body's shape. References (datasources, tables, mapping sets) are checked
/// against the store by the controller, which adds their errors to the same list.
enum BundleValidator {
    static func validate(_ r: BundleRequest) -> Result<BundleRecord, ValidationFailure> {
        var check = FieldCheck()
        let name = check.required(r.bundleName, "bundleName", max: 128)
        if r.sourceDatasourceId == nil { check.fail("sourceDatasourceId", "is required") }
        if r.targetDatasourceId == nil { check.fail("targetDatasourceId", "is required") }
        let chunk = r.chunkSize ?? BundleDefaults.chunkSize
        if !(1...BundleDefaults.maxChunkSize).contains(chunk) {
            check.fail("chunkSize", "must be between 1 and \(BundleDefaults.maxChunkSize)")
        }
        let skip = r.skipLimit ?? BundleDefaults.skipLimit
        if skip < 0 { check.fail("skipLimit", "must be 0 or more") }
        if let p = r.partialIngestionPercent, !(p >= 0 && p <= 100) {
            check.fail("partialIngestionPercent", "must be between 0 and 100")
        }
        let batchCode = check.optional(r.batchCode, "batchCode", max: 64)
        if let b = batchCode, !b.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
            check.fail("batchCode", "may contain only letters, digits, '-' and '_'")
        }
        var format = ExportFormat.jsonl, compression = ExportCompression.gzip
        if let f = r.exportFormat {
            if let parsed = ExportFormat(rawValue: f.lowercased()) { format = parsed }
            else { check.fail("exportFormat", "must be one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))") }
        }
        if let c = r.compression {
            if let parsed = ExportCompression(rawValue: c.lowercased()) { compression = parsed }
            else { check.fail("compression", "must be one of \(ExportCompression.allCases.map(\.rawValue).joined(separator: ", "))") }
        }
        if let n = r.maxFileRows, !(1...ExportLimits.maxFileRows).contains(n) {
            check.fail("maxFileRows", "must be between 1 and \(ExportLimits.maxFileRows)")
        }
        if let n = r.maxFileBytes, !ExportLimits.fileBytes.contains(n) {
            check.fail("maxFileBytes", "must be between \(ExportLimits.fileBytes.lowerBound) and \(ExportLimits.fileBytes.upperBound)")
        }
        let partitions = partitionsOption(r.partitions, &check)
        var evolution = SchemaEvolution.default
        if let e = r.schemaEvolution {
            if let parsed = SchemaEvolution(rawValue: e.lowercased()) { evolution = parsed }
            else { check.fail("schemaEvolution", "must be one of \(SchemaEvolution.allCases.map(\.rawValue).joined(separator: ", "))") }
        }
        var reconcile = ReconcileMethod.default
        if let m = r.reconcile {
            if let parsed = ReconcileMethod(rawValue: m.lowercased()) { reconcile = parsed }
            else { check.fail("reconcile", "must be one of \(ReconcileMethod.allCases.map(\.rawValue).joined(separator: ", "))") }
        }
        var pairs: [PairRecord] = []
        if let tables = r.bundledTables {
            if tables.isEmpty { check.fail("bundledTables", "must contain at least one table") }
            if tables.count > 1000 { check.fail("bundledTables", "must contain at most 1000 tables") }
            for (i, t) in tables.enumerated() {
                let f = "bundledTables[\(i)]"
                if t.sourceTableId == nil { check.fail("\(f).sourceTableId", "is required") }
                if t.targetTableId == nil { check.fail("\(f).targetTableId", "is required") }
                let ordering = t.relationalOrdering ?? 1
                if ordering < 0 || ordering > 1_000_000 { check.fail("\(f).relationalOrdering", "must be between 0 and 1000000") }
                var mode = BundleDefaults.loadMode
                if let m = t.loadMode {
                    if let parsed = LoadMode(rawValue: m.lowercased()) { mode = parsed }
                    else { check.fail("\(f).loadMode", "must be one of \(LoadMode.allCases.map(\.rawValue).joined(separator: ", "))") }
                }
                let extraction = check.optional(t.extractionQuery, "\(f).extractionQuery", max: 100_000)
                let load = check.optional(t.loadQuery, "\(f).loadQuery", max: 100_000)
                if let q = extraction, !CustomSQL.isSingleStatement(q) {
                    check.fail("\(f).extractionQuery", "must be a single SELECT statement")
                } else if let q = extraction, !CustomSQL.startsWithSelect(q) {
                    check.fail("\(f).extractionQuery", "must be a SELECT (or WITH … SELECT) statement")
                }
                if let q = load, !CustomSQL.isSingleStatement(q) { check.fail("\(f).loadQuery", "must be a single statement") }
                let delta = check.identifier(t.deltaColumn, "\(f).deltaColumn")
                if mode == .incremental && delta == nil { check.fail("\(f).deltaColumn", "is required for loadMode incremental") }
                var nullRows: NullDeltaRows?
                if let n = t.nullDeltaRows {
                    if let parsed = NullDeltaRows(rawValue: n.lowercased()) { nullRows = parsed }
                    else { check.fail("\(f).nullDeltaRows", "must be one of \(NullDeltaRows.allCases.map(\.rawValue).joined(separator: ", "))") }
                }
                pairs.append(PairRecord(sourceTable: t.sourceTableId ?? 0, targetTable: t.targetTableId ?? 0,
                                        relationalOrdering: ordering, extractionQuery: extraction, loadQuery: load,
                                        loadMode: mode, deltaColumn: delta, nullDeltaRows: nullRows, mappingSet: t.mappingSetId))
            }
        } else {
            check.fail("bundledTables", "is required")
        }
        guard check.ok else { return .failure(ValidationFailure(errors: check.errors)) }
        return .success(BundleRecord(name: name, sourceDatasource: r.sourceDatasourceId ?? 0,
                                     targetDatasource: r.targetDatasourceId ?? 0, chunkSize: chunk,
                                     createTargetTables: r.createTargetTables ?? BundleDefaults.createTargetTables,
                                     skipLimit: skip, partialPercent: r.partialIngestionPercent,
                                     manifestOption: r.manifestOption ?? false, batchCode: batchCode,
                                     exportFormat: format, compression: compression, maxFileRows: r.maxFileRows,
                                     maxFileBytes: r.maxFileBytes, partitions: partitions, schemaEvolution: evolution, reconcile: reconcile,
                                     pairs: pairs))
    }

    /// `partitions`: a whole number 1…64 (1 = off) or "auto" (the default).
    static func partitionsOption(_ input: PartitionsInput?, _ check: inout FieldCheck) -> PartitionsOption {
        let problem = "must be \"auto\" or a whole number between 1 and \(PartitionsOption.maxCount)"
        switch input {
        case nil: return .auto
        case .text(let s) where s.lowercased() == "auto": return .auto
        case .number(let d) where d == d.rounded() && d >= 1 && d <= Double(PartitionsOption.maxCount): return .count(Int(d))
        default: check.fail("partitions", problem); return .auto
        }
    }
}
