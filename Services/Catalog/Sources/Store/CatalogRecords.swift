import FerryModels

/// A datasource row as stored (password encrypted).
struct DatasourceRecord: Sendable {
    var id: Int64 = 0
    var databaseName: String
    var provider: String
    var platform: String?
    var userName: String?
    var passwordEnc: String?
    var jdbcURL: String
    var driverClass: String?
    var dialect: String?
    var schema: String?
    var createdAt = ""
    var updatedAt = ""

    var view: DatasourceView {
        DatasourceView(uid: id, databaseName: databaseName, databaseProvider: provider, databasePlatform: platform,
                       userName: userName, hasPassword: passwordEnc != nil, jdbcConnectionUrl: jdbcURL,
                       driverClassName: driverClass, databaseDialect: dialect, databaseSchema: schema,
                       createdAt: createdAt, updatedAt: updatedAt)
    }

    var ref: DatasourceRef { DatasourceRef(uid: id, databaseName: databaseName, databaseProvider: provider, databaseSchema: schema) }
}

/// A bundle row with its pairs, as stored.
struct BundleRecord: Sendable {
    var id: Int64 = 0
    var name: String
    var sourceDatasource: Int64
    var targetDatasource: Int64
    var chunkSize: Int
    var createTargetTables: Bool
    var skipLimit: Int
    var partialPercent: Double?
    var manifestOption: Bool
    var batchCode: String?
    var exportFormat: ExportFormat = .jsonl
    var compression: ExportCompression = .gzip
    var maxFileRows: Int?
    var maxFileBytes: Int?
    var partitions: PartitionsOption = .auto
    var schemaEvolution: SchemaEvolution = .default
    var reconcile: ReconcileMethod = .default
    var pairs: [PairRecord]
    var createdAt = ""
    var updatedAt = ""

    var view: BundleView {
        BundleView(uid: id, bundleName: name, sourceDatasourceId: sourceDatasource, targetDatasourceId: targetDatasource,
                   bundledTables: pairs.map(\.view), chunkSize: chunkSize, createTargetTables: createTargetTables,
                   skipLimit: skipLimit, partialIngestionPercent: partialPercent, manifestOption: manifestOption,
                   batchCode: batchCode, createdAt: createdAt, updatedAt: updatedAt, exportFormat: exportFormat,
                   compression: compression, maxFileRows: maxFileRows, maxFileBytes: maxFileBytes, partitions: partitions,
                   schemaEvolution: schemaEvolution, reconcile: reconcile)
    }
}

struct PairRecord: Sendable {
    var id: Int64 = 0
    var sourceTable: Int64
    var targetTable: Int64
    var relationalOrdering: Int
    var extractionQuery: String?
    var loadQuery: String?
    var loadMode: LoadMode
    var deltaColumn: String?
    var nullDeltaRows: NullDeltaRows?
    var mappingSet: Int64?

    var view: BundledTableView {
        BundledTableView(uid: id, sourceTableId: sourceTable, targetTableId: targetTable,
                         relationalOrdering: relationalOrdering, extractionQuery: extractionQuery, loadQuery: loadQuery,
                         loadMode: loadMode, deltaColumn: deltaColumn, mappingSetId: mappingSet,
                         nullDeltaRows: nullDeltaRows)
    }
}
