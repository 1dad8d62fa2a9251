#!/usr/bin/env bash
# RF06 under load: GET /v1/batch/job/{id} through the gateway (gateway → reporting → orchestrator) at about
# $RATE requests/s for $DURATION with wrk, on stacks of its own, one layout after the other:
#   single    one process of each service, SQLite stores (the default install)
#   replicas  two orchestrators and two reporting services on one PostgreSQL store (FERRY_DATABASE_URL), each pair
#             behind HAProxy round robin — what a Kubernetes Service does in front of replicas
# The job read is a finished 4-step bundle (four small tables copied first), so the answer has the size a user sees.
# Prints one line per layout: achieved rate, p50, p90, p99, max, non-2xx, the 1-minute load average. Needs the bench PostgreSQL (postgres.sh up).
# HOPS=1 also measures the same read straight at the reporting service and at the orchestrator (where the time goes).
#   RATE (500)  DURATION (20s)  CONNS (20)  LAYOUTS ("single replicas")  HOPS (0)  FERRY_BIN_DIR (release build)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
RATE=${RATE:-500}; DURATION=${DURATION:-20s}; CONNS=${CONNS:-20}; LAYOUTS=${LAYOUTS:-single replicas}
HOPS=${HOPS:-0}
command -v wrk >/dev/null || need_apt wrk
case " $LAYOUTS " in *" replicas "*) command -v haproxy >/dev/null || need_apt haproxy ;; esac
BIN=${FERRY_BIN_DIR:-$(swift build -c release --show-bin-path)}
P="$PSQL -h $PGHOST -p $PGPORT -U $PGUSER"
mkdir -p "$RESULTS_DIR"
: >"$RESULTS_DIR/latency.txt"
PIDS=()
STACK=
stop_stack() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  PIDS=()
  [ -n "$STACK" ] && rm -rf "$STACK"; STACK=
}
trap stop_stack EXIT INT TERM
port() { python3 "$ROOT/scripts/free-port.py"; }

# Four small source tables (made once) and a fresh target database for each layout.
for i in 1 2 3 4; do
  $P -d src -c "CREATE TABLE IF NOT EXISTS rf06_$i AS SELECT * FROM lineitem ORDER BY l_orderkey, l_linenumber LIMIT 2000" >/dev/null 2>&1
  $P -d src -c "DO \$\$BEGIN ALTER TABLE rf06_$i ADD PRIMARY KEY (l_orderkey, l_linenumber); EXCEPTION WHEN others THEN NULL; END\$\$" >/dev/null
done

# HAProxy in front of `$2…` on port $1 (HTTP keep-alive both ways, round robin).
balance() {
  local listen=$1; shift
  local cfg="$STACK/haproxy-$listen.cfg" n=0
  { printf 'global\n  maxconn 2000\ndefaults\n  mode http\n  option http-keep-alive\n  timeout connect 3s\n  timeout client 60s\n  timeout server 60s\n'
    printf 'frontend f\n  bind 127.0.0.1:%s\n  default_backend b\nbackend b\n  balance roundrobin\n' "$listen"
    for p in "$@"; do n=$((n + 1)); printf '  server s%d 127.0.0.1:%s\n' $n "$p"; done; } >"$cfg"
  haproxy -f "$cfg" >"$STACK/haproxy-$listen.log" 2>&1 & PIDS+=($!)
}

start_stack() {  # $1 = single | replicas
  STACK=$(mktemp -d /tmp/ferry-latency-stack.XXXXXX)
  export FERRY_DATA_DIR=$STACK FERRY_API_KEY=bench-$RANDOM$RANDOM FERRY_LOG_LEVEL=warning
  unset FERRY_DATABASE_URL
  local s
  for s in gateway catalog orchestrator executor reporting; do export "FERRY_$(echo $s | tr a-z A-Z)_PORT=$(port)"; done
  unset FERRY_ORCHESTRATOR_URL FERRY_REPORTING_URL
  local n=1
  if [ "$1" = replicas ]; then
    n=2
    $P -d postgres -c "DROP DATABASE IF EXISTS ferry_latency WITH (FORCE)" -c "CREATE DATABASE ferry_latency" >/dev/null 2>&1
    export FERRY_DATABASE_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/ferry_latency"
    export FERRY_ORCHESTRATOR_URL="http://127.0.0.1:$FERRY_ORCHESTRATOR_PORT" FERRY_REPORTING_URL="http://127.0.0.1:$FERRY_REPORTING_PORT"
  fi
  "$BIN/ferry-catalog" >"$STACK/catalog.log" 2>&1 & PIDS+=($!)
  sleep 1   # the catalog creates the shared secrets and, on PostgreSQL, its tables first
  local k orch=() rep=()
  for k in $(seq 1 $n); do
    local op=$FERRY_ORCHESTRATOR_PORT rp=$FERRY_REPORTING_PORT
    [ $n -gt 1 ] && { op=$(port); rp=$(port); }
    orch+=($op); rep+=($rp)
    FERRY_ORCHESTRATOR_PORT=$op "$BIN/ferry-orchestrator" >"$STACK/orchestrator-$k.log" 2>&1 & PIDS+=($!)
    FERRY_REPORTING_PORT=$rp "$BIN/ferry-reporting" >"$STACK/reporting-$k.log" 2>&1 & PIDS+=($!)
  done
  if [ $n -gt 1 ]; then balance "$FERRY_ORCHESTRATOR_PORT" "${orch[@]}"; balance "$FERRY_REPORTING_PORT" "${rep[@]}"; fi
  "$BIN/ferry-executor" >"$STACK/executor.log" 2>&1 & PIDS+=($!)
  "$BIN/ferry-gateway" >"$STACK/gateway.log" 2>&1 & PIDS+=($!)
  export FERRY_GATEWAY=http://127.0.0.1:$FERRY_GATEWAY_PORT
  local up=0
  for _ in $(seq 1 150); do
    if curl -sf "$FERRY_GATEWAY/health" >/dev/null \
       && curl -sf "http://127.0.0.1:$FERRY_REPORTING_PORT/health" >/dev/null \
       && curl -sf "http://127.0.0.1:$FERRY_ORCHESTRATOR_PORT/health" >/dev/null; then up=1; break; fi
    sleep 0.2
  done
  [ $up = 1 ] || fail "the $1 stack did not come up (logs in $STACK)"
}

# "comm ticks" of each process of the stack (user + system CPU, in clock ticks).
cpu_ticks() {
  local p
  for p in "${PIDS[@]}"; do
    [ -r "/proc/$p/stat" ] && awk '{sub(/^[^)]*\) /, ""); print $12 + $13}' "/proc/$p/stat" | sed "s/^/$(cat /proc/$p/comm) /"
  done
}

# wrk at RATE requests/s (rate.lua paces each thread) on $2; one line for $1, then the CPU each kind of process
# spent per request (microseconds: what the shared cores pay for one answer, whatever the machine's load).
measure() {
  local label=$1 url=$2 out="$RESULTS_DIR/latency-wrk-${1//\//-}.txt" before
  before=$(cpu_ticks)
  BENCH_RATE=$RATE BENCH_THREADS=2 wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s "$BENCH_DIR/rate.lua" "$url" >"$out" 2>&1
  { echo "$before" | sed 's/^/before /'; cpu_ticks | sed 's/^/after /'; } >"$out.cpu"
  awk -v l="$label" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
      '/^ +50%/{p50=$2} /^ +90%/{p90=$2} /^ +99%/{p99=$2} /^ +Latency +[0-9]/{max=$4} /^Requests\/sec/{rps=$2} /Non-2xx/{bad=$NF}
       END{printf "%-22s rate=%s/s p50=%s p90=%s p99=%s max=%s non-2xx=%s load=%s\n", l, rps, p50, p90, p99, max, (bad==""?0:bad), load}' \
    "$out" | tee -a "$RESULTS_DIR/latency.txt"
  awk -v tck="$(getconf CLK_TCK)" -v n="$(awk '/requests in/{print $1}' "$out")" '
      $1 == "before" {cpu[$2] -= $3} $1 == "after" {cpu[$2] += $3}
      END {line = "  cpu/request:"; for (k in cpu) if (cpu[k] > 0 && n > 0) line = line sprintf(" %s=%.0fus", k, cpu[k] * 1e6 / tck / n); print line}' \
    "$out.cpu" | tee -a "$RESULTS_DIR/latency.txt"
}

for layout in $LAYOUTS; do
  start_stack "$layout"
  $P -d postgres -c "DROP DATABASE IF EXISTS rf06dst WITH (FORCE)" -c "CREATE DATABASE rf06dst" >/dev/null 2>&1
  body=$(FERRY_TABLE=rf06 SRC_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/src" DST_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/rf06dst" \
    "$ROOT/bench/ferry-copy.sh" --pairs 4 2>&1 >/dev/null) || fail "$layout: the 4-table job did not complete: $body"
  [[ $body =~ \"jobExecutionId\":([0-9]+) ]] || fail "$layout: no job id in $body"
  job=${BASH_REMATCH[1]}
  measure "$layout" "$FERRY_GATEWAY/v1/batch/job/$job"
  if [ "$HOPS" = 1 ]; then
    # The same read one hop and two hops down (through HAProxy in the replicas layout, as the gateway sees them).
    measure "$layout/reporting" "http://127.0.0.1:$FERRY_REPORTING_PORT/v1/batch/job/$job"
    FERRY_INTERNAL_TOKEN=$(cat "$STACK/internal-token") \
      measure "$layout/orchestrator" "http://127.0.0.1:$FERRY_ORCHESTRATOR_PORT/internal/executions/$job"
  fi
  stop_stack
done
