#!/usr/bin/env bash
# The `breakdown` of one PG→PG copy (bench/step-breakdown.py: the client's parts, the executor's phases), but on a
# stack started by `make run`'s own script (scripts/run.sh, one executor) instead of the services bench/run.sh
# starts itself — to compare the two (the scaling stacks copy slower than the breakdown stack; see bench/README.md).
# Each round: the pipe, then Ferry, with the executor's /metrics before and after and the store's commits.
#   STORE (pg: the PostgreSQL store `ferry_scaling` on the bench server, as bench/scaling.sh; sqlite: the embedded one)
#   REPS (3)  FERRY_BIN_DIR (release build). Needs the bench PostgreSQL up and src.lineitem made.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
REPS=${REPS:-3}; STORE=${STORE:-pg}
BIN=${FERRY_BIN_DIR:-$(swift build -c release --show-bin-path)}
DATA=$(mktemp -d /tmp/ferry-bench-stack-breakdown.XXXXXX); OUT="$RESULTS_DIR/stack-breakdown"; mkdir -p "$OUT"
RUN_PID=
trap '[ -n "$RUN_PID" ] && { kill -TERM "$RUN_PID" 2>/dev/null; wait "$RUN_PID" 2>/dev/null; }; rm -rf "$DATA"' EXIT INT TERM
for s in gateway catalog orchestrator executor reporting; do export "FERRY_${s^^}_PORT=$(python3 scripts/free-port.py)"; done
export FERRY_DATA_DIR=$DATA FERRY_API_KEY=bench-$RANDOM$RANDOM FERRY_LOG_LEVEL=warning FERRY_DEMO=0 FERRY_EXECUTORS=1 \
  FERRY_BIN_DIR=$BIN FERRY_GATEWAY="http://127.0.0.1:$FERRY_GATEWAY_PORT"
unset FERRY_DATABASE_URL FERRY_EXECUTOR_SLOTS FERRY_EXECUTOR_ID
if [ "$STORE" = pg ]; then fresh_db ferry_scaling; export FERRY_DATABASE_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/ferry_scaling"; fi
scripts/run.sh >"$OUT/run.log" 2>&1 & RUN_PID=$!
for _ in $(seq 1 300); do [ "$(grep -c ' is up' "$OUT/run.log")" -ge 5 ] && break; kill -0 "$RUN_PID" || fail "the stack did not start ($OUT/run.log)"; sleep 0.2; done
commits() { $PSQL -Atd postgres -c "SELECT coalesce(sum(xact_commit), 0) FROM pg_stat_database WHERE datname = 'ferry_scaling'"; }
syncs() { $PSQL -Atd postgres -c "SELECT wal_sync FROM pg_stat_wal"; }
for r in $(seq 1 "$REPS"); do
  pipe_s=$(pg_to_pg pipe)
  curl -s "http://127.0.0.1:$FERRY_EXECUTOR_PORT/metrics" >"$OUT/before.metrics"
  c0=$(commits); w0=$(syncs)
  FERRY_COPY_TIMES="$OUT/client.txt" FERRY_COPY_IDS="$OUT/ids.txt" pg_to_pg ferry >/dev/null
  c1=$(commits); w1=$(syncs)
  curl -s "http://127.0.0.1:$FERRY_EXECUTOR_PORT/metrics" >"$OUT/after.metrics"
  job=$(awk '$1 == "job" {print $2}' "$OUT/ids.txt")
  curl -s "$FERRY_GATEWAY/v1/batch/job/$job/steps/STEP-LINEITEM/partitions" -H "X-API-Key: $FERRY_API_KEY" >"$OUT/partitions.json"
  echo "== round $r (store $STORE): store transactions during the copy $((c1 - c0)), WAL fsyncs on the server $((w1 - w0))"
  python3 "$BENCH_DIR/step-breakdown.py" "$OUT/before.metrics" "$OUT/after.metrics" "$OUT/client.txt" "$pipe_s" "$OUT/partitions.json"
done
