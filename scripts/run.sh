#!/usr/bin/env bash
# `make run`: Ferry's embedded default on one machine. Starts catalog, orchestrator, FERRY_EXECUTORS executors
# (default 1), reporting and the gateway (release binaries) with SQLite stores under $FERRY_DATA_DIR (default
# .ferry), waits for each /health, sets up the demo once (reused on later runs), prints where to go, and stays
# in the foreground supervising them.
#
# Supervision works like compose's `restart: unless-stopped`: a service that exits (crash, kill -9) is started
# again after a bounded exponential backoff (1 s, 2 s, 4 s … 30 s; back to 1 s once it stayed up a minute), with
# one line naming it, its pid and how it ended, on stderr and in its log. Only Ctrl-C, SIGTERM or SIGHUP stop the
# stack: executors first (they hand their running steps back after the chunk in flight), then the rest — exactly
# the processes this script started — and it exits 0.
#
# Honours FERRY_DATA_DIR, FERRY_API_KEY, FERRY_BIND_HOST, FERRY_<SERVICE>_PORT and every other FERRY_*
# variable the services read (README.md); FERRY_BIN_DIR runs binaries from elsewhere (e.g. .build/debug);
# FERRY_EXECUTORS=N (1-64) runs N executors on FERRY_EXECUTOR_PORT and the next ports up (skipping the other
# services' ports), with stable ids FERRY_EXECUTOR_ID-1 … (default <host>-executor-1 …; a single executor takes
# FERRY_EXECUTOR_ID as is); FERRY_DEMO=0 skips the demo. Logs: $FERRY_DATA_DIR/logs/<service>.log; pid files: $FERRY_DATA_DIR/run/<service>.pid.
set -euo pipefail
cd "$(dirname "$0")/.."

SERVICES=(catalog orchestrator executor reporting gateway)
declare -A DEFAULT_PORT=([gateway]=8080 [catalog]=8081 [orchestrator]=8082 [executor]=8083 [reporting]=8084)
BACKOFF_MAX_S=30     # longest pause before restarting a service that keeps exiting
STABLE_MS=60000      # up this long, a service's next exit is a fresh start of the backoff
EXECUTOR_GRACE_S=30  # executors hand their steps back within this (then they are killed)
OTHERS_GRACE_S=10

say() { printf '%s\n' "$*" >&2; }
die() { say "make run: $*"; exit 1; }
now_ms() { local t=${EPOCHREALTIME//[.,]/}; echo $((t / 1000)); }

command -v python3 >/dev/null || die "python3 is required (scripts/install-deps.sh installs it)"
command -v curl >/dev/null || die "curl is required (scripts/install-deps.sh installs it)"

# --- configuration ---------------------------------------------------------------------------------
export FERRY_DATA_DIR="${FERRY_DATA_DIR:-.ferry}"
mkdir -p "$FERRY_DATA_DIR/logs" "$FERRY_DATA_DIR/demo" "$FERRY_DATA_DIR/run"
chmod 700 "$FERRY_DATA_DIR" 2>/dev/null || true
FERRY_DATA_DIR="$(cd "$FERRY_DATA_DIR" && pwd)"
LOGS="$FERRY_DATA_DIR/logs"
RUN_DIR="$FERRY_DATA_DIR/run"
BIND_HOST="${FERRY_BIND_HOST:-127.0.0.1}"
CLIENT_HOST="$BIND_HOST"
case "$CLIENT_HOST" in 0.0.0.0 | "::" | "[::]") CLIENT_HOST=127.0.0.1 ;; esac

declare -A PORT
for s in "${SERVICES[@]}"; do
  var="FERRY_${s^^}_PORT"
  PORT[$s]="${!var:-${DEFAULT_PORT[$s]}}"
  [[ "${PORT[$s]}" =~ ^[0-9]{1,5}$ ]] && [ "$((10#${PORT[$s]}))" -ge 1 ] && [ "$((10#${PORT[$s]}))" -le 65535 ] \
    || die "$var must be a port number (1-65535), got '${PORT[$s]}'"
  PORT[$s]=$((10#${PORT[$s]}))
  export "$var=${PORT[$s]}"
done

EXECUTORS="${FERRY_EXECUTORS:-1}"
[[ "$EXECUTORS" =~ ^[0-9]{1,2}$ ]] && [ "$((10#$EXECUTORS))" -ge 1 ] && [ "$((10#$EXECUTORS))" -le 64 ] \
  || die "FERRY_EXECUTORS must be a number of executors from 1 to 64, got '$EXECUTORS'"
EXECUTORS=$((10#$EXECUTORS))
EXECUTOR_ID_BASE="${FERRY_EXECUTOR_ID:-$(hostname -s 2>/dev/null || echo ferry)-executor}"

# --- the processes to supervise: one instance per service, N of the executor -----------------------------
# Parallel arrays by instance: name (log/pid file), service (binary), port, executor id, pid (0 = not running),
# start time, exits in a row, when to start again (ms, 0 = not scheduled), healthy since its last start.
INAME=() ISERVICE=() IPORT=() IEXEC_ID=() IPID=() ISTARTED=() IFAILS=() INEXT=() IHEALTHY=()
add_instance() {  # $1 name, $2 service, $3 port, $4 executor id
  INAME+=("$1") ISERVICE+=("$2") IPORT+=("$3") IEXEC_ID+=("$4") IPID+=(0) ISTARTED+=(0) IFAILS+=(0) INEXT+=(0) IHEALTHY+=(0)
}
other_port() {  # $1 port → 0 when a non-executor service has it
  local s
  for s in catalog orchestrator reporting gateway; do [ "${PORT[$s]}" = "$1" ] && return 0; done
  return 1
}
for s in "${SERVICES[@]}"; do
  if [ "$s" != executor ]; then add_instance "$s" "$s" "${PORT[$s]}" ""; continue; fi
  p=${PORT[executor]}
  for ((n = 1; n <= EXECUTORS; n++)); do
    while other_port "$p"; do p=$((p + 1)); done
    [ "$p" -le 65535 ] || die "FERRY_EXECUTORS=$EXECUTORS executors do not fit above FERRY_EXECUTOR_PORT=${PORT[executor]}"
    name=executor id="$EXECUTOR_ID_BASE-$n"
    [ "$EXECUTORS" -gt 1 ] && name="executor-$n"
    [ "$EXECUTORS" = 1 ] && [ -n "${FERRY_EXECUTOR_ID:-}" ] && id="$FERRY_EXECUTOR_ID"
    add_instance "$name" executor "$p" "$id"
    p=$((p + 1))
  done
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

stop_pids() {  # $1 seconds to wait, then the pids: SIGTERM, wait, SIGKILL what is left
  local grace=$1 pid alive n
  shift
  [ $# -eq 0 ] && return
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for ((n = 0; n < grace * 10; n++)); do
    alive=0
    for pid in "$@"; do if kill -0 "$pid" 2>/dev/null; then alive=1; fi; done
    if [ "$alive" = 0 ]; then return 0; fi
    sleep 0.1
  done
  for pid in "$@"; do
    if kill -0 "$pid" 2>/dev/null; then
      say "pid $pid did not stop in $grace s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}

# --- an earlier run on this data directory: still running, or killed and its services left behind? -----------
# The services run in sessions of their own, so a run.sh killed with SIGKILL leaves them running; they are ours
# (ferry binaries whose FERRY_DATA_DIR is this one) and are stopped before anything else starts.
ours_left_running() {  # $1 pid → 0 when it is a Ferry service of this data directory
  [[ "$1" =~ ^[0-9]+$ ]] && [ -r "/proc/$1/environ" ] || return 1
  case "$(cat "/proc/$1/comm" 2>/dev/null)" in ferry-*) ;; *) return 1 ;; esac
  tr '\0' '\n' <"/proc/$1/environ" 2>/dev/null | grep -qxF "FERRY_DATA_DIR=$FERRY_DATA_DIR"
}
if [ -s "$RUN_DIR/run.pid" ]; then
  earlier=$(tr -dc '0-9' <"$RUN_DIR/run.pid")
  if [ -n "$earlier" ] && [ "$earlier" != $$ ] && kill -0 "$earlier" 2>/dev/null \
    && tr '\0' ' ' <"/proc/$earlier/cmdline" 2>/dev/null | grep -q "run.sh"; then
    die "another 'make run' (pid $earlier) uses $FERRY_DATA_DIR — stop it first, or set FERRY_DATA_DIR to another directory"
  fi
  left=()
  for f in "$RUN_DIR"/*.pid; do
    [ "$f" = "$RUN_DIR/run.pid" ] || [ ! -e "$f" ] && continue
    pid=$(tr -dc '0-9' <"$f")
    if ours_left_running "$pid"; then left+=("$pid"); fi
    rm -f "$f"
  done
  if [ ${#left[@]} -gt 0 ]; then
    say "an earlier 'make run' on $FERRY_DATA_DIR was killed and left services running (pids ${left[*]}); stopping them"
    stop_pids "$EXECUTOR_GRACE_S" "${left[@]}"
  fi
fi

# --- ports free? (one check for all of them) ----------------------------------------------------------
busy=$(python3 - "$BIND_HOST" "${IPORT[@]}" <<'PY'
import socket, sys
host, ports = sys.argv[1].strip("[]"), sys.argv[2:]
family = socket.AF_INET6 if ":" in host else socket.AF_INET
for port in ports:
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # as the services bind: TIME_WAIT is no conflict
    try:
        s.bind((host, int(port)))
    except OSError:
        print(port)
    finally:
        s.close()
PY
)
for i in "${!INAME[@]}"; do
  if grep -qx "${IPORT[$i]}" <<<"$busy"; then
    var="FERRY_${ISERVICE[$i]^^}_PORT"
    die "port ${IPORT[$i]} (${INAME[$i]}) is already in use on $BIND_HOST — stop whatever uses it (an earlier 'make run'?) or choose another port: $var=<port> make run"
  fi
done

# --- start, supervise, and stop exactly what was started -------------------------------------------------
# From here on a failing command must not end the script (errexit would, from inside a loop, and leave the
# services running): every status that matters is checked explicitly.
set +e
log_line() {  # $1 instance, $2 message → stderr and the instance's log
  say "make run: $2"
  printf '=== %s: %s\n' "$(date -u +%FT%TZ)" "$2" >>"$LOGS/${INAME[$1]}.log"
}

# Each service in a session of its own: Ctrl-C in the terminal reaches only this script, which then stops the
# services in order (executors hand their steps back while the orchestrator still runs). A background child of a
# non-interactive shell is no group leader, so setsid execs in place and $! stays the service's pid.
SPAWN=()
command -v setsid >/dev/null && SPAWN=(setsid)

start_instance() {  # $1 instance
  local i=$1 s=${ISERVICE[$1]} log="$LOGS/${INAME[$1]}.log"
  printf '\n=== %s: ferry-%s starting on %s:%s\n' "$(date -u +%FT%TZ)" "$s" "$BIND_HOST" "${IPORT[$i]}" >>"$log"
  if [ "$s" = executor ]; then
    FERRY_EXECUTOR_PORT="${IPORT[$i]}" FERRY_EXECUTOR_ID="${IEXEC_ID[$i]}" "${SPAWN[@]}" "$BIN/ferry-$s" >>"$log" 2>&1 </dev/null &
  else
    "${SPAWN[@]}" "$BIN/ferry-$s" >>"$log" 2>&1 </dev/null &
  fi
  IPID[$i]=$!
  ISTARTED[$i]=$(now_ms)
  IHEALTHY[$i]=0
  INEXT[$i]=0
  echo "${IPID[$i]}" >"$RUN_DIR/${INAME[$i]}.pid"
}

how_it_ended() {  # $1 wait status → "killed by SIGKILL" / "exited with status 1"
  if [ "$1" -gt 128 ] && [ "$1" -lt 160 ]; then
    echo "killed by SIG$(kill -l $(($1 - 128)) 2>/dev/null || echo "$(($1 - 128))")"
  else
    echo "exited with status $1"
  fi
}

reap_instance() {  # $1 instance whose process has exited: say how, and schedule its restart with backoff
  local i=$1 pid=${IPID[$1]} rc=0 now up delay reason=""
  wait "$pid" 2>/dev/null || rc=$?
  now=$(now_ms)
  up=$((now - ISTARTED[i]))
  [ "$up" -ge "$STABLE_MS" ] && IFAILS[$i]=0
  delay=$((1 << IFAILS[i]))
  [ "$delay" -gt "$BACKOFF_MAX_S" ] && delay=$BACKOFF_MAX_S
  IFAILS[$i]=$((IFAILS[i] + 1))
  IPID[$i]=0
  INEXT[$i]=$((now + delay * 1000))
  rm -f "$RUN_DIR/${INAME[$i]}.pid"
  if [ "${IHEALTHY[$i]}" = 0 ]; then   # it never came up: its last words say why (port taken, bad setting …)
    reason=$(grep -v '^===' "$LOGS/${INAME[$i]}.log" | grep -v '^[[:space:]]*$' | tail -n 1 | cut -c1-300)
    reason=${reason:+; its log ends: $reason}
  fi
  local again=""
  [ "${IFAILS[$i]}" -ge 3 ] && again=" (exit ${IFAILS[$i]} in a row — see $LOGS/${INAME[$i]}.log)"
  log_line "$i" "ferry-${INAME[$i]} (pid $pid) $(how_it_ended "$rc") after $((up / 1000)) s$reason; restarting in $delay s$again"
}

healthy() {  # $1 instance → 0 when its /health answers
  curl -fsS -m 1 "http://$CLIENT_HOST:${IPORT[$1]}/health" >/dev/null 2>&1
}

supervise() {  # one round: reap what exited, start what is due, note what came up
  local i now
  now=$(now_ms)
  for i in "${!INAME[@]}"; do
    if [ "${IPID[$i]}" = 0 ]; then
      if [ "${INEXT[$i]}" -gt 0 ] && [ "$now" -ge "${INEXT[$i]}" ]; then start_instance "$i"; fi
    elif ! kill -0 "${IPID[$i]}" 2>/dev/null; then
      reap_instance "$i"
    elif [ "${IHEALTHY[$i]}" = 0 ] && healthy "$i"; then
      IHEALTHY[$i]=1
      local again=""
      [ "${IFAILS[$i]}" -gt 0 ] && again=" again"
      say "  ${INAME[$i]} is up$again on port ${IPORT[$i]} (pid ${IPID[$i]})"
    fi
  done
}

all_healthy() {
  local i
  for i in "${!INAME[@]}"; do [ "${IHEALTHY[$i]}" = 1 ] || return 1; done
  return 0
}

STOPPING=0
OWN_RUN_DIR=0   # 1 once this run wrote run.pid: the pid files are then its own
stop_all() {
  [ "$STOPPING" = 1 ] && return
  STOPPING=1
  local i front=() executors=() back=() pid
  for i in "${!INAME[@]}"; do
    [ "${IPID[$i]}" = 0 ] && continue
    case "${ISERVICE[$i]}" in
      executor) executors+=("${IPID[$i]}") ;;
      gateway | reporting) front+=("${IPID[$i]}") ;;
      *) back+=("${IPID[$i]}") ;;
    esac
  done
  # A process started in the instant before the signal, not yet recorded: still one of ours.
  for pid in $(jobs -pr); do
    [[ " ${front[*]} ${executors[*]} ${back[*]} " == *" $pid "* ]] || back+=("$pid")
  done
  if [ $((${#front[@]} + ${#executors[@]} + ${#back[@]})) -gt 0 ]; then
    say ""
    say "stopping Ferry ..."
    # Executors first, while the orchestrator can still take back their steps; then the services they need.
    stop_pids "$OTHERS_GRACE_S" "${front[@]}"
    stop_pids "$EXECUTOR_GRACE_S" "${executors[@]}"
    stop_pids "$OTHERS_GRACE_S" "${back[@]}"
  fi
  wait 2>/dev/null || true
  if [ "$OWN_RUN_DIR" = 1 ]; then   # not the pid files of another run that made this one give up
    for i in "${!INAME[@]}"; do rm -f "$RUN_DIR/${INAME[$i]}.pid"; done
    rm -f "$RUN_DIR/run.pid"
  fi
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

pause() {  # a short sleep that a signal interrupts at once
  sleep "$1" &
  wait $! 2>/dev/null || true
}

echo $$ >"$RUN_DIR/run.pid"
OWN_RUN_DIR=1
say "starting Ferry (data: $FERRY_DATA_DIR, logs: $LOGS, $EXECUTORS executor$([ "$EXECUTORS" -gt 1 ] && echo s)) ..."
for i in "${!INAME[@]}"; do start_instance "$i"; done
waited=0
until all_healthy; do
  supervise
  all_healthy && break
  pause 0.2
  waited=$((waited + 1))
  if [ "$waited" = 300 ]; then
    for i in "${!INAME[@]}"; do
      [ "${IHEALTHY[$i]}" = 1 ] || say "ferry-${INAME[$i]} is not up after 60 s (see $LOGS/${INAME[$i]}.log); still trying — Ctrl-C stops"
    done
  fi
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
BUNDLE="<bundle uid>"
if [ "${FERRY_DEMO:-1}" = 0 ]; then
  DEMO_LINE="(none: FERRY_DEMO=0)"
else
  if ! python3 scripts/demo.py databases "$FERRY_DATA_DIR/demo" \
    || ! BUNDLE="$(python3 scripts/demo.py register "$GATEWAY" "$API_KEY" "$FERRY_DATA_DIR/demo")"; then
    say "warning: the demo could not be set up (see the message above); Ferry keeps running without it"
    BUNDLE="<bundle uid>"
  fi
  DEMO_LINE="bundle DEMO_MIGRATION (uid $BUNDLE): CUSTOMERS (392 rows), ORDERS, ORDER_ITEMS
               from $FERRY_DATA_DIR/demo/source.db to $FERRY_DATA_DIR/demo/target.db"
fi

PUBLIC="http://localhost:${PORT[gateway]}"
[ "$CLIENT_HOST" = 127.0.0.1 ] || PUBLIC="http://$CLIENT_HOST:${PORT[gateway]}"
# The banner: where to go, and the `ferry` lines that drive the demo (the CLI reads the key file itself).
FERRY_CLI="$BIN/ferry"
case "$FERRY_CLI" in "$PWD"/*) FERRY_CLI="${FERRY_CLI#"$PWD"/}" ;; esac
CLI_ENV=""
[ "$PUBLIC" = "http://localhost:8080" ] || CLI_ENV="FERRY_URL=$PUBLIC "
if [ -n "${FERRY_API_KEY:-}" ]; then CLI_ENV="${CLI_ENV}FERRY_API_KEY=$API_KEY "
elif [ "$FERRY_DATA_DIR" != ".ferry" ]; then CLI_ENV="${CLI_ENV}FERRY_DATA_DIR=$FERRY_DATA_DIR "; fi
if [ "${FERRY_DEMO:-1}" = 0 ]; then
  CLI_WHAT="copy a table in one command, then list the runs."
  CLI_LINES="  ${CLI_ENV}$FERRY_CLI copy postgresql://user:pass@host:5432/db /path/copy.db --table T --wait
  ${CLI_ENV}$FERRY_CLI history"
else
  CLI_WHAT="run the demo and watch it, copy one table in one command, list the runs."
  CLI_LINES="  ${CLI_ENV}$FERRY_CLI run DEMO_MIGRATION --wait
  ${CLI_ENV}$FERRY_CLI copy $FERRY_DATA_DIR/demo/source.db $FERRY_DATA_DIR/demo/copy.db --table CUSTOMERS --wait
  ${CLI_ENV}$FERRY_CLI history"
fi
cat <<EOF

Ferry is running.

  Dashboard:   $PUBLIC/dashboard  (paste the API key once; the browser keeps it)
  Swagger UI:  $PUBLIC/swagger-ui/index.html
  API key:     $API_KEY
               (kept in $FERRY_DATA_DIR/api-key, where ferry finds it; every /v1 call needs the X-API-Key header)
  ferry:       $FERRY_CLI  (the command line: $FERRY_CLI --help)
  Demo:        $DEMO_LINE
  Logs:        $LOGS/

In another terminal, from this directory: $CLI_WHAT

$CLI_LINES

A service that exits is started again (see its log); press Ctrl-C to stop Ferry.
EOF

# --- stay in the foreground, supervising: only a signal ends this loop ---------------------------------
while :; do
  supervise
  pause 0.5
done
