#!/usr/bin/env bash
# Makes the bench's input: database `src` with a TPC-H-shaped `lineitem` of $ROWS rows (FERRY_BENCH_ROWS,
# default 1,000,000) on the bench PostgreSQL, and the same rows in the SQLite file $SQLITE_DB.
# The values are deterministic (arithmetic on the row number, no random()), so every run copies the same
# bytes: 4 lines per order, TPC-H's value ranges, comments of 10–43 characters.
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
-- a, b, c: three multiplicative hashes of the row number i (bigint, no overflow below 10^9 rows).
INSERT INTO lineitem
SELECT i / 4 + 1, 1 + a % 200000, 1 + b % 10000, i % 4 + 1,
       q, (q * (900 + a % 1100) + (b % 100) / 100.0)::numeric(15,2),
       (b % 11) / 100.0, (c % 9) / 100.0,
       substr('RAN', 1 + (a % 3)::int, 1), substr('OF', 1 + (c % 2)::int, 1),
       ship, ship + (c % 61)::int - 30, ship + 1 + (a % 30)::int,
       (ARRAY['DELIVER IN PERSON', 'COLLECT COD', 'NONE', 'TAKE BACK RETURN'])[1 + b % 4],
       (ARRAY['REG AIR', 'AIR', 'RAIL', 'SHIP', 'TRUCK', 'MAIL', 'FOB'])[1 + c % 7],
       left(md5(i::text) || md5(a::text), 10 + (c % 34)::int)
FROM (SELECT i, a, b, c, 1 + c % 50 AS q, date '1992-01-02' + (b % 2526)::int AS ship
      FROM (SELECT i, (i * 2654435761 + 12345) % 4294967291 AS a,
                      (i * 40503 + 7) % 1000003 AS b,
                      (i * 2246822519 + 99) % 2147483629 AS c
            FROM generate_series(0::bigint, $ROWS - 1) AS g(i)) h) v;
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
