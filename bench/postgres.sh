#!/usr/bin/env bash
# The bench's throwaway PostgreSQL: scripts/pg.sh's cluster on 127.0.0.1:$PGPORT in $BENCH_PGDIR, with
# settings for bulk loads that keep full durability (fsync and synchronous_commit stay on, so every tool
# pays the same price for a commit).
#   bench/postgres.sh up      installs PostgreSQL if missing, initdb once, starts it (nothing if running)
#   bench/postgres.sh down    stops it; PURGE=1 also deletes $BENCH_PGDIR
set -euo pipefail
. "$(dirname "$0")/lib.sh"
case "${1:-}" in
up)
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    # No Debian "main" cluster: the bench makes its own.
    mkdir -p /etc/postgresql-common
    grep -qs '^create_main_cluster *= *false' /etc/postgresql-common/createcluster.conf \
      || echo 'create_main_cluster = false' >>/etc/postgresql-common/createcluster.conf
    need_apt postgresql-15 postgresql-client-15
  fi
  # A server on the port that is not ours (an older bench cluster, a system PostgreSQL) would make the start fail
  # with a bind error deep in the server log: say it plainly.
  if psql -X -Atqd postgres -c 'SELECT 1' >/dev/null 2>&1 && [ "$(cat "$BENCH_PGDIR/port" 2>/dev/null)" != "$PGPORT" ]; then
    fail "another PostgreSQL answers on $PGHOST:$PGPORT; stop it or set PGPORT (the bench runs its own in $BENCH_PGDIR)"
  fi
  "$ROOT/scripts/pg.sh" start "$BENCH_PGDIR" "$PGPORT" >/dev/null
  for setting in shared_buffers=512MB max_wal_size=4GB checkpoint_timeout=15min maintenance_work_mem=256MB \
                 work_mem=64MB fsync=on synchronous_commit=on full_page_writes=on; do
    $PSQL -d postgres -c "ALTER SYSTEM SET ${setting%%=*} = '${setting#*=}'" >/dev/null
  done
  $PSQL -d postgres -c "SELECT pg_reload_conf()" >/dev/null
  if [ "$($PSQL -Atd postgres -c "SELECT count(*) FROM pg_settings WHERE pending_restart")" != 0 ]; then
    say "restarting PostgreSQL for its new settings"
    "$ROOT/scripts/pg.sh" stop "$BENCH_PGDIR"
    "$ROOT/scripts/pg.sh" start "$BENCH_PGDIR" "$PGPORT" >/dev/null
  fi
  say "PostgreSQL $($PSQL -Atd postgres -c 'SHOW server_version') on $PGHOST:$PGPORT ($BENCH_PGDIR)"
  ;;
down)
  "$ROOT/scripts/pg.sh" stop "$BENCH_PGDIR"
  if [ "${PURGE:-0}" = 1 ]; then rm -rf "$BENCH_PGDIR"; fi
  ;;
*) echo "usage: bench/postgres.sh up|down" >&2; exit 2 ;;
esac
