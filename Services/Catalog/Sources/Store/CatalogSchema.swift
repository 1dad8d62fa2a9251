import FerrySQL

/// The catalog's tables (prefixed `catalog_`), one migration per released change.
enum CatalogSchema {
    static let migrations: [Migration] = [
        Migration(1, [
            """
            CREATE TABLE catalog_datasource (
              id {ID}, database_name TEXT NOT NULL, provider TEXT NOT NULL, platform TEXT, user_name TEXT,
              password_enc TEXT, jdbc_url TEXT NOT NULL, driver_class TEXT, dialect TEXT, schema_name TEXT,
              created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE catalog_table (
              id {ID}, physical_name TEXT NOT NULL, schema_name TEXT,
              created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE catalog_mapping_set (
              id {ID}, name TEXT, mappings TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE catalog_bundle (
              id {ID}, name TEXT NOT NULL UNIQUE,
              source_ds {BIGINT} NOT NULL REFERENCES catalog_datasource(id),
              target_ds {BIGINT} NOT NULL REFERENCES catalog_datasource(id),
              chunk_size INTEGER NOT NULL, create_target_tables INTEGER NOT NULL, skip_limit INTEGER NOT NULL,
              partial_pct {REAL}, manifest_option INTEGER NOT NULL, batch_code TEXT,
              created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE catalog_bundled_table (
              id {ID}, bundle_id {BIGINT} NOT NULL REFERENCES catalog_bundle(id) ON DELETE CASCADE,
              position INTEGER NOT NULL,
              source_table {BIGINT} NOT NULL REFERENCES catalog_table(id),
              target_table {BIGINT} NOT NULL REFERENCES catalog_table(id),
              relational_ordering INTEGER NOT NULL, extraction_query TEXT, load_query TEXT,
              load_mode TEXT NOT NULL, delta_column TEXT,
              mapping_set {BIGINT} REFERENCES catalog_mapping_set(id))
            """,
            "CREATE INDEX catalog_bundled_table_bundle ON catalog_bundled_table (bundle_id)",
        ]),
        // Export options of a bundle whose target is a Files datasource.
        Migration(2, [
            "ALTER TABLE catalog_bundle ADD COLUMN export_format TEXT",
            "ALTER TABLE catalog_bundle ADD COLUMN compression TEXT",
            "ALTER TABLE catalog_bundle ADD COLUMN max_file_rows {BIGINT}",
            "ALTER TABLE catalog_bundle ADD COLUMN max_file_bytes {BIGINT}",
        ]),
        // Key-range partitions per table: "auto" or a number (NULL in rows written before: auto).
        Migration(3, [
            "ALTER TABLE catalog_bundle ADD COLUMN partitions TEXT",
        ]),
        // Incremental options: a pair's NULL-delta rule, a bundle's answer to a source column added between runs.
        Migration(4, [
            "ALTER TABLE catalog_bundled_table ADD COLUMN null_delta_rows TEXT",
            "ALTER TABLE catalog_bundle ADD COLUMN schema_evolution TEXT",
        ]),
        // The check after each step: off, count or digest (NULL in rows written before: count).
        Migration(5, [
            "ALTER TABLE catalog_bundle ADD COLUMN reconcile TEXT",
        ]),
    ]
}
