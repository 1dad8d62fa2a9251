#!/usr/bin/env bash
# The `scaling` part: the PG→PG copy of lineitem with DEFAULT options (so `partitions: auto` splits a table of
# 500,000 rows or more into ranges of about 250,000) on stacks of 1, 2 and 4 executors, beside the psql | psql
# pipe of the same run. Each stack is `make run`'s own script (scripts/run.sh with FERRY_EXECUTORS=N) on the
# PostgreSQL store that replicas share (FERRY_DATABASE_URL: a fresh database `ferry_scaling` on the bench
# PostgreSQL). Per stack, REPS rounds of pipe then Ferry (each pair under the same machine state); every copy is
# checked (row count); each executor's peak RSS over the copies (VmHWM, reset through clear_refs first). For N > 1
# also N psql pipes at once over equal key ranges (`split-N`): what parallel streams gain here with no tool at all.
# BIG=1: then one 1-executor copy of lineitem_big (FERRY_BENCH_BIG_ROWS, 10,000,000 rows; made once), for the
# peak RSS of a 10x bigger table ("flat from 1M to 10M").
# Writes $RESULTS_DIR/scaling.txt, lines `name seconds…`, `rss-N MiB…` (one figure per executor) and `ranges-N`
# (how the last copy's key ranges fell on the executors: `2+2` = two each), which
# bench/summary.py turns into the scaling table. Needs the bench PostgreSQL up and src.lineitem made.
#   REPS (3)  SCALING_EXECUTORS ("1 2 4")  SCALING_SLOTS (each executor's FERRY_EXECUTOR_SLOTS; unset: its default, 4)
#   BIG (0)  FERRY_BENCH_BIG_ROWS (10000000)  FERRY_BIN_DIR (release build)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
REPS=${REPS:-3}; SCALING_EXECUTORS=${SCALING_EXECUTORS:-1 2 4}; BIG=${BIG:-0}; BIG_ROWS=${FERRY_BENCH_BIG_ROWS:-10000000}
BIN=${FERRY_BIN_DIR:-$(swift build -c release --show-bin-path)}
OUT="$RESULTS_DIR/scaling.txt"
mkdir -p "$RESULTS_DIR"; echo "slots ${SCALING_SLOTS:-default}" >"$OUT"
RUN_PID=; DATA=
stop_stack() {  # scripts/run.sh stops exactly what it started (executors first) on SIGTERM
  [ -n "$RUN_PID" ] && { kill -TERM "$RUN_PID" 2>/dev/null || true; wait "$RUN_PID" 2>/dev/null || true; }
  RUN_PID=
  [ -n "$DATA" ] && rm -rf "$DATA"; DATA=
}
trap stop_stack EXIT INT TERM

EXEC_PIDS=()
start_stack() {  # $1 executors
  local n=$1 s k ports=()
  DATA=$(mktemp -d /tmp/ferry-bench-scaling.XXXXXX)
  fresh_db ferry_scaling
  for s in gateway catalog orchestrator executor reporting; do export "FERRY_${s^^}_PORT=$(python3 scripts/free-port.py)"; done
  export FERRY_DATA_DIR=$DATA FERRY_API_KEY=bench-$RANDOM$RANDOM FERRY_LOG_LEVEL=warning FERRY_DEMO=0 FERRY_EXECUTORS=$n \
    FERRY_BIN_DIR=$BIN FERRY_DATABASE_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/ferry_scaling" FERRY_GATEWAY="http://127.0.0.1:$FERRY_GATEWAY_PORT"
  if [ -n "${SCALING_SLOTS:-}" ]; then export FERRY_EXECUTOR_SLOTS=$SCALING_SLOTS; else unset FERRY_EXECUTOR_SLOTS; fi
  unset FERRY_EXECUTOR_ID FERRY_ORCHESTRATOR_URL FERRY_REPORTING_URL FERRY_CATALOG_URL FERRY_EXECUTOR_URL
  scripts/run.sh >"$RESULTS_DIR/scaling-$n.log" 2>&1 & RUN_PID=$!
  # run.sh writes one pid file per executor (executor.pid alone, executor-K.pid for several) and says
  # "… is up" per service; the gateway answering and every executor's pid file mean the stack is ready.
  for _ in $(seq 1 300); do
    EXEC_PIDS=()
    if [ "$n" = 1 ]; then [ -s "$DATA/run/executor.pid" ] && EXEC_PIDS=("$(cat "$DATA/run/executor.pid")")
    else for k in $(seq 1 "$n"); do [ -s "$DATA/run/executor-$k.pid" ] && EXEC_PIDS+=("$(cat "$DATA/run/executor-$k.pid")"); done; fi
    [ "$(grep -c ' is up' "$RESULTS_DIR/scaling-$n.log")" -ge $((n + 4)) ] && [ ${#EXEC_PIDS[@]} = "$n" ] && return 0
    kill -0 "$RUN_PID" 2>/dev/null || break
    sleep 0.2
  done
  fail "scaling: the stack of $n executors did not come up ($RESULTS_DIR/scaling-$n.log)"
}

# One Ferry copy of src.$FERRY_TABLE on the running stack, checked: prints the seconds, or fails. Leaves in
# $DATA/ranges how its key ranges fell on the executors (ranges per executor, most first: `2+1+1`).
ferry_copy_checked() {  # $1 expected rows
  local s n job
  s=$(FERRY_COPY_IDS="$DATA/ids" pg_to_pg ferry)
  n=$($PSQL -Atd dst -c "SELECT count(*) FROM ${FERRY_TABLE:-lineitem}" 2>/dev/null || echo none)
  [ "$n" = "$1" ] || { say "scaling: the Ferry copy left $n rows in dst, expected $1"; return 1; }
  job=$(awk '$1 == "job" {print $2}' "$DATA/ids")
  curl -s "$FERRY_GATEWAY/v1/batch/job/$job/steps/STEP-${FERRY_TABLE:-lineitem}/partitions" -H "X-API-Key: $FERRY_API_KEY" \
    | python3 -c 'import collections, json, sys
c = collections.Counter(p["executorId"] for p in json.load(sys.stdin)["partitions"])
print("+".join(str(v) for v in sorted(c.values(), reverse=True)))' >"$DATA/ranges" 2>/dev/null || echo "?" >"$DATA/ranges"
  echo "$s"
}

rss_line() {  # $1 label: the peak RSS of each executor since its last reset
  local p line="$1"
  for p in "${EXEC_PIDS[@]}"; do line="$line $(peak_rss_mib "$p")"; done
  echo "$line"
}

for n in $SCALING_EXECUTORS; do
  start_stack "$n"
  for p in "${EXEC_PIDS[@]}"; do reset_peak_rss "$p"; done
  pipe=() ferry=() split=()
  for r in $(seq 1 "$REPS"); do
    pipe+=("$(pg_to_pg pipe)")
    [ "$n" -gt 1 ] && split+=("$(pg_to_pg "split-$n")")
    if s=$(ferry_copy_checked "$ROWS"); then ferry+=("$s"); else ferry=(FAILED); break; fi
  done
  { echo "pipe-$n ${pipe[*]}"; [ "$n" -gt 1 ] && echo "split-$n ${split[*]}"; echo "ferry-$n ${ferry[*]}"; rss_line "rss-$n"; echo "ranges-$n $(cat "$DATA/ranges" 2>/dev/null || echo '?')"; } \
    | tee -a "$OUT"
  stop_stack
done

if [ "$BIG" = 1 ]; then
  if [ "$($PSQL -Atd src -c "SELECT count(*) FROM lineitem_big" 2>/dev/null || echo 0)" != "$BIG_ROWS" ]; then
    say "src.lineitem_big: $BIG_ROWS rows (once; kept for the next runs)"
    $PSQL -d src -c "DROP TABLE IF EXISTS lineitem_big" >/dev/null
    $PSQL -d src >/dev/null <<SQL
$(lineitem_ddl pg lineitem_big);
$(lineitem_rows_sql lineitem_big "$BIG_ROWS")
VACUUM (ANALYZE) lineitem_big;
SQL
  fi
  start_stack 1
  reset_peak_rss "${EXEC_PIDS[0]}"
  s=$(FERRY_TABLE=lineitem_big ferry_copy_checked "$BIG_ROWS") || s=FAILED
  { echo "big-rows $BIG_ROWS"; echo "ferry-big $s"; rss_line "rss-big"; } | tee -a "$OUT"
  stop_stack
  fresh_db dst   # 10M rows of target on disk are no use to the next part
fi
