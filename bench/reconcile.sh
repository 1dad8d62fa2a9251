#!/usr/bin/env bash
# The `reconcile` part: one PG→PG copy of lineitem through Ferry's API (default options) into a fresh `dst`, then
# `POST /v1/data/bundles/{uid}/reconcile` of that bundle, `{"method": "digest"}` and then `{"method": "count"}`:
# each compares the live source and target without copying. Each answer must say `"equal": true`. Writes
# $RESULTS_DIR/reconcile.txt (lines `copy seconds`, `digest seconds equal|DIFFERS`, `count …`).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
part_files reconcile

s=$(FERRY_COPY_IDS="$WORK/ids" pg_to_pg ferry)
n=$($PSQL -Atd dst -c "SELECT count(*) FROM lineitem" 2>/dev/null || echo none)
[ "$n" = "$ROWS" ] && [ -s "$WORK/ids" ] || { echo "copy FAILED ($n rows in dst)" | tee -a "$OUT"; exit 0; }
echo "copy $s" | tee -a "$OUT"
bundle=$(awk '$1 == "bundle" {print $2}' "$WORK/ids")
for method in digest count; do
  t0=$(date +%s.%N)
  code=$(curl -sS -m "${RUN_TIMEOUT:-300}" -o "$WORK/$method.json" -w '%{http_code}' -X POST "$FERRY_GATEWAY/v1/data/bundles/$bundle/reconcile" \
    -H "X-API-Key: $FERRY_API_KEY" -H 'Content-Type: application/json' -d "{\"method\":\"$method\"}") || code=none
  s=$(seconds_since "$t0")
  equal=DIFFERS
  if [ "$code" = 200 ]; then
    python3 -c 'import json, sys; sys.exit(0 if json.load(open(sys.argv[1]))["equal"] is True else 1)' "$WORK/$method.json" && equal=equal
  else
    equal="FAILED($code)"; say "reconcile $method: HTTP $code $(head -c 400 "$WORK/$method.json" 2>/dev/null)"
  fi
  echo "$method $s $equal" | tee -a "$OUT"
done
