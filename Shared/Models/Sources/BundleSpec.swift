/// Everything the orchestrator and executors need to run a bundle, resolved by the catalog in one
/// answer (internal route): names instead of ids, mapping sets inlined. No credentials: executors
/// fetch those separately, per datasource, over the internal route.
public struct BundleSpec: Codable, Sendable, Hashable {
    public var bundleId: Int64
    public var bundleName: String
    public var source: DatasourceRef
    public var target: DatasourceRef
    public var pairs: [TablePairSpec]
    public var chunkSize: Int
    public var createTargetTables: Bool
    public var skipLimit: Int
    public var partialIngestionPercent: Double?
    public var manifestOption: Bool
    public var batchCode: String?
    /// How a `Files` target receives the pairs (ignored for database targets). Optional on the wire, so specs
    /// stored before these options existed still decode (nil = the defaults).
    public var exportFormat: ExportFormat?
    public var compression: ExportCompression?
    public var maxFileRows: Int?
    public var maxFileBytes: Int?
    /// The bundle's `partitions` option (nil in specs stored before it existed: auto). The ranges themselves are
    /// planned per pair (`TablePairSpec.partitionRanges`).
    public var partitions: PartitionsOption?
    /// Nil in specs stored before the option existed: ``SchemaEvolution/default``.
    public var schemaEvolution: SchemaEvolution?
    /// The check after each step (nil in specs stored before the option existed: ``ReconcileMethod/default``).
    public var reconcile: ReconcileMethod?

    public init(bundleId: Int64, bundleName: String, source: DatasourceRef, target: DatasourceRef,
                pairs: [TablePairSpec], chunkSize: Int, createTargetTables: Bool, skipLimit: Int,
                partialIngestionPercent: Double?, manifestOption: Bool, batchCode: String?,
                exportFormat: ExportFormat? = nil, compression: ExportCompression? = nil,
                maxFileRows: Int? = nil, maxFileBytes: Int? = nil, partitions: PartitionsOption? = nil,
                schemaEvolution: SchemaEvolution? = nil, reconcile: ReconcileMethod? = nil) {
        self.partitions = partitions
        self.reconcile = reconcile
        self.schemaEvolution = schemaEvolution
        self.exportFormat = exportFormat; self.compression = compression
        self.maxFileRows = maxFileRows; self.maxFileBytes = maxFileBytes
        self.bundleId = bundleId; self.bundleName = bundleName; self.source = source; self.target = target
        self.pairs = pairs; self.chunkSize = chunkSize; self.createTargetTables = createTargetTables
        self.skipLimit = skipLimit; self.partialIngestionPercent = partialIngestionPercent
        self.manifestOption = manifestOption; self.batchCode = batchCode
    }

    /// The batch code that names the bundle's export files and manifests: `batchCode`, or the bundle name.
    public var resolvedBatchCode: String {
        if let batchCode, !batchCode.isEmpty { return batchCode }
        return bundleName
    }

    /// The same bundle with `pair` as its only pair: what one work item needs of it.
    public func only(_ pair: TablePairSpec) -> BundleSpec {
        var spec = self
        spec.pairs = [pair]
        return spec
    }
}

public struct DatasourceRef: Codable, Sendable, Hashable {
    public var uid: Int64
    public var databaseName: String
    public var databaseProvider: String
    public var databaseSchema: String?
    public init(uid: Int64, databaseName: String, databaseProvider: String, databaseSchema: String?) {
        self.uid = uid; self.databaseName = databaseName; self.databaseProvider = databaseProvider
        self.databaseSchema = databaseSchema
    }
}

public struct TablePairSpec: Codable, Sendable, Hashable {
    /// The bundled-table uid: stable identity of the pair across runs (checkpoint keys use it).
    public var pairId: Int64
    public var sourceTable: String
    public var sourceSchema: String?
    public var targetTable: String
    public var targetSchema: String?
    public var relationalOrdering: Int
    public var extractionQuery: String?
    public var loadQuery: String?
    public var loadMode: LoadMode
    public var deltaColumn: String?
    /// The pair's own NULL-delta rule; nil: the flow's option (default `include`).
    public var nullDeltaRows: NullDeltaRows?
    public var mappings: [MappingView]
    /// The key ranges the catalog planned for this pair at launch, one step execution each (nil = one unsplit step).
    public var partitionRanges: [PartitionRange]?

    public init(pairId: Int64, sourceTable: String, sourceSchema: String?, targetTable: String, targetSchema: String?,
                relationalOrdering: Int, extractionQuery: String?, loadQuery: String?, loadMode: LoadMode,
                deltaColumn: String?, mappings: [MappingView], nullDeltaRows: NullDeltaRows? = nil) {
        self.nullDeltaRows = nullDeltaRows
        self.pairId = pairId; self.sourceTable = sourceTable; self.sourceSchema = sourceSchema
        self.targetTable = targetTable; self.targetSchema = targetSchema
        self.relationalOrdering = relationalOrdering; self.extractionQuery = extractionQuery
        self.loadQuery = loadQuery; self.loadMode = loadMode; self.deltaColumn = deltaColumn
        self.mappings = mappings
    }

    /// The step's partition numbers: one per planned range, or just 0 for an unsplit table.
    public var partitionNumbers: Range<Int> { 0..<max(1, partitionRanges?.count ?? 1) }

    /// Spring Batch step name: STEP-<TABLE>.
    public var stepName: String { "STEP-" + sourceTable.uppercased() }
}
