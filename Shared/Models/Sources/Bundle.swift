/// How a table pair is written to its target (SPEC §3).
public enum LoadMode: String, Codable, Sendable, CaseIterable {
    case insert
    case truncateInsert = "truncate-insert"
    case upsert
    case incremental
}

/// RF03 — a bundle as users post it (seed 000, step 20) plus Ferry's options.
public struct BundleRequest: Codable, Sendable {
    public var bundleName: String?
    public var sourceDatasourceId: Int64?
    public var targetDatasourceId: Int64?
    public var bundledTables: [BundledTableRequest]?
    public var chunkSize: Int?
    public var createTargetTables: Bool?
    public var skipLimit: Int?
    public var partialIngestionPercent: Double?
    public var manifestOption: Bool?
    public var batchCode: String?
    /// `Files` targets: `jsonl` (default), `csv`, `parquet`; `gzip` (default) or `none`; split limits.
    public var exportFormat: String?
    public var compression: String?
    public var maxFileRows: Int?
    public var maxFileBytes: Int?
    /// Key-range partitions per table: a number (1 = off) or "auto" (the default).
    public var partitions: PartitionsInput?
    /// Incremental pairs: `add-columns` (default) or `fail` when the source gains a column (``SchemaEvolution``).
    public var schemaEvolution: String?
    /// After each step: `off`, `count` (default) or `digest` (``ReconcileMethod``).
    public var reconcile: String?

    public init(bundleName: String? = nil, sourceDatasourceId: Int64? = nil, targetDatasourceId: Int64? = nil,
                bundledTables: [BundledTableRequest]? = nil, chunkSize: Int? = nil, createTargetTables: Bool? = nil,
                skipLimit: Int? = nil, partialIngestionPercent: Double? = nil, manifestOption: Bool? = nil,
                batchCode: String? = nil) {
        self.bundleName = bundleName; self.sourceDatasourceId = sourceDatasourceId
        self.targetDatasourceId = targetDatasourceId; self.bundledTables = bundledTables
        self.chunkSize = chunkSize; self.createTargetTables = createTargetTables; self.skipLimit = skipLimit
        self.partialIngestionPercent = partialIngestionPercent; self.manifestOption = manifestOption
        self.batchCode = batchCode
    }
}

public struct BundledTableRequest: Codable, Sendable {
    public var sourceTableId: Int64?
    public var targetTableId: Int64?
    public var relationalOrdering: Int?
    public var extractionQuery: String?
    public var loadQuery: String?
    public var loadMode: String?
    public var deltaColumn: String?
    /// Rows whose delta column is NULL: `include` (every run loads them) or `exclude`; nil: the flow's rule.
    public var nullDeltaRows: String?
    public var mappingSetId: Int64?

    public init(sourceTableId: Int64? = nil, targetTableId: Int64? = nil, relationalOrdering: Int? = nil,
                extractionQuery: String? = nil, loadQuery: String? = nil, loadMode: String? = nil,
                deltaColumn: String? = nil, mappingSetId: Int64? = nil) {
        self.sourceTableId = sourceTableId; self.targetTableId = targetTableId
        self.relationalOrdering = relationalOrdering; self.extractionQuery = extractionQuery
        self.loadQuery = loadQuery; self.loadMode = loadMode; self.deltaColumn = deltaColumn
        self.mappingSetId = mappingSetId
    }
}

/// Bundle defaults, in one place.
public enum BundleDefaults {
    public static let chunkSize = 10_000
    public static let maxChunkSize = 1_000_000
    public static let createTargetTables = true
    public static let skipLimit = 0
    public static let loadMode = LoadMode.upsert
}

public struct BundleView: Codable, Sendable, Hashable {
    public var uid: Int64
    public var bundleName: String
    public var sourceDatasourceId: Int64
    public var targetDatasourceId: Int64
    public var bundledTables: [BundledTableView]
    public var chunkSize: Int
    public var createTargetTables: Bool
    public var skipLimit: Int
    public var partialIngestionPercent: Double?
    public var manifestOption: Bool
    public var batchCode: String?
    public var exportFormat: ExportFormat
    public var compression: ExportCompression
    public var maxFileRows: Int?
    public var maxFileBytes: Int?
    public var partitions: PartitionsOption = .auto
    public var schemaEvolution: SchemaEvolution
    public var reconcile: ReconcileMethod = .default
    public var createdAt: String
    public var updatedAt: String

    public init(uid: Int64, bundleName: String, sourceDatasourceId: Int64, targetDatasourceId: Int64,
                bundledTables: [BundledTableView], chunkSize: Int, createTargetTables: Bool, skipLimit: Int,
                partialIngestionPercent: Double?, manifestOption: Bool, batchCode: String?, createdAt: String,
                updatedAt: String, exportFormat: ExportFormat = .jsonl, compression: ExportCompression = .gzip,
                maxFileRows: Int? = nil, maxFileBytes: Int? = nil, partitions: PartitionsOption = .auto,
                schemaEvolution: SchemaEvolution = .default, reconcile: ReconcileMethod = .default) {
        self.schemaEvolution = schemaEvolution
        self.reconcile = reconcile
        self.exportFormat = exportFormat; self.compression = compression
        self.maxFileRows = maxFileRows; self.maxFileBytes = maxFileBytes; self.partitions = partitions
        self.uid = uid; self.bundleName = bundleName; self.sourceDatasourceId = sourceDatasourceId
        self.targetDatasourceId = targetDatasourceId; self.bundledTables = bundledTables
        self.chunkSize = chunkSize; self.createTargetTables = createTargetTables; self.skipLimit = skipLimit
        self.partialIngestionPercent = partialIngestionPercent; self.manifestOption = manifestOption
        self.batchCode = batchCode; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

public struct BundledTableView: Codable, Sendable, Hashable {
    public var uid: Int64
    public var sourceTableId: Int64
    public var targetTableId: Int64
    public var relationalOrdering: Int
    public var extractionQuery: String?
    public var loadQuery: String?
    public var loadMode: LoadMode
    public var deltaColumn: String?
    public var nullDeltaRows: NullDeltaRows?
    public var mappingSetId: Int64?

    public init(uid: Int64, sourceTableId: Int64, targetTableId: Int64, relationalOrdering: Int,
                extractionQuery: String?, loadQuery: String?, loadMode: LoadMode, deltaColumn: String?,
                mappingSetId: Int64?, nullDeltaRows: NullDeltaRows? = nil) {
        self.nullDeltaRows = nullDeltaRows
        self.uid = uid; self.sourceTableId = sourceTableId; self.targetTableId = targetTableId
        self.relationalOrdering = relationalOrdering; self.extractionQuery = extractionQuery
        self.loadQuery = loadQuery; self.loadMode = loadMode; self.deltaColumn = deltaColumn
        self.mappingSetId = mappingSetId
    }
}
