#!/usr/bin/env bash
# Each tool copies `lineitem` into a newly made database `dst` of the bench PostgreSQL, REPS times, and
# checks every run: the row count and a content fingerprint must equal the source's. Prints a table of
# medians with the ratio to the `psql | psql` COPY binary pipe; runs.tsv is what bench/summary.py reads.
#   TOOLS     which cases (default: all below)       REPS (3)      RUN_TIMEOUT (300 s a run)
#   FERRY_CMD / FERRY_SQLITE_CMD   the product: a command that copies src.lineitem (or $SQLITE_DB) into
#             dst.lineitem, run with `bash -c` and SRC_URL, DST_URL, SQLITE_DB, PG* exported
set -uo pipefail
. "$(dirname "$0")/lib.sh"
REPS=${REPS:-3}; RUN_TIMEOUT=${RUN_TIMEOUT:-300}
TOOLS=${TOOLS:-copy-binary sqlite3-csv-pipe pgloader-pg pgloader-sqlite sling-pg sling-sqlite ferry ferry-sqlite}
mkdir -p "$RESULTS_DIR"
WORK=$(mktemp -d /tmp/ferry-peers.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
wants() { case " $TOOLS " in *" $1 "*) return 0 ;; esac; return 1; }

# ---- the peers, installed only when asked for
if wants pgloader-pg || wants pgloader-sqlite; then command -v pgloader >/dev/null || need_apt pgloader; fi
SLING_BIN=${SLING_BIN:-}
if [ -z "$SLING_BIN" ] && { wants sling-pg || wants sling-sqlite; }; then
  # PyPI's `sling` downloads its binary from GitHub on first use; `sling-linux-amd64` carries it.
  venv=${BENCH_VENV:-$ROOT/.ferry-vendor/bench-venv}
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" || need_apt python3-venv
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  find_sling() { "$venv/bin/python" -c 'import sling_linux_amd64 as s; print(s.SLING_BIN)' 2>/dev/null; }
  SLING_BIN=$(find_sling) || { "$venv/bin/pip" install -q --disable-pip-version-check sling-linux-amd64 >&2; SLING_BIN=$(find_sling); } \
    || say "Sling did not install: its cases will fail"
fi
export SLING_HOME_DIR="$WORK/sling" SLING_DISABLE_TELEMETRY=true SLING_LOGGING=NO_COLOR
mkdir -p "$SLING_HOME_DIR"

# ---- inputs
SRC_ROWS=$($PSQL -Atd src -c "SELECT count(*) FROM lineitem") || fail "no src.lineitem (bench/make-data.sh makes it)"
export SRC_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/src" DST_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/dst" SQLITE_DB
export SLING_SRC_PG="$SRC_URL?sslmode=disable" SLING_DST_PG="$DST_URL?sslmode=disable" SLING_SRC_SQLITE="sqlite://$SQLITE_DB"
cat >"$WORK/pg.load" <<L
LOAD DATABASE FROM pgsql://$PGUSER@$PGHOST:$PGPORT/src INTO pgsql://$PGUSER@$PGHOST:$PGPORT/dst
  WITH include drop, create tables, create indexes, reset sequences
  INCLUDING ONLY TABLE NAMES MATCHING 'lineitem' IN SCHEMA 'public';
L
cat >"$WORK/sqlite.load" <<L
LOAD DATABASE FROM sqlite://$SQLITE_DB INTO pgsql://$PGUSER@$PGHOST:$PGPORT/dst
  WITH include drop, create tables, create indexes, reset sequences;
L
# pgloader 3.6 runs out of SBCL's default 1 GiB heap on 1M PG rows ("Heap exhausted"): give it 4 GiB.
PGLOADER_OPTS=${PGLOADER_OPTS:---dynamic-space-size 4096}

# ---- the cases: name | route | who makes dst.lineitem (harness: our DDL first; tool: the tool) | command
CASES=(
  "copy-binary|PG->PG|harness|psql -X -d src -c 'COPY lineitem TO STDOUT (FORMAT binary)' | psql -X -v ON_ERROR_STOP=1 -d dst -c 'COPY lineitem FROM STDIN (FORMAT binary)'"
  "sqlite3-csv-pipe|SQLite->PG|harness|sqlite3 -csv '$SQLITE_DB' 'SELECT * FROM lineitem' | psql -X -v ON_ERROR_STOP=1 -d dst -c 'COPY lineitem FROM STDIN (FORMAT csv)'"
  "pgloader-pg|PG->PG|tool|pgloader $PGLOADER_OPTS '$WORK/pg.load'"
  "pgloader-sqlite|SQLite->PG|tool|pgloader $PGLOADER_OPTS '$WORK/sqlite.load'"
  "sling-pg|PG->PG|tool|'$SLING_BIN' run --src-conn SLING_SRC_PG --src-stream public.lineitem --tgt-conn SLING_DST_PG --tgt-object public.lineitem --mode full-refresh"
  "sling-sqlite|SQLite->PG|tool|'$SLING_BIN' run --src-conn SLING_SRC_SQLITE --src-stream main.lineitem --tgt-conn SLING_DST_PG --tgt-object public.lineitem --mode full-refresh"
  "ferry|PG->PG|tool|${FERRY_CMD:-false}"
  "ferry-sqlite|SQLite->PG|tool|${FERRY_SQLITE_CMD:-false}"
)

# Sums over every column that hold whatever numeric, char or text types a tool chose for the target.
FINGERPRINT="SELECT concat_ws(':', count(*), sum(l_extendedprice)::numeric(20,2), sum(l_quantity + l_discount + l_tax)::numeric(20,2),
  sum(l_orderkey * 7 + l_linenumber + l_partkey + l_suppkey), sum((l_shipdate - date '1992-01-01') + (l_commitdate - l_receiptdate)),
  sum(length(rtrim(l_comment)) + length(rtrim(l_shipinstruct)) + length(rtrim(l_shipmode)) + ascii(l_returnflag) * 3 + ascii(l_linestatus)))
  FROM public.lineitem"
SRC_FP=$($PSQL -Atd src -c "$FINGERPRINT")

fresh_dst() {
  $PSQL -d postgres -c "DROP DATABASE IF EXISTS dst WITH (FORCE)" -c "CREATE DATABASE dst" 2>/dev/null || return 1
  if [ "$1" = harness ]; then $PSQL -d dst -c "$(lineitem_ddl pg)" || return 1; fi
  $PSQL -d postgres -c CHECKPOINT
}

: >"$RESULTS_DIR/runs.tsv"; : >"$WORK/medians.tsv"
for c in "${CASES[@]}"; do
  IFS='|' read -r name route maker cmd <<<"$c"
  wants "$name" || continue
  times=(); status=ok
  for r in $(seq 1 "$REPS"); do
    fresh_dst "$maker" || { status="could not reset dst"; break; }
    log="$RESULTS_DIR/$name.run$r.log"
    t0=$(date +%s.%N)
    timeout -k 10 "$RUN_TIMEOUT" bash -o pipefail -c "$cmd" >"$log" 2>&1; rc=$?
    s=$(seconds_since "$t0")
    n=$($PSQL -Atd dst -c "SELECT count(*) FROM public.lineitem" 2>/dev/null || echo none)
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$route" "$r" "$s" "$rc" "$n" >>"$RESULTS_DIR/runs.tsv"
    if [ "$rc" != 0 ] || [ "$n" != "$SRC_ROWS" ]; then
      status="FAILED (exit $rc, $n rows): $(grep -iE 'error|fatal|fail' "$log" | head -1 | cut -c1-160)"; say "$name run $r: $status"; break
    fi
    [ "$($PSQL -Atd dst -c "$FINGERPRINT" 2>&1)" = "$SRC_FP" ] || { status="rows ok, CONTENT DIFFERS"; say "$name run $r: $status"; }
    say "$name run $r: $s s, $n rows"
    times+=("$s")
  done
  med=$(printf '%s\n' "${times[@]}" | awk 'NF' | sort -n | awk '{v[NR]=$1} END{if (NR) print (NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2)}')
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$route" "$(IFS=,; echo "${times[*]}")" "$med" "$status" >>"$WORK/medians.tsv"
done

pipe=$(awk -F'\t' '$1 == "copy-binary" {print $4}' "$WORK/medians.tsv")
{
  echo "lineitem rows: $SRC_ROWS, reps: $REPS, PostgreSQL $($PSQL -Atd src -c 'SHOW server_version'), $(nproc) cores"
  echo "| tool | route | runs (s) | median s | rows/s | throughput ÷ COPY pipe | status |"
  echo "|---|---|---|---:|---:|---:|---|"
  awk -F'\t' -v rows="$SRC_ROWS" -v pipe="$pipe" '{
    rps = ($4 > 0) ? sprintf("%.0f", rows / $4) : "-"; ratio = ($4 > 0 && pipe > 0) ? sprintf("%.2f", pipe / $4) : "-"
    printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, ($4 == "" ? "-" : $4), rps, ratio, $5 }' "$WORK/medians.tsv"
} | tee "$RESULTS_DIR/report.md"
