#!/usr/bin/env bash
# make bench: Ferry against the COPY limit, pgloader and Sling (bench/peers.sh), with Ferry's DEFAULT
# options through its public API, plus the driver-level copy, parallel steps, the executor's peak RSS and
# RF06 latency under load. Prints one table per part; raw files in $RESULTS_DIR. See bench/README.md.
#   FERRY_BENCH_ROWS (1000000)  REPS (3)  PGPORT (55432)  TOOLS (peers subset)  PAR_ROWS (250000 per table)
#   PARTS (driver breakdown peers interleaved scaling sqlite exports parallel incremental reconcile latency: which
#   parts run)  BIG=1: the scaling part also copies FERRY_BENCH_BIG_ROWS (10M) rows with one executor (peak RSS)
#   FERRY_BENCH_QUICK=1: 50,000 rows, one rep, the breakdown, the COPY pipe, Ferry and the exports (a smoke run of the whole path)
#   FERRY_BIN_DIR: Ferry binaries to time (default: the release build)
set -euo pipefail
if [ "${FERRY_BENCH_QUICK:-0}" = 1 ]; then
  export FERRY_BENCH_ROWS=${FERRY_BENCH_ROWS:-50000} REPS=${REPS:-1} PARTS=${PARTS:-breakdown peers exports} TOOLS=${TOOLS:-copy-binary ferry}
fi
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
export FERRY_BENCH_ROWS=$ROWS
REPS=${REPS:-3}; PAR_ROWS=${PAR_ROWS:-250000}
PARTS=${PARTS:-driver breakdown peers interleaved scaling sqlite exports parallel incremental reconcile latency}
part() { case " $PARTS " in *" $1 "*) return 0 ;; esac; return 1; }
mkdir -p "$RESULTS_DIR"
rm -f "$RESULTS_DIR"/{driver,breakdown,interleaved,scaling,parallel,pg-sqlite,exports,incremental,reconcile,latency,executor-rss,summary}.txt "$RESULTS_DIR"/runs.tsv
STACK=$(mktemp -d /tmp/ferry-bench-stack.XXXXXX)
P="$PSQL -h $PGHOST -p $PGPORT -U $PGUSER"
PIDS=()
# Stops what this run started: the services by PID, then the bench PostgreSQL (its data stays on disk for the
# next run; BENCH_KEEP_PG=1 leaves it running).
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$STACK"
  [ "${BENCH_KEEP_PG:-0}" = 1 ] || "$BENCH_DIR/postgres.sh" down
}
trap cleanup EXIT INT TERM

"$BENCH_DIR/postgres.sh" up
n=$($P -Atd src -c "SELECT count(*) FROM lineitem" 2>/dev/null || echo 0)
m=$(sqlite3 "$SQLITE_DB" "SELECT count(*) FROM lineitem" 2>/dev/null || echo 0)
[ "$n" = "$ROWS" ] && [ "$m" = "$ROWS" ] || "$BENCH_DIR/make-data.sh"

BIN=${FERRY_BIN_DIR:-$(swift build -c release --show-bin-path)}
export FERRY_DATA_DIR=$STACK FERRY_API_KEY=bench-$RANDOM$RANDOM FERRY_LOG_LEVEL=warning
for s in gateway catalog orchestrator executor reporting; do
  port=$(python3 "$ROOT/scripts/free-port.py")
  export "FERRY_$(echo $s | tr a-z A-Z)_PORT=$port"
done
for s in catalog orchestrator executor reporting gateway; do
  "$BIN/ferry-$s" >"$STACK/$s.log" 2>&1 & PIDS+=($!)
  [ $s = executor ] && EXEC_PID=$!
done
export FERRY_GATEWAY=http://127.0.0.1:$FERRY_GATEWAY_PORT
for _ in $(seq 1 100); do curl -sf "$FERRY_GATEWAY/health" >/dev/null && break; sleep 0.2; done

if part driver; then
echo; echo "== driver level: ferry-driver-bench (COPY binary out → COPY binary in, drivers only) vs psql | psql"
printf '%-22s %s\n' tool "runs (s)"
for tool in pipe driver; do
  times=()
  for r in $(seq 1 "$REPS"); do times+=("$(pg_to_pg $tool)"); done
  printf '%-22s %s\n' "$([ $tool = pipe ] && echo copy-binary || echo driver)" "${times[*]}" | tee -a "$RESULTS_DIR/driver.txt"
done
fi

if part breakdown; then
echo; echo "== one PG→PG copy, where Ferry's time goes: the pipe, then Ferry through the API (client's parts; executor /metrics before and after)"
pipe_s=$(pg_to_pg pipe)
metrics() { curl -s "http://127.0.0.1:$FERRY_EXECUTOR_PORT/metrics" >"$RESULTS_DIR/breakdown-$1.metrics"; }
metrics before
FERRY_COPY_TIMES="$RESULTS_DIR/breakdown-client.txt" FERRY_COPY_IDS="$RESULTS_DIR/breakdown-ids.txt" pg_to_pg ferry >/dev/null
metrics after
# The table's key ranges (one per partition, each its own step execution with its start and end).
job=$(awk '$1 == "job" {print $2}' "$RESULTS_DIR/breakdown-ids.txt" 2>/dev/null || true)
curl -s "$FERRY_GATEWAY/v1/batch/job/${job:-0}/steps/STEP-LINEITEM/partitions" -H "X-API-Key: $FERRY_API_KEY" >"$RESULTS_DIR/breakdown-partitions.json" || true
python3 "$BENCH_DIR/step-breakdown.py" "$RESULTS_DIR"/breakdown-{before,after}.metrics "$RESULTS_DIR/breakdown-client.txt" "$pipe_s" \
  "$RESULTS_DIR/breakdown-partitions.json" \
  | tee "$RESULTS_DIR/breakdown.txt" || echo "breakdown: no figures (the Ferry copy failed?)"
fi

if part peers; then
echo; echo "== the peers (bench/peers.sh) with Ferry through its API (default options)"
FERRY_CMD="$ROOT/bench/ferry-copy.sh" FERRY_SQLITE_CMD="$ROOT/bench/ferry-copy.sh --sqlite" \
  REPS=$REPS RESULTS_DIR=$RESULTS_DIR "$BENCH_DIR/peers.sh" || echo "peers.sh exited $?"
fi
echo "executor peak RSS (VmHWM): $(awk '/VmHWM/{print $2/1024 " MiB"}' /proc/$EXEC_PID/status)" | tee "$RESULTS_DIR/executor-rss.txt"

if part interleaved; then
echo; echo "== PG→PG interleaved: pipe, Ferry, pipe, Ferry … (each pair under the same machine state; the harness runs Ferry last, after minutes of pgloader and Sling)"
inter_pipe=(); inter_ferry=()
for r in $(seq 1 "$REPS"); do inter_pipe+=("$(pg_to_pg pipe)"); inter_ferry+=("$(pg_to_pg ferry)"); done
printf '%-12s %s\n' copy-binary "${inter_pipe[*]}" ferry "${inter_ferry[*]}" | tee -a "$RESULTS_DIR/interleaved.txt"
fi

if part scaling; then
echo; echo "== scaling: PG→PG with default options (partitions auto) on 1, 2 and 4 executors (scripts/run.sh FERRY_EXECUTORS=N, PostgreSQL store), each beside the pipe; peak RSS per executor"
FERRY_BIN_DIR=$BIN RESULTS_DIR=$RESULTS_DIR REPS=$REPS "$BENCH_DIR/scaling.sh" || echo "scaling.sh exited $?"
fi

if part sqlite; then
echo; echo "== PG→SQLite: Ferry vs psql COPY csv | sqlite3 .import (table made first, same DDL as the harness' SQLite file)"
LITE_DIR=$(mktemp -d /tmp/ferry-bench-lite.XXXXXX)
lite_ddl=$(lineitem_ddl sqlite)
for tool in csv-import ferry; do
  times=()
  for r in $(seq 1 "$REPS"); do
    rm -f "$LITE_DIR"/*.db*
    t0=$(date +%s.%N)
    if [ $tool = csv-import ]; then
      sqlite3 "$LITE_DIR/pipe.db" "$lite_ddl"
      $P -d src -c "COPY lineitem TO STDOUT (FORMAT csv)" | sqlite3 "$LITE_DIR/pipe.db" ".import --csv /dev/stdin lineitem"
      db="$LITE_DIR/pipe.db"
    else
      SRC_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/src" DST_SQLITE="$LITE_DIR/ferry.db" "$ROOT/bench/ferry-copy.sh" 2>"$RESULTS_DIR/pg-sqlite.log" \
        || { echo "ferry PG→SQLite FAILED: $(tail -c 600 "$RESULTS_DIR/pg-sqlite.log")"; break; }
      db="$LITE_DIR/ferry.db"
    fi
    t=$(awk -v a=$t0 -v b=$(date +%s.%N) 'BEGIN{printf "%.2f", b-a}')
    n=$(sqlite3 "$db" "SELECT count(*) FROM lineitem")
    [ "$n" = "$ROWS" ] || echo "$tool: $n rows in the SQLite file, expected $ROWS"
    times+=("$t")
  done
  printf '%-12s PG->SQLite runs (s): %s\n' "$tool" "${times[*]}" | tee -a "$RESULTS_DIR/pg-sqlite.txt"
done
rm -rf "$LITE_DIR"
fi

if part exports; then
echo; echo "== PG→files: Ferry's exports (JSON Lines gzip, Parquet; each with its manifest) vs psql COPY csv | gzip"
EXP_DIR=$(mktemp -d /tmp/ferry-bench-exports.XXXXXX)
# The executor's peak RSS from here on: VmHWM reset (clear_refs 5), read after the exports.
echo 5 > /proc/$EXEC_PID/clear_refs 2>/dev/null || true
for tool in csv-gzip jsonl parquet; do
  times=(); bytes=0
  for r in $(seq 1 "$REPS"); do
    rm -rf "${EXP_DIR:?}"/*; mkdir -p "$EXP_DIR/out"
    t0=$(date +%s.%N)
    if [ $tool = csv-gzip ]; then
      $P -d src -c "COPY lineitem TO STDOUT (FORMAT csv)" | gzip > "$EXP_DIR/out/lineitem.csv.gz"
      n=$(gzip -dc "$EXP_DIR/out/lineitem.csv.gz" | wc -l)
    else
      EXPORT_FORMAT=$tool DST_FILES="$EXP_DIR/out" SRC_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/src" \
        "$ROOT/bench/ferry-copy.sh" 2>"$RESULTS_DIR/exports-$tool.log" \
        || { echo "ferry PG→$tool FAILED: $(tail -c 600 "$RESULTS_DIR/exports-$tool.log")"; break; }
      n=$(sed -nE 's/^  "recordsProcessed": ([0-9]+),$/\1/p' "$EXP_DIR"/out/*_manifest.json)
    fi
    times+=("$(awk -v a=$t0 -v b=$(date +%s.%N) 'BEGIN{printf "%.2f", b-a}')")
    [ "$n" = "$ROWS" ] || echo "$tool: $n rows written, expected $ROWS"
    bytes=$(find "$EXP_DIR/out" -type f ! -name '.*' ! -name '*_manifest.json' -printf '%s\n' | awk '{s+=$1} END{print s}')
  done
  printf '%-10s PG->files runs (s): %s  bytes: %s\n' "$tool" "${times[*]}" "$bytes" | tee -a "$RESULTS_DIR/exports.txt"
done
rm -rf "$EXP_DIR"
python3 - "$RESULTS_DIR/exports.txt" "$ROWS" <<'PY' | tee -a "$RESULTS_DIR/exports.txt"
import re, statistics, sys
med = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\S+)\s+PG->files runs \(s\):\s*([\d. ]+?)\s+bytes: (\d+)", line)
    if m: med[m.group(1)] = (statistics.median(float(x) for x in m.group(2).split()), int(m.group(3)))
base = med.get("csv-gzip")
for tool in ("jsonl", "parquet"):
    if tool in med and base:
        t, b = med[tool]
        print(f"ratio {tool}: {base[0] / t:.2f}x the csv|gzip pipe's throughput ({int(sys.argv[2]) / t:,.0f} rows/s), "
              f"{b / base[1]:.2f}x its bytes")
PY
echo "executor peak RSS during the exports (VmHWM): $(awk '/VmHWM/{print $2/1024 " MiB"}' /proc/$EXEC_PID/status)" | tee -a "$RESULTS_DIR/exports.txt"
fi

if part parallel; then
echo; echo "== parallel steps: PG→PG bundles of 1, 2 and 4 pairs ($PAR_ROWS rows each)"
for i in 1 2 3 4; do
  $P -d src -c "DROP TABLE IF EXISTS li_$i; CREATE TABLE li_$i AS SELECT * FROM lineitem ORDER BY l_orderkey, l_linenumber LIMIT $PAR_ROWS; ALTER TABLE li_$i ADD PRIMARY KEY (l_orderkey, l_linenumber)"
done
for pairs in 1 2 4; do
  $P -d postgres -c "DROP DATABASE IF EXISTS dst WITH (FORCE)" -c "CREATE DATABASE dst"
  t0=$(date +%s.%N)
  if ! FERRY_TABLE=li SRC_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/src" DST_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/dst" \
    "$ROOT/bench/ferry-copy.sh" --pairs "$pairs" 2>"$RESULTS_DIR/parallel-$pairs.log"; then
    echo "$pairs pairs: FAILED — $(tail -c 600 "$RESULTS_DIR/parallel-$pairs.log")" | tee -a "$RESULTS_DIR/parallel.txt"; continue
  fi
  s=$(awk -v a=$t0 -v b=$(date +%s.%N) 'BEGIN{printf "%.2f", b-a}')
  printf '%d pairs: %s s, %.0f rows/s\n' $pairs $s $(awk -v r=$((pairs * PAR_ROWS)) -v s=$s 'BEGIN{print r/s}') | tee -a "$RESULTS_DIR/parallel.txt"
done
fi

if part incremental; then
echo; echo "== incremental: li_delta (lineitem + updated_at), first incremental run, 1 % of rows updated, second run, beside a full reload (truncate-insert)"
RESULTS_DIR=$RESULTS_DIR "$BENCH_DIR/incremental.sh" || echo "incremental.sh exited $?"
fi

if part reconcile; then
echo; echo "== reconcile: the PG→PG copy, then POST /v1/data/bundles/{uid}/reconcile of its bundle (digest, then count)"
RESULTS_DIR=$RESULTS_DIR "$BENCH_DIR/reconcile.sh" || echo "reconcile.sh exited $?"
fi

if part latency; then
echo; echo "== GET /v1/batch/job/{id} through the gateway (gateway → reporting → orchestrator), ~500 requests/s for 20 s (bench/latency.sh: wrk; one of each service, then two orchestrators and two reporting services behind HAProxy)"
FERRY_BIN_DIR=$BIN RESULTS_DIR=$RESULTS_DIR "$BENCH_DIR/latency.sh" || echo "latency.sh exited $?"
fi
python3 "$ROOT/bench/summary.py" "$RESULTS_DIR" "$ROWS" | tee "$RESULTS_DIR/summary.txt"
echo; echo "results in $RESULTS_DIR (report.md from bench/peers.sh, summary.txt)"
