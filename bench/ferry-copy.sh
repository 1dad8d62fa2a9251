#!/usr/bin/env bash
# The peers harness' FERRY_CMD hook: copies lineitem from SRC (PostgreSQL URL or, with --sqlite, the
# SQLite file $SQLITE_DB) into $DST_URL through Ferry's public API on the gateway — register two
# datasources, the table, a bundle with DEFAULT options, launch (RF05), poll RF06 until it ends.
#   FERRY_GATEWAY (http://127.0.0.1:8080)  FERRY_API_KEY (required)  DST_SQLITE (a SQLite file: PG→SQLite)
#   DST_FILES (a directory: an export, with EXPORT_FORMAT jsonl|csv|parquet and a seed-003 manifest)
#   FERRY_COPY_TIMES (a file: gets `register S`, `launch S`, `wait S` — the seconds of each part of this script)
#   FERRY_POLL_MS (25: the pause between two RF06 polls)
#   FERRY_LOAD_MODE, FERRY_DELTA_COLUMN (each pair's loadMode and deltaColumn: unset = the defaults)
#   FERRY_PARTITIONS, FERRY_CHUNK_SIZE, FERRY_RECONCILE (the bundle's partitions, chunkSize, reconcile: unset = the defaults)
#   FERRY_BUNDLE_ID (launch this registered bundle again instead of registering a new one: a second incremental run)
#   FERRY_COPY_IDS (a file: gets `bundle UID` and `job ID` once the job COMPLETED)
set -euo pipefail
export LC_ALL=C   # byte counts: Content-Length is read with `read -N`
t_start=$EPOCHREALTIME
GW=${FERRY_GATEWAY:-http://127.0.0.1:8080}
KEY=${FERRY_API_KEY:?FERRY_API_KEY is required}
TABLE=${FERRY_TABLE:-lineitem}
tag="$(date +%s%N)"

api() {  # method path [json] → body; fails on non-2xx
  local out code
  out=$(curl -sS -X "$1" "$GW$2" -H "X-API-Key: $KEY" -H 'Content-Type: application/json' ${3:+-d "$3"} -w '\n%{http_code}')
  code=${out##*$'\n'}; out=${out%$'\n'*}
  [[ $code == 2* ]] || { echo "ferry-copy: $1 $2 → $code $out" >&2; return 1; }
  printf '%s' "$out"
}
# Plain bash and curl only (no interpreter start-ups): the harness times this whole script.
uid() { local b; b=$(cat); [[ $b =~ \"uid\":([0-9]+) ]] && echo "${BASH_REMATCH[1]}"; }
jdbc() { local u=${1#postgresql://}; u=${u#postgres://}; u=${u#*@}; [[ $u == */* ]] || u="$u/"
         local hp=${u%%/*}; [[ $hp == *:* ]] || hp="$hp:5432"; echo "jdbc:postgresql://$hp/${u#*/}"; }

PAIRS=0
if [ "${1:-}" = "--pairs" ]; then PAIRS=$2; shift 2; fi   # tables ${FERRY_TABLE}_1 … _N in one bundle, all ordering 1

if [ -n "${FERRY_BUNDLE_ID:-}" ]; then
  bundle=$FERRY_BUNDLE_ID
else
  if [ "${1:-}" = "--sqlite" ]; then
    src=$(api POST /v1/datasource "{\"databaseName\":\"SRC_$tag\",\"databaseProvider\":\"SQLite\",\"jdbcConnectionUrl\":\"jdbc:sqlite:$SQLITE_DB\"}" | uid)
  else
    src=$(api POST /v1/datasource "{\"databaseName\":\"SRC_$tag\",\"databaseProvider\":\"PostgreSQL\",\"userName\":\"${PGUSER:-postgres}\",\"jdbcConnectionUrl\":\"$(jdbc "$SRC_URL")\",\"databaseSchema\":\"public\"}" | uid)
  fi
  options=""
  [ -n "${FERRY_PARTITIONS:-}" ] && options="$options,\"partitions\":$([[ $FERRY_PARTITIONS == auto ]] && echo '"auto"' || echo "$FERRY_PARTITIONS")"
  [ -n "${FERRY_CHUNK_SIZE:-}" ] && options="$options,\"chunkSize\":$FERRY_CHUNK_SIZE"
  [ -n "${FERRY_RECONCILE:-}" ] && options="$options,\"reconcile\":\"$FERRY_RECONCILE\""
  if [ -n "${DST_FILES:-}" ]; then    # an export: the target is a Files directory, the run ends with its manifest
    dst=$(api POST /v1/datasource "{\"databaseName\":\"DST_$tag\",\"databaseProvider\":\"Files\",\"jdbcConnectionUrl\":\"file:$DST_FILES\"}" | uid)
    options="$options,\"exportFormat\":\"${EXPORT_FORMAT:-jsonl}\",\"manifestOption\":true,\"batchCode\":\"BENCH_$tag\""
  elif [ -n "${DST_SQLITE:-}" ]; then   # PG→SQLite: the target is a SQLite file
    dst=$(api POST /v1/datasource "{\"databaseName\":\"DST_$tag\",\"databaseProvider\":\"SQLite\",\"jdbcConnectionUrl\":\"jdbc:sqlite:$DST_SQLITE\"}" | uid)
  else
    dst=$(api POST /v1/datasource "{\"databaseName\":\"DST_$tag\",\"databaseProvider\":\"PostgreSQL\",\"userName\":\"${PGUSER:-postgres}\",\"jdbcConnectionUrl\":\"$(jdbc "$DST_URL")\",\"databaseSchema\":\"public\"}" | uid)
  fi
  pairs="" pair_options=""
  [ -n "${FERRY_LOAD_MODE:-}" ] && pair_options=",\"loadMode\":\"$FERRY_LOAD_MODE\""
  [ -n "${FERRY_DELTA_COLUMN:-}" ] && pair_options="$pair_options,\"deltaColumn\":\"$FERRY_DELTA_COLUMN\""
  for t in $([ "$PAIRS" -gt 0 ] && seq -f "${TABLE}_%g" 1 "$PAIRS" || echo "$TABLE"); do
    tbl=$(api POST /v1/data/tables "{\"tablePhysicalName\":\"$t\"}" | uid)
    pairs="$pairs${pairs:+,}{\"sourceTableId\":$tbl,\"targetTableId\":$tbl,\"relationalOrdering\":1$pair_options}"
  done
  bundle=$(api POST /v1/data/bundles "{\"bundleName\":\"BENCH_$tag\",\"sourceDatasourceId\":$src,\"targetDatasourceId\":$dst,\"bundledTables\":[$pairs]$options}" | uid)
fi
t_registered=$EPOCHREALTIME
job=$(api POST /v1/batch/job "{\"dataBundleId\":$bundle}" | uid)
t_launched=$EPOCHREALTIME
times() {  # bash's own clock and arithmetic: no process is started inside the timed script
  [ -n "${FERRY_COPY_TIMES:-}" ] || return 0
  local a=${t_start/[.,]/} b=${t_registered/[.,]/} c=${t_launched/[.,]/} d=${EPOCHREALTIME/[.,]/}
  printf 'register %d.%06d\nlaunch %d.%06d\nwait %d.%06d\n' $(((b - a) / 1000000)) $(((b - a) % 1000000)) \
    $(((c - b) / 1000000)) $(((c - b) % 1000000)) $(((d - c) / 1000000)) $(((d - c) % 1000000)) >"$FERRY_COPY_TIMES"
}
# RF06 polling without a process per poll (a curl start costs ~10 ms of CPU, which a copy on 2 cores feels at 20
# polls/s): HTTP/1.1 requests over one kept-alive connection from bash itself, the pause a `read -t` on a pipe
# that never has data. A connection the gateway closed is opened again.
hostport=${GW#http://}; hostport=${hostport%%/*}
trap '' PIPE
exec {pause}<> <(:)
exec {conn}<>"/dev/tcp/${hostport%:*}/${hostport##*:}"
rf06() {  # path → $body (2xx) or fails
  local try line len code
  for try in 1 2; do
    if printf 'GET %s HTTP/1.1\r\nHost: %s\r\nX-API-Key: %s\r\nAccept: application/json\r\n\r\n' "$1" "$hostport" "$KEY" >&$conn 2>/dev/null \
       && IFS= read -r -t 30 line <&$conn; then
      code=${line#* }; code=${code%% *}; len=0
      while IFS= read -r -t 30 line <&$conn; do
        line=${line%$'\r'}; [ -z "$line" ] && break
        case "${line,,}" in content-length:*) len=${line#*:}; len=${len//[!0-9]/} ;; esac
      done
      body=; [ "$len" -gt 0 ] && IFS= read -r -d '' -N "$len" -t 30 body <&$conn
      [[ $code == 2* ]] || { echo "ferry-copy: GET $1 → $code $body" >&2; return 1; }
      return 0
    fi
    exec {conn}>&-; exec {conn}<>"/dev/tcp/${hostport%:*}/${hostport##*:}"
  done
  echo "ferry-copy: GET $1: no answer from $hostport" >&2; return 1
}
poll_ms=${FERRY_POLL_MS:-25}; pause_s=$(printf "%d.%03d" $((poll_ms / 1000)) $((poll_ms % 1000)))
for _ in $(seq 1 24000); do   # at most 10 minutes
  rf06 "/v1/batch/job/$job"
  [[ $body =~ ^\{\"batchStatus\":\"([A-Z]+)\" ]] && status=${BASH_REMATCH[1]} || status=UNKNOWN
  case "$status" in
    COMPLETED) times; [ -z "${FERRY_COPY_IDS:-}" ] || printf 'bundle %s\njob %s\n' "$bundle" "$job" >"$FERRY_COPY_IDS"
               echo "$body" >&2; exit 0 ;;
    FAILED|STOPPED|ABANDONED) echo "$body" >&2; exit 1 ;;
  esac
  read -r -t "$pause_s" -u $pause || true
done
echo "ferry-copy: job $job did not finish" >&2; exit 1
