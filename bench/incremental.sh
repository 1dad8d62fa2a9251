#!/usr/bin/env bash
# The `incremental` part: src.li_delta is lineitem with a delta column `updated_at timestamp(6)` (from 2020 on, rows
# a second apart: a window re-reads the rows of its look-back, 60 s before the last watermark, so about 60 rows
# beyond the changed ones). Through Ferry's API on the
# running stack ($FERRY_GATEWAY), into a fresh `dst`:
#   1. a bundle with `loadMode: incremental, deltaColumn: updated_at`, first run: the whole table;
#   2. 1 % of the rows updated in the source (every order whose key ends in 07: its 4 lines; `updated_at = now()`
#      and a changed comment);
#   3. the same bundle launched again: the second incremental run reads the changed rows only;
#   4. a full reload of the same table (`loadMode: truncate-insert`, a bundle of its own) into the same target.
# After 3 and 4 the target must equal the source (row count and the sum of every row's hash). Rows read are
# RF06's readCount. Writes $RESULTS_DIR/incremental.txt (lines `name seconds rowsRead rowsChanged equal|DIFFERS`).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
part_files incremental
export SRC_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/src" DST_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/dst" FERRY_TABLE=li_delta

say "incremental: src.li_delta ($ROWS rows with updated_at)"
$PSQL -d src >/dev/null <<SQL
DROP TABLE IF EXISTS li_delta;
CREATE TABLE li_delta AS
  SELECT l.*, (timestamp '2020-01-01' + (l_orderkey * 4 + l_linenumber) * interval '1 second')::timestamp(6) AS updated_at
  FROM lineitem l;
ALTER TABLE li_delta ADD PRIMARY KEY (l_orderkey, l_linenumber);
VACUUM (ANALYZE) li_delta;
SQL
fresh_db dst

# Order-independent content of a table: its row count and the sum of its rows' hashes (text form).
content() { $PSQL -Atd "$1" -c "SELECT count(*) || ':' || coalesce(sum(hashtext(t::text)::bigint), 0) FROM li_delta t"; }

run() {  # $1 name, $2 rows changed, then VAR=value… for ferry-copy.sh: one timed run, one line in $OUT
  local name=$1 changed=$2 t0 s read equal; shift 2
  t0=$(date +%s.%N)
  if ! env "$@" FERRY_COPY_IDS="$WORK/ids" "$BENCH_DIR/ferry-copy.sh" 2>"$WORK/$name.rf06"; then
    echo "$name FAILED $(tail -c 400 "$WORK/$name.rf06")" | tee -a "$OUT"; return 1
  fi
  s=$(seconds_since "$t0")
  read=$(python3 -c 'import json, sys; print(sum(s["readCount"] for s in json.loads(sys.stdin.read().splitlines()[-1])["steps"]))' <"$WORK/$name.rf06")
  equal=DIFFERS; [ "$(content src)" = "$(content dst)" ] && equal=equal
  echo "$name $s $read $changed $equal" | tee -a "$OUT"
}

run first "$ROWS" FERRY_LOAD_MODE=incremental FERRY_DELTA_COLUMN=updated_at || exit 0
bundle=$(awk '$1 == "bundle" {print $2}' "$WORK/ids")
changed=$($PSQL -Atd src -c "WITH u AS (UPDATE li_delta SET updated_at = now(), l_comment = left('updated ' || l_comment, 44)
                                  WHERE l_orderkey % 100 = 7 RETURNING 1) SELECT count(*) FROM u")
$PSQL -d postgres -c CHECKPOINT >/dev/null
run second "$changed" FERRY_BUNDLE_ID="$bundle" || exit 0
$PSQL -d postgres -c CHECKPOINT >/dev/null
run full-reload "$ROWS" FERRY_LOAD_MODE=truncate-insert || exit 0
