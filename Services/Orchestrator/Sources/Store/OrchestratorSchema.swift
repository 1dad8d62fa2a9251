import FerrySQL

/// The orchestrator's tables (prefixed `orch_`), Spring Batch's job repository in miniature:
/// job instances (one per launch), job executions (one per launch or restart), step executions
/// (one per table pair, the unit executors claim under a lease) and skipped rows.
/// Timestamps are ISO-8601 UTC text with milliseconds (`Timestamp.iso`), compared as time in SQL (`SQLDialect.storedTime`).
enum OrchestratorSchema {
    static let migrations: [Migration] = [
        Migration(1, [
            """
            CREATE TABLE orch_job_instance (
              id {ID}, bundle_id {BIGINT} NOT NULL, bundle_name TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
            "CREATE INDEX orch_job_instance_bundle ON orch_job_instance (bundle_id)",
            """
            CREATE TABLE orch_job_execution (
              id {ID}, instance_id {BIGINT} NOT NULL REFERENCES orch_job_instance(id),
              bundle_id {BIGINT} NOT NULL, bundle_name TEXT NOT NULL,
              run_number INTEGER NOT NULL, rerun_number INTEGER NOT NULL,
              status TEXT NOT NULL, exit_status TEXT NOT NULL, exit_message TEXT NOT NULL DEFAULT '',
              exception_details TEXT,
              create_time TEXT NOT NULL, start_time TEXT, end_time TEXT, last_updated TEXT NOT NULL,
              spec_json TEXT NOT NULL)
            """,
            "CREATE INDEX orch_job_execution_bundle ON orch_job_execution (bundle_id, id)",
            "CREATE INDEX orch_job_execution_instance ON orch_job_execution (instance_id, id)",
            "CREATE INDEX orch_job_execution_status ON orch_job_execution (status, id)",
            // At most one running execution per bundle, whatever races between orchestrators (409 on launch).
            """
            CREATE UNIQUE INDEX orch_job_execution_one_running ON orch_job_execution (bundle_id)
              WHERE status IN \(OrchestratorStore.runningStatuses)
            """,
            """
            CREATE TABLE orch_step_execution (
              id {ID}, execution_id {BIGINT} NOT NULL REFERENCES orch_job_execution(id),
              pair_id {BIGINT} NOT NULL, step_name TEXT NOT NULL, relational_ordering INTEGER NOT NULL,
              partition_no INTEGER NOT NULL DEFAULT 0,
              status TEXT NOT NULL,
              read_count {BIGINT} NOT NULL DEFAULT 0, write_count {BIGINT} NOT NULL DEFAULT 0,
              commit_count {BIGINT} NOT NULL DEFAULT 0, write_skip_count {BIGINT} NOT NULL DEFAULT 0,
              rollback_count {BIGINT} NOT NULL DEFAULT 0,
              retry_count INTEGER NOT NULL DEFAULT 0, source_rows {BIGINT},
              exit_status TEXT NOT NULL, exit_message TEXT NOT NULL DEFAULT '',
              start_time TEXT, end_time TEXT,
              lease_owner TEXT, lease_until TEXT, stop_requested INTEGER NOT NULL DEFAULT 0,
              last_updated TEXT NOT NULL,
              UNIQUE (execution_id, pair_id, partition_no))
            """,
            // The UNIQUE above is also the index of the partition lookups (a claim's range of a table, the count of
            // its ranges, the fencing epoch): both engines back it with a B-tree index, so none is added for them.
            "CREATE INDEX orch_step_execution_status ON orch_step_execution (status, execution_id)",
            "CREATE INDEX orch_step_execution_pair ON orch_step_execution (pair_id, status)",
            """
            CREATE TABLE orch_skipped_row (
              id {ID}, execution_id {BIGINT} NOT NULL REFERENCES orch_job_execution(id),
              step_execution_id {BIGINT} NOT NULL REFERENCES orch_step_execution(id),
              step_name TEXT NOT NULL, key_json TEXT NOT NULL, row_json TEXT NOT NULL,
              sql_state TEXT, reason TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
            "CREATE INDEX orch_skipped_row_execution ON orch_skipped_row (execution_id, id)",
        ]),
        // Flows (seed 001): a flow schedules a bundle; each tick or manual run is one row keyed by
        // (flow, scheduled_for), so a tick launches once however many orchestrators see it. A run points at its job
        // instance (restarts are executions of that instance). An incremental step keeps its window with it: the
        // window handed out (window_json, with the low bound) and the high bound the executor reached (window_high),
        // which becomes the next low only once the step COMPLETED.
        Migration(2, [
            """
            CREATE TABLE orch_flow (
              id {ID}, name TEXT NOT NULL, bundle_id {BIGINT} NOT NULL, state TEXT NOT NULL,
              definition_json TEXT NOT NULL, version INTEGER NOT NULL, last_tick {BIGINT},
              created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            "CREATE INDEX orch_flow_state ON orch_flow (state, id)",
            """
            CREATE TABLE orch_flow_run (
              id {ID}, flow_id {BIGINT} NOT NULL REFERENCES orch_flow(id),
              scheduled_for TEXT NOT NULL, trigger TEXT NOT NULL, job_instance_id {BIGINT},
              window_start TEXT, window_end TEXT, error_message TEXT, created_at TEXT NOT NULL,
              UNIQUE (flow_id, scheduled_for))
            """,
            "CREATE INDEX orch_flow_run_instance ON orch_flow_run (job_instance_id)",
            "ALTER TABLE orch_step_execution ADD COLUMN window_json TEXT",
            "ALTER TABLE orch_step_execution ADD COLUMN window_high TEXT",
            "ALTER TABLE orch_step_execution ADD COLUMN null_delta_rows {BIGINT}",
            "ALTER TABLE orch_step_execution ADD COLUMN window_delta_column TEXT",
            "ALTER TABLE orch_step_execution ADD COLUMN window_advances INTEGER NOT NULL DEFAULT 0",
        ]),
        // Seed 003's numbering: batch_run_number counts the launches under a batch code (across bundles), kept on
        // each execution of the launch (batchRerunNumber is rerun_number). Earlier executions get their bundle's
        // name and run number, which is what they were when no bundle set a batch code.
        Migration(3, [
            "ALTER TABLE orch_job_execution ADD COLUMN batch_code TEXT",
            "ALTER TABLE orch_job_execution ADD COLUMN batch_run_number INTEGER",
            "UPDATE orch_job_execution SET batch_code = bundle_name, batch_run_number = run_number",
            """
            CREATE UNIQUE INDEX orch_job_execution_batch_run
              ON orch_job_execution (batch_code, batch_run_number, rerun_number)
            """,
        ]),
        // Fencing: every claim of a step takes the next lease epoch; the executor writes it into the target's
        // checkpoint row with each chunk, and a commit carrying an older epoch is refused there.
        Migration(4, [
            "ALTER TABLE orch_step_execution ADD COLUMN lease_epoch {BIGINT} NOT NULL DEFAULT 0",
        ]),
        // Seed 003: the manifests the manifest steps wrote, as they wrote them (bytes and SHA-256): the chain's
        // previous link and the verify service's reference. One per batch run and rerun.
        Migration(5, [
            """
            CREATE TABLE orch_manifest (
              id {ID}, execution_id {BIGINT} NOT NULL REFERENCES orch_job_execution(id), bundle_id {BIGINT} NOT NULL,
              batch_code TEXT NOT NULL, batch_run_number INTEGER NOT NULL, batch_rerun_number INTEGER NOT NULL,
              file_name TEXT NOT NULL, file_size {BIGINT} NOT NULL, sha256 TEXT NOT NULL, directory TEXT NOT NULL,
              content TEXT NOT NULL, created_at TEXT NOT NULL,
              UNIQUE (batch_code, batch_run_number, batch_rerun_number))
            """,
        ]),
        // Progress samples: a step's counts over time (thinned as the step runs longer), for throughput charts.
        Migration(6, [
            """
            CREATE TABLE orch_progress_sample (
              step_execution_id {BIGINT} NOT NULL REFERENCES orch_step_execution(id),
              at TEXT NOT NULL, read_count {BIGINT} NOT NULL, write_count {BIGINT} NOT NULL)
            """,
            "CREATE INDEX orch_progress_sample_step ON orch_progress_sample (step_execution_id, at)",
        ]),
        // Key-range partitions: a big table's step is one row per range (partition_no 0…n-1), each with its range
        // (JSON PartitionRange; NULL = the whole table), claimed, checkpointed and resumed on its own.
        Migration(7, [
            "ALTER TABLE orch_step_execution ADD COLUMN key_range_json TEXT",
        ]),
        // Schema drift: the source columns an incremental window read (JSON), so the next window of the pair can
        // tell a column added, dropped or retyped since.
        Migration(8, [
            "ALTER TABLE orch_step_execution ADD COLUMN window_columns TEXT",
        ]),
        // The check after a step (bundle option reconcile): JSON Reconciliation of the partition's own range.
        Migration(9, [
            "ALTER TABLE orch_step_execution ADD COLUMN reconciliation_json TEXT",
        ]),
        // Each job instance's token in its steps' checkpoint keys (``JobNaming/stepKey(instanceId:pairId:suffix:)``):
        // instance ids repeat across stores, targets outlive stores. Instances from before keep the bare key.
        Migration(10, [
            "ALTER TABLE orch_job_instance ADD COLUMN step_key_suffix TEXT NOT NULL DEFAULT ''",
        ]),
    ]
}
