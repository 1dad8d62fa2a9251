#!/usr/bin/env bash
# The peers harness' FERRY_CMD hook: copies lineitem from SRC (PostgreSQL URL or, with --sqlite, the
# SQLite file $SQLITE_DB) into $DST_URL through Ferry's public API on the gateway — register two
# datasources, the table, a bundle with DEFAULT options, launch (RF05), poll RF06 until it ends.
#   FERRY_GATEWAY (http://127.0.0.1:8080)  FERRY_API_KEY (required)  DST_SQLITE (a SQLite file: PG→SQLite)
#   DST_FILES (a directory: an export, with EXPORT_FORMAT jsonl|csv|parquet and a seed-003 manifest)
set -euo pipefail
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

if [ "${1:-}" = "--sqlite" ]; then
  src=$(api POST /v1/datasource "{\"databaseName\":\"SRC_$tag\",\"databaseProvider\":\"SQLite\",\"jdbcConnectionUrl\":\"jdbc:sqlite:$SQLITE_DB\"}" | uid)
else
  src=$(api POST /v1/datasource "{\"databaseName\":\"SRC_$tag\",\"databaseProvider\":\"PostgreSQL\",\"userName\":\"${PGUSER:-postgres}\",\"jdbcConnectionUrl\":\"$(jdbc "$SRC_URL")\",\"databaseSchema\":\"public\"}" | uid)
fi
options=""
if [ -n "${DST_FILES:-}" ]; then    # an export: the target is a Files directory, the run ends with its manifest
  dst=$(api POST /v1/datasource "{\"databaseName\":\"DST_$tag\",\"databaseProvider\":\"Files\",\"jdbcConnectionUrl\":\"file:$DST_FILES\"}" | uid)
  options=",\"exportFormat\":\"${EXPORT_FORMAT:-jsonl}\",\"manifestOption\":true,\"batchCode\":\"BENCH_$tag\""
elif [ -n "${DST_SQLITE:-}" ]; then   # PG→SQLite: the target is a SQLite file
  dst=$(api POST /v1/datasource "{\"databaseName\":\"DST_$tag\",\"databaseProvider\":\"SQLite\",\"jdbcConnectionUrl\":\"jdbc:sqlite:$DST_SQLITE\"}" | uid)
else
  dst=$(api POST /v1/datasource "{\"databaseName\":\"DST_$tag\",\"databaseProvider\":\"PostgreSQL\",\"userName\":\"${PGUSER:-postgres}\",\"jdbcConnectionUrl\":\"$(jdbc "$DST_URL")\",\"databaseSchema\":\"public\"}" | uid)
fi
pairs=""
for t in $([ "$PAIRS" -gt 0 ] && seq -f "${TABLE}_%g" 1 "$PAIRS" || echo "$TABLE"); do
  tbl=$(api POST /v1/data/tables "{\"tablePhysicalName\":\"$t\"}" | uid)
  pairs="$pairs${pairs:+,}{\"sourceTableId\":$tbl,\"targetTableId\":$tbl,\"relationalOrdering\":1}"
done
bundle=$(api POST /v1/data/bundles "{\"bundleName\":\"BENCH_$tag\",\"sourceDatasourceId\":$src,\"targetDatasourceId\":$dst,\"bundledTables\":[$pairs]$options}" | uid)
job=$(api POST /v1/batch/job "{\"dataBundleId\":$bundle}" | uid)
for _ in $(seq 1 12000); do   # at most 10 minutes
  body=$(api GET "/v1/batch/job/$job")
  [[ $body =~ ^\{\"batchStatus\":\"([A-Z]+)\" ]] && status=${BASH_REMATCH[1]} || status=UNKNOWN
  case "$status" in
    COMPLETED) echo "$body" >&2; exit 0 ;;
    FAILED|STOPPED|ABANDONED) echo "$body" >&2; exit 1 ;;
  esac
  sleep 0.05
done
echo "ferry-copy: job $job did not finish" >&2; exit 1
