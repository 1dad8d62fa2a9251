import Foundation
import FerryModels
import FerrySQL
import FerryTime

/// Catalog persistence. Every method is one round trip to the store's thread; multi-row changes run
/// in one transaction so a failure leaves what was stored untouched.
final class CatalogStore: Sendable {
    let store: MetadataStore

    init(store: MetadataStore) { self.store = store }

    static func open(config databaseURL: String?, dataDir: String) async throws -> CatalogStore {
        CatalogStore(store: try await MetadataStore.open(
            service: "catalog", databaseURL: databaseURL, sqlitePath: dataDir + "/catalog.db",
            migrations: CatalogSchema.migrations))
    }

    // MARK: datasources

    private static let dsColumns = "id, database_name, provider, platform, user_name, password_enc, jdbc_url, driver_class, dialect, schema_name, created_at, updated_at"

    /// Throws (naming the column) when the stored row is not what the schema promises.
    private static func datasource(_ r: StoredRow) throws -> DatasourceRecord {
        DatasourceRecord(id: try r.require(Int64.self, 0), databaseName: try r.require(String.self, 1),
                         provider: try r.require(String.self, 2), platform: try r.optional(String.self, 3),
                         userName: try r.optional(String.self, 4), passwordEnc: try r.optional(String.self, 5),
                         jdbcURL: try r.require(String.self, 6), driverClass: try r.optional(String.self, 7),
                         dialect: try r.optional(String.self, 8), schema: try r.optional(String.self, 9),
                         createdAt: try r.require(String.self, 10), updatedAt: try r.require(String.self, 11))
    }

    func insertDatasource(_ d: DatasourceRecord) async throws -> Int64 {
        try await store.run { c in
            let now = Timestamp.now.iso
            let r = try c.query("""
                INSERT INTO catalog_datasource (database_name, provider, platform, user_name, password_enc, jdbc_url,
                  driver_class, dialect, schema_name, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id
                """, [.text(d.databaseName), .text(d.provider), .textOrNull(d.platform), .textOrNull(d.userName),
                      .textOrNull(d.passwordEnc), .text(d.jdbcURL), .textOrNull(d.driverClass), .textOrNull(d.dialect),
                      .textOrNull(d.schema), .text(now)])
            return try r.single(Int64.self)
        }
    }

    /// Answers false when the datasource does not exist.
    func updateDatasource(_ d: DatasourceRecord) async throws -> Bool {
        try await store.run { c in
            try c.execute("""
                UPDATE catalog_datasource SET database_name = $2, provider = $3, platform = $4, user_name = $5,
                  password_enc = $6, jdbc_url = $7, driver_class = $8, dialect = $9, schema_name = $10, updated_at = $11
                WHERE id = $1
                """, [.int(d.id), .text(d.databaseName), .text(d.provider), .textOrNull(d.platform), .textOrNull(d.userName),
                      .textOrNull(d.passwordEnc), .text(d.jdbcURL), .textOrNull(d.driverClass), .textOrNull(d.dialect),
                      .textOrNull(d.schema), .text(Timestamp.now.iso)]) > 0
        }
    }

    func datasource(_ id: Int64) async throws -> DatasourceRecord? {
        try await store.run { c in
            try c.query("SELECT \(Self.dsColumns) FROM catalog_datasource WHERE id = $1", [.int(id)]).firstStored.map(Self.datasource)
        }
    }

    func datasources() async throws -> [DatasourceRecord] {
        try await store.run { c in
            try c.query("SELECT \(Self.dsColumns) FROM catalog_datasource ORDER BY id").stored.map(Self.datasource)
        }
    }

    /// Deletes unless a bundle uses it; answers the names of the bundles that do.
    func deleteDatasource(_ id: Int64) async throws -> DeleteOutcome {
        try await store.transaction { c in
            let users = try c.query("SELECT name FROM catalog_bundle WHERE source_ds = $1 OR target_ds = $1 ORDER BY name",
                                    [.int(id)]).stored.map { try $0.require(String.self, 0) }
            if !users.isEmpty { return .inUse(users) }
            return try c.execute("DELETE FROM catalog_datasource WHERE id = $1", [.int(id)]) > 0 ? .deleted : .notFound
        }
    }

    // MARK: tables

    private static func table(_ r: StoredRow) throws -> DataTableView {
        DataTableView(uid: try r.require(Int64.self, 0), tablePhysicalName: try r.require(String.self, 1),
                      schema: try r.optional(String.self, 2), createdAt: try r.require(String.self, 3),
                      updatedAt: try r.require(String.self, 4))
    }

    func insertTable(name: String, schema: String?) async throws -> Int64 {
        try await store.run { c in
            try c.query("""
                INSERT INTO catalog_table (physical_name, schema_name, created_at, updated_at)
                VALUES ($1, $2, $3, $3) RETURNING id
                """, [.text(name), .textOrNull(schema), .text(Timestamp.now.iso)]).single(Int64.self)
        }
    }

    func updateTable(_ id: Int64, name: String, schema: String?) async throws -> Bool {
        try await store.run { c in
            try c.execute("UPDATE catalog_table SET physical_name = $2, schema_name = $3, updated_at = $4 WHERE id = $1",
                          [.int(id), .text(name), .textOrNull(schema), .text(Timestamp.now.iso)]) > 0
        }
    }

    func table(_ id: Int64) async throws -> DataTableView? {
        try await store.run { c in
            try c.query("SELECT id, physical_name, schema_name, created_at, updated_at FROM catalog_table WHERE id = $1",
                        [.int(id)]).firstStored.map(Self.table)
        }
    }

    func tables() async throws -> [DataTableView] {
        try await store.run { c in
            try c.query("SELECT id, physical_name, schema_name, created_at, updated_at FROM catalog_table ORDER BY id")
                .stored.map(Self.table)
        }
    }

    /// Ids among `ids` that do not exist.
    func missingTables(_ ids: [Int64]) async throws -> Set<Int64> {
        let all = Set(try await tables().map(\.uid))
        return Set(ids).subtracting(all)
    }

    func deleteTable(_ id: Int64) async throws -> DeleteOutcome {
        try await store.transaction { c in
            let users = try c.query("""
                SELECT DISTINCT b.name FROM catalog_bundled_table p JOIN catalog_bundle b ON b.id = p.bundle_id
                WHERE p.source_table = $1 OR p.target_table = $1 ORDER BY b.name
                """, [.int(id)]).stored.map { try $0.require(String.self, 0) }
            if !users.isEmpty { return .inUse(users) }
            return try c.execute("DELETE FROM catalog_table WHERE id = $1", [.int(id)]) > 0 ? .deleted : .notFound
        }
    }

    // MARK: mapping sets

    func insertMappingSet(name: String?, mappings: [MappingView]) async throws -> Int64 {
        let json = String(decoding: try JSONEncoder().encode(mappings), as: UTF8.self)
        return try await store.run { c in
            try c.query("INSERT INTO catalog_mapping_set (name, mappings, created_at) VALUES ($1, $2, $3) RETURNING id",
                        [.textOrNull(name), .text(json), .text(Timestamp.now.iso)]).single(Int64.self)
        }
    }

    func mappingSet(_ id: Int64) async throws -> MappingSetView? {
        guard let row = try await store.run({ c in
            try c.query("SELECT id, name, mappings, created_at FROM catalog_mapping_set WHERE id = $1", [.int(id)]).firstStored
        }) else { return nil }
        let mappings = try JSONDecoder().decode([MappingView].self, from: Data(try row.require(String.self, 2).utf8))
        return MappingSetView(id: try row.require(Int64.self, 0), name: try row.optional(String.self, 1), mappings: mappings,
                              createdAt: try row.require(String.self, 3))
    }

    func mappingSetExists(_ id: Int64) async throws -> Bool {
        try await store.run { c in
            !(try c.query("SELECT 1 FROM catalog_mapping_set WHERE id = $1", [.int(id)]).rows.isEmpty)
        }
    }

    // MARK: bundles

    private static let bundleColumns = "id, name, source_ds, target_ds, chunk_size, create_target_tables, skip_limit, partial_pct, manifest_option, batch_code, created_at, updated_at, export_format, compression, max_file_rows, max_file_bytes, partitions, schema_evolution, reconcile"

    /// Inserts or (with b.id != 0) replaces a bundle and its pairs. Throws `.duplicateName` on a name clash.
    func saveBundle(_ b: BundleRecord) async throws -> Int64 {
        try await store.transaction { c in
            let clash = try c.query("SELECT id FROM catalog_bundle WHERE name = $1 AND id <> $2", [.text(b.name), .int(b.id)])
            if !clash.rows.isEmpty { throw CatalogStoreError.duplicateName(b.name) }
            let now = Timestamp.now.iso
            let opts: [SQLValue] = [.text(b.name), .int(b.sourceDatasource), .int(b.targetDatasource), .int(Int64(b.chunkSize)),
                                    .int(b.createTargetTables ? 1 : 0), .int(Int64(b.skipLimit)),
                                    b.partialPercent.map { .double($0) } ?? .null, .int(b.manifestOption ? 1 : 0),
                                    .textOrNull(b.batchCode), .text(now), .text(b.exportFormat.rawValue),
                                    .text(b.compression.rawValue), .intOrNull(b.maxFileRows.map(Int64.init)),
                                    .intOrNull(b.maxFileBytes.map(Int64.init)), .text(b.partitions.description),
                                    .text(b.schemaEvolution.rawValue), .text(b.reconcile.rawValue)]
            var id = b.id
            if id == 0 {
                id = try c.query("""
                    INSERT INTO catalog_bundle (name, source_ds, target_ds, chunk_size, create_target_tables, skip_limit,
                      partial_pct, manifest_option, batch_code, created_at, updated_at, export_format, compression,
                      max_file_rows, max_file_bytes, partitions, schema_evolution, reconcile)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id
                    """, opts).single(Int64.self)
            } else {
                let n = try c.execute("""
                    UPDATE catalog_bundle SET name = $1, source_ds = $2, target_ds = $3, chunk_size = $4,
                      create_target_tables = $5, skip_limit = $6, partial_pct = $7, manifest_option = $8, batch_code = $9,
                      updated_at = $10, export_format = $11, compression = $12, max_file_rows = $13, max_file_bytes = $14,
                      partitions = $15, schema_evolution = $16, reconcile = $17
                    WHERE id = $18
                    """, opts + [.int(id)])
                if n == 0 { throw CatalogStoreError.notFound }
                try c.execute("DELETE FROM catalog_bundled_table WHERE bundle_id = $1", [.int(id)])
            }
            let insert = try c.prepare("""
                INSERT INTO catalog_bundled_table (bundle_id, position, source_table, target_table, relational_ordering,
                  extraction_query, load_query, load_mode, delta_column, mapping_set, null_delta_rows)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                """)
            defer { insert.close() }
            for (i, p) in b.pairs.enumerated() {
                try insert.execute([.int(id), .int(Int64(i)), .int(p.sourceTable), .int(p.targetTable),
                                    .int(Int64(p.relationalOrdering)), .textOrNull(p.extractionQuery), .textOrNull(p.loadQuery),
                                    .text(p.loadMode.rawValue), .textOrNull(p.deltaColumn), .intOrNull(p.mappingSet),
                                    .textOrNull(p.nullDeltaRows?.rawValue)])
            }
            return id
        }
    }

    func bundle(_ id: Int64) async throws -> BundleRecord? {
        try await bundles(where: "WHERE id = $1", [.int(id)]).first
    }

    func bundles() async throws -> [BundleRecord] { try await bundles(where: "", []) }

    private func bundles(where clause: String, _ params: [SQLValue]) async throws -> [BundleRecord] {
        try await store.run { c in
            var out = try c.query("SELECT \(Self.bundleColumns) FROM catalog_bundle \(clause) ORDER BY id", params).stored.map { r in
                var b = BundleRecord(id: try r.require(Int64.self, 0), name: try r.require(String.self, 1),
                                     sourceDatasource: try r.require(Int64.self, 2), targetDatasource: try r.require(Int64.self, 3),
                                     chunkSize: try r.require(Int.self, 4), createTargetTables: try r.require(Bool.self, 5),
                                     skipLimit: try r.require(Int.self, 6), partialPercent: try r.optional(Double.self, 7),
                                     manifestOption: try r.require(Bool.self, 8), batchCode: try r.optional(String.self, 9),
                                     pairs: [], createdAt: try r.require(String.self, 10), updatedAt: try r.require(String.self, 11))
                // Bundles stored before migration 2 have no export options: the defaults.
                b.exportFormat = try r.optional(ExportFormat.self, 12) ?? .jsonl
                b.compression = try r.optional(ExportCompression.self, 13) ?? .gzip
                b.maxFileRows = try r.optional(Int.self, 14)
                b.maxFileBytes = try r.optional(Int.self, 15)
                b.partitions = try r.optional(String.self, 16).flatMap(PartitionsOption.init(stored:)) ?? .auto
                b.schemaEvolution = try r.optional(SchemaEvolution.self, 17) ?? .default
                b.reconcile = try r.optional(ReconcileMethod.self, 18) ?? .default
                return b
            }
            guard !out.isEmpty else { return out }
            let pairs = try c.query("""
                SELECT bundle_id, id, source_table, target_table, relational_ordering, extraction_query, load_query,
                  load_mode, delta_column, mapping_set, null_delta_rows FROM catalog_bundled_table ORDER BY bundle_id, position
                """).stored
            var byBundle: [Int64: [PairRecord]] = [:]
            for r in pairs {
                byBundle[try r.require(Int64.self, 0), default: []].append(PairRecord(
                    id: try r.require(Int64.self, 1), sourceTable: try r.require(Int64.self, 2),
                    targetTable: try r.require(Int64.self, 3), relationalOrdering: try r.require(Int.self, 4),
                    extractionQuery: try r.optional(String.self, 5), loadQuery: try r.optional(String.self, 6),
                    loadMode: try r.require(LoadMode.self, 7), deltaColumn: try r.optional(String.self, 8),
                    nullDeltaRows: try r.optional(NullDeltaRows.self, 10), mappingSet: try r.optional(Int64.self, 9)))
            }
            for i in out.indices { out[i].pairs = byBundle[out[i].id] ?? [] }
            return out
        }
    }

    func deleteBundle(_ id: Int64) async throws -> Bool {
        try await store.transaction { c in
            try c.execute("DELETE FROM catalog_bundled_table WHERE bundle_id = $1", [.int(id)])
            return try c.execute("DELETE FROM catalog_bundle WHERE id = $1", [.int(id)]) > 0
        }
    }
}

enum DeleteOutcome: Sendable { case deleted, notFound, inUse([String]) }

enum CatalogStoreError: Error { case duplicateName(String), notFound }
