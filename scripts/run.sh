#!/usr/bin/env bash
# `make run`: Ferry's embedded default on one machine. Starts catalog, orchestrator, one executor,
# reporting and the gateway (release binaries) with SQLite stores under $FERRY_DATA_DIR (default .ferry),
# waits for each /health, sets up the demo once (reused on later runs), prints where to go, and stays in
# the foreground. Ctrl-C or SIGTERM stops exactly the processes it started.
#
# Honours FERRY_DATA_DIR, FERRY_API_KEY, FERRY_BIND_HOST, FERRY_<SERVICE>_PORT and every other FERRY_*
# variable the services read (README.md); FERRY_BIN_DIR runs binaries from elsewhere (e.g. .build/debug).
# Logs: $FERRY_DATA_DIR/logs/<service>.log.
set -euo pipefail
cd "$(dirname "$0")/.."

SERVICES=(catalog orchestrator executor reporting gateway)
declare -A DEFAULT_PORT=([gateway]=8080 [catalog]=8081 [orchestrator]=8082 [executor]=8083 [reporting]=8084)

say() { printf '%s\n' "$*" >&2; }
die() { say "make run: $*"; exit 1; }

command -v python3 >/dev/null || die "python3 is required (scripts/install-deps.sh installs it)"
command -v curl >/dev/null || die "curl is required (scripts/install-deps.sh installs it)"

# --- configuration ---------------------------------------------------------------------------------
export FERRY_DATA_DIR="${FERRY_DATA_DIR:-.ferry}"
mkdir -p "$FERRY_DATA_DIR/logs" "$FERRY_DATA_DIR/demo"
chmod 700 "$FERRY_DATA_DIR" 2>/dev/null || true
FERRY_DATA_DIR="$(cd "$FERRY_DATA_DIR" && pwd)"
LOGS="$FERRY_DATA_DIR/logs"
BIND_HOST="${FERRY_BIND_HOST:-127.0.0.1}"
CLIENT_HOST="$BIND_HOST"
case "$CLIENT_HOST" in 0.0.0.0 | "::" | "[::]") CLIENT_HOST=127.0.0.1 ;; esac

declare -A PORT
for s in "${SERVICES[@]}"; do
  var="FERRY_${s^^}_PORT"
  PORT[$s]="${!var:-${DEFAULT_PORT[$s]}}"
  [[ "${PORT[$s]}" =~ ^[0-9]+$ ]] && [ "${PORT[$s]}" -ge 1 ] && [ "${PORT[$s]}" -le 65535 ] \
    || die "$var must be a port number (1-65535), got '${PORT[$s]}'"
  export "$var=${PORT[$s]}"
done

# --- binaries --------------------------------------------------------------------------------------
# Release builds (`make run` builds them first); FERRY_BIN_DIR points at other binaries (e.g. .build/debug).
if [ -n "${FERRY_BIN_DIR:-}" ]; then
  BIN="$FERRY_BIN_DIR"
else
  BIN="$(swift build -c release --show-bin-path)"
  for s in "${SERVICES[@]}"; do
    if [ ! -x "$BIN/ferry-$s" ]; then
      say "building release binaries (swift build -c release) ..."
      swift build -c release >&2
      break
    fi
  done
fi
for s in "${SERVICES[@]}"; do [ -x "$BIN/ferry-$s" ] || die "$BIN/ferry-$s is missing (swift build -c release)"; done

# --- ports free? -----------------------------------------------------------------------------------
port_in_use() {  # $1 host, $2 port → 0 when something already listens there
  python3 - "$1" "$2" <<'PY'
import socket, sys
host, port = sys.argv[1], int(sys.argv[2])
family = socket.AF_INET6 if ":" in host else socket.AF_INET
s = socket.socket(family, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # as the services bind: TIME_WAIT is no conflict
try:
    s.bind((host.strip("[]"), port))
except OSError:
    sys.exit(0)
finally:
    s.close()
sys.exit(1)
PY
}
for s in "${SERVICES[@]}"; do
  if port_in_use "$BIND_HOST" "${PORT[$s]}"; then
    die "port ${PORT[$s]} ($s) is already in use on $BIND_HOST — stop whatever uses it (an earlier 'make run'?) or choose another port: FERRY_${s^^}_PORT=<port> make run"
  fi
done

# --- start, and stop exactly what was started ------------------------------------------------------
PIDS=()
NAMES=()
STOPPING=0
stop_all() {
  [ "$STOPPING" = 1 ] && return
  STOPPING=1
  [ ${#PIDS[@]} -eq 0 ] && return
  say ""
  say "stopping Ferry (${NAMES[*]}) ..."
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill -TERM "${PIDS[$i]}" 2>/dev/null || true; done
  for _ in $(seq 1 100); do
    local alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for ((i = 0; i < ${#PIDS[@]}; i++)); do
    if kill -0 "${PIDS[$i]}" 2>/dev/null; then
      say "${NAMES[$i]} (pid ${PIDS[$i]}) did not stop in 10 s; killing it"
      kill -KILL "${PIDS[$i]}" 2>/dev/null || true
    fi
  done
  wait 2>/dev/null || true
  say "stopped."
}
on_signal() {  # $1 exit status; further Ctrl-C / TERM while stopping are ignored, so the stop completes
  trap '' INT TERM HUP
  stop_all
  exit "$1"
}
trap 'on_signal 0' INT   # Ctrl-C is how you stop it: a clean stop, not a failure
trap 'on_signal 0' TERM HUP
trap 'stop_all' EXIT

start() {  # $1 service
  local s=$1
  printf '\n=== %s: ferry-%s starting on %s:%s\n' "$(date -u +%FT%TZ)" "$s" "$BIND_HOST" "${PORT[$s]}" >>"$LOGS/$s.log"
  "$BIN/ferry-$s" >>"$LOGS/$s.log" 2>&1 </dev/null &
  PIDS+=($!)
  NAMES+=("$s")
}

wait_healthy() {  # $1 service, $2 pid
  local s=$1 pid=$2
  for _ in $(seq 1 300); do
    if curl -fsS -m 2 "http://$CLIENT_HOST:${PORT[$s]}/health" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      say "ferry-$s exited during start-up; the end of $LOGS/$s.log:"
      tail -n 20 "$LOGS/$s.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  say "ferry-$s did not answer /health on port ${PORT[$s]} within 60 s; see $LOGS/$s.log"
  exit 1
}

say "starting Ferry (data: $FERRY_DATA_DIR, logs: $LOGS) ..."
for s in "${SERVICES[@]}"; do start "$s"; done
for i in "${!NAMES[@]}"; do
  wait_healthy "${NAMES[$i]}" "${PIDS[$i]}"
  say "  ${NAMES[$i]} is up on port ${PORT[${NAMES[$i]}]} (pid ${PIDS[$i]})"
done

# --- the API key (given, or the one the services generated) ----------------------------------------
if [ -n "${FERRY_API_KEY:-}" ]; then
  API_KEY="$FERRY_API_KEY"
else
  for _ in $(seq 1 50); do [ -s "$FERRY_DATA_DIR/api-key" ] && break; sleep 0.1; done
  [ -s "$FERRY_DATA_DIR/api-key" ] || die "no API key: $FERRY_DATA_DIR/api-key was not created"
  API_KEY="$(tr -d '[:space:]' <"$FERRY_DATA_DIR/api-key")"
fi

# --- the demo, once ---------------------------------------------------------------------------------
GATEWAY="http://$CLIENT_HOST:${PORT[gateway]}"
if ! python3 scripts/demo.py databases "$FERRY_DATA_DIR/demo" \
  || ! BUNDLE="$(python3 scripts/demo.py register "$GATEWAY" "$API_KEY" "$FERRY_DATA_DIR/demo")"; then
  say "warning: the demo could not be set up (see the message above); Ferry keeps running without it"
  BUNDLE="<bundle uid>"
fi

PUBLIC="http://localhost:${PORT[gateway]}"
[ "$CLIENT_HOST" = 127.0.0.1 ] || PUBLIC="http://$CLIENT_HOST:${PORT[gateway]}"
cat <<EOF

Ferry is running.

  Swagger UI:  $PUBLIC/swagger-ui/index.html
  API key:     $API_KEY
               (press "Authorize" in Swagger UI and paste it; every /v1 call needs the X-API-Key header)
  Demo:        bundle DEMO_MIGRATION (uid $BUNDLE): CUSTOMERS (392 rows), ORDERS, ORDER_ITEMS
               from $FERRY_DATA_DIR/demo/source.db to $FERRY_DATA_DIR/demo/target.db
  Logs:        $LOGS/

Launch the demo bundle (RF05) and poll its execution (RF06) through the gateway:

KEY=$API_KEY
JOB=\$(curl -s -X POST $PUBLIC/v1/batch/job -H "X-API-Key: \$KEY" -H 'Content-Type: application/json' -d '{"dataBundleId": $BUNDLE}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["uid"])')
until curl -s $PUBLIC/v1/batch/job/\$JOB -H "X-API-Key: \$KEY" | tee /dev/stderr | python3 -c 'import json,sys; sys.exit(json.load(sys.stdin)["batchStatus"] not in ("COMPLETED","FAILED","STOPPED","ABANDONED"))' 2>/dev/null; do echo; sleep 1; done; echo

Press Ctrl-C to stop Ferry.
EOF

# --- stay in the foreground; a service that dies stops the rest --------------------------------------
while :; do
  for i in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
      say "ferry-${NAMES[$i]} (pid ${PIDS[$i]}) exited; the end of $LOGS/${NAMES[$i]}.log:"
      tail -n 20 "$LOGS/${NAMES[$i]}.log" >&2
      exit 1
    fi
  done
  sleep 1 &
  wait $! 2>/dev/null || true
done
