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
lineitem_ddl() {
  local big=bigint int=int dec='numeric(15,2)' ch=char date=date vc=varchar
  [ "${1:-pg}" = sqlite ] && { big=BIGINT; int=INTEGER; dec='DECIMAL(15,2)'; ch=CHAR; date=DATE; vc=VARCHAR; }
  cat <<SQL
CREATE TABLE lineitem (
  l_orderkey $big NOT NULL, l_partkey $int NOT NULL, l_suppkey $int NOT NULL, l_linenumber $int NOT NULL,
  l_quantity $dec NOT NULL, l_extendedprice $dec NOT NULL, l_discount $dec NOT NULL, l_tax $dec NOT NULL,
  l_returnflag $ch(1) NOT NULL, l_linestatus $ch(1) NOT NULL,
  l_shipdate $date NOT NULL, l_commitdate $date NOT NULL, l_receiptdate $date NOT NULL,
  l_shipinstruct $ch(25) NOT NULL, l_shipmode $ch(10) NOT NULL, l_comment $vc(44) NOT NULL,
  PRIMARY KEY (l_orderkey, l_linenumber)
)
SQL
}
