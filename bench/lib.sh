# Sourced by the bench scripts: the bench's defaults (each overridable from the environment), installs of
# what is missing, and the lineitem table's definition for PostgreSQL and SQLite.
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-55432} PGUSER=${PGUSER:-postgres}
export PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-10}
ROWS=${FERRY_BENCH_ROWS:-${ROWS:-1000000}}
BENCH_PGDIR=${BENCH_PGDIR:-/tmp/ferry-bench-cluster}
BENCH_DATA_DIR=${BENCH_DATA_DIR:-/tmp/ferry-bench-data}
SQLITE_DB=${SQLITE_DB:-$BENCH_DATA_DIR/lineitem.db}
RESULTS_DIR=${RESULTS_DIR:-/tmp/ferry-bench-results}
PSQL="psql -X -q -v ON_ERROR_STOP=1"

say() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { say "error: $*"; exit 1; }

# Debian packages, installed only when missing (root needed then).
apt_updated=
need_apt() {
  local missing=() pkg
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || fail "need root to install ${missing[*]}"
  if [ -z "$apt_updated" ]; then timeout 300 apt-get update -qq >&2 || fail "apt-get update failed"; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq "${missing[@]}" >&2 || fail "could not install ${missing[*]}"
}

seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}'; }

# TPC-H's lineitem (the spec's column names and types), primary key (l_orderkey, l_linenumber).
# $1 = pg | sqlite: the SQLite file declares matching types so the peers (pgloader, Sling) read the same table.
# $2 = the table's name (lineitem).
lineitem_ddl() {
  local big=bigint int=int dec='numeric(15,2)' ch=char date=date vc=varchar
  [ "${1:-pg}" = sqlite ] && { big=BIGINT; int=INTEGER; dec='DECIMAL(15,2)'; ch=CHAR; date=DATE; vc=VARCHAR; }
  cat <<SQL
CREATE TABLE ${2:-lineitem} (
  l_orderkey $big NOT NULL, l_partkey $int NOT NULL, l_suppkey $int NOT NULL, l_linenumber $int NOT NULL,
  l_quantity $dec NOT NULL, l_extendedprice $dec NOT NULL, l_discount $dec NOT NULL, l_tax $dec NOT NULL,
  l_returnflag $ch(1) NOT NULL, l_linestatus $ch(1) NOT NULL,
  l_shipdate $date NOT NULL, l_commitdate $date NOT NULL, l_receiptdate $date NOT NULL,
  l_shipinstruct $ch(25) NOT NULL, l_shipmode $ch(10) NOT NULL, l_comment $vc(44) NOT NULL,
  PRIMARY KEY (l_orderkey, l_linenumber)
)
SQL
}

# PostgreSQL: fills table $1 (made by lineitem_ddl) with rows 0 … $2 − 1. The values are deterministic
# (arithmetic on the row number i, no random()), so every run copies the same bytes: 4 lines per order,
# TPC-H's value ranges, comments of 10–43 characters. a, b, c: three multiplicative hashes of i (bigint, no
# overflow below 10^9 rows).
lineitem_rows_sql() {
  cat <<SQL
INSERT INTO $1
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
            FROM generate_series(0::bigint, $2 - 1) AS g(i)) h) v;
SQL
}

# A fresh, empty database $1 on the bench PostgreSQL (dropped first), then a CHECKPOINT, so no copy pays for
# the previous one's dirty pages.
fresh_db() {
  $PSQL -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null 2>&1
  $PSQL -d postgres -c CHECKPOINT >/dev/null
}

# One timed PG→PG copy of src.$FERRY_TABLE (lineitem) into a fresh `dst`: `pipe` (psql | psql COPY binary, into
# the harness DDL), `driver` (ferry-driver-bench from $BIN) or `ferry` (bench/ferry-copy.sh through the API at
# $FERRY_GATEWAY). Prints the seconds (the caller checks the target when it needs to).
# The pipe split by hand: $1 psql | psql pipes at once, each over an equal l_orderkey range of table $2 — what
# parallel streams gain on this machine at best, with no tool in between (the ceiling for split copies).
pipe_split() {
  local n=$1 table=$2 max k lo hi pids=()
  max=$($PSQL -Atd src -c "SELECT max(l_orderkey) + 1 FROM $table")
  for k in $(seq 0 $((n - 1))); do
    lo=$((max * k / n)); hi=$((max * (k + 1) / n))
    psql -X -d src -c "COPY (SELECT * FROM $table WHERE l_orderkey >= $lo AND l_orderkey < $hi) TO STDOUT (FORMAT binary)" \
      | psql -X -d dst -c "COPY $table FROM STDIN (FORMAT binary)" >/dev/null & pids+=($!)
  done
  wait "${pids[@]}"
}

pg_to_pg() {
  local table=${FERRY_TABLE:-lineitem} t0 src="postgresql://$PGUSER@$PGHOST:$PGPORT/src" dst="postgresql://$PGUSER@$PGHOST:$PGPORT/dst"
  fresh_db dst
  [[ $1 == pipe || $1 == split-* ]] && $PSQL -d dst -c "$(lineitem_ddl pg "$table")" >/dev/null
  t0=$(date +%s.%N)
  case "$1" in
    pipe) psql -X -d src -c "COPY $table TO STDOUT (FORMAT binary)" | psql -X -d dst -c "COPY $table FROM STDIN (FORMAT binary)" >/dev/null ;;
    split-*) pipe_split "${1#split-}" "$table" ;;
    driver) "$BIN/ferry-driver-bench" "$src" "$dst" "$table" >/dev/null ;;
    ferry) SRC_URL="$src" DST_URL="$dst" "$BENCH_DIR/ferry-copy.sh" 2>/dev/null ;;
  esac
  seconds_since "$t0"
}

# Peak RSS (VmHWM) of process $1 in MiB, and its reset (from then on VmHWM counts anew).
peak_rss_mib() { awk '/VmHWM/{printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
reset_peak_rss() { echo 5 >"/proc/$1/clear_refs" 2>/dev/null || true; }

# A part's results file $RESULTS_DIR/$1.txt (emptied) in OUT, and its scratch directory (removed on exit) in WORK.
part_files() {
  mkdir -p "$RESULTS_DIR"; OUT="$RESULTS_DIR/$1.txt"; : >"$OUT"
  WORK=$(mktemp -d "/tmp/ferry-bench-$1.XXXXXX"); trap 'rm -rf "$WORK"' EXIT
}
