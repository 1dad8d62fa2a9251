#!/usr/bin/env bash
# Makes the bench's input: database `src` with a TPC-H-shaped `lineitem` of $ROWS rows (FERRY_BENCH_ROWS,
# default 1,000,000) on the bench PostgreSQL, and the same rows in the SQLite file $SQLITE_DB.
# The values are deterministic (lib.sh's lineitem_rows_sql).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || need_apt sqlite3
[[ "$ROWS" =~ ^[1-9][0-9]*$ ]] || fail "FERRY_BENCH_ROWS must be a positive integer, got '$ROWS'"
mkdir -p "$BENCH_DATA_DIR"

say "database src: lineitem with $ROWS rows"
$PSQL -d postgres -c "DROP DATABASE IF EXISTS src WITH (FORCE)" -c "CREATE DATABASE src"
t0=$(date +%s.%N)
$PSQL -d src <<SQL
$(lineitem_ddl pg);
$(lineitem_rows_sql lineitem "$ROWS")
VACUUM (ANALYZE) lineitem;
CHECKPOINT;
SQL
n=$($PSQL -Atd src -c "SELECT count(*) FROM lineitem")
[ "$n" = "$ROWS" ] || fail "src.lineitem has $n rows, expected $ROWS"
say "src.lineitem: $n rows in $(seconds_since "$t0") s, $($PSQL -Atd src -c "SELECT pg_size_pretty(pg_total_relation_size('lineitem'))")"

say "SQLite copy: $SQLITE_DB"
rm -f "$SQLITE_DB" "$SQLITE_DB-journal"
csv="$BENCH_DATA_DIR/lineitem.csv"
$PSQL -d src -c "\\copy (SELECT * FROM lineitem ORDER BY l_orderkey, l_linenumber) TO '$csv' WITH (FORMAT csv)"
sqlite3 "$SQLITE_DB" >/dev/null <<SQL
PRAGMA journal_mode=OFF;
PRAGMA synchronous=OFF;
$(lineitem_ddl sqlite);
.mode csv
.import '$csv' lineitem
SQL
rm -f "$csv"
m=$(sqlite3 "$SQLITE_DB" "SELECT count(*) FROM lineitem")
[ "$m" = "$ROWS" ] || fail "the SQLite lineitem has $m rows, expected $ROWS"
say "SQLite lineitem: $m rows, $(du -h "$SQLITE_DB" | cut -f1)"
