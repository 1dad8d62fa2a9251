#!/usr/bin/env bash
# Throwaway PostgreSQL for tests and benchmarks, on loopback only, run as OS user `postgres`
# (the server refuses root).
#   scripts/pg.sh start DIR [PORT]  → prints the URL (postgresql://postgres@127.0.0.1:PORT/postgres)
#   scripts/pg.sh stop DIR          → stops that cluster only (fast, then immediate)
# PORT defaults to a free port; the chosen port is kept in DIR/port.
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
cmd=${1:?usage: pg.sh start|stop DIR [PORT]}
DIR=${2:?usage: pg.sh start|stop DIR [PORT]}

as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

free_port() { python3 "$(dirname "$0")/free-port.py"; }

case "$cmd" in
start)
  [ -x "$PGBIN/initdb" ] || { echo "pg.sh: no PostgreSQL server binaries (PGBIN=$PGBIN); run scripts/install-deps.sh" >&2; exit 1; }
  mkdir -p "$DIR"
  # postgres must traverse the parent; add that bit only (a chmod 755 of /tmp drops its sticky bit)
  chmod a+x "$(dirname "$DIR")" 2>/dev/null || true
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
  if [ ! -f "$DIR/data/PG_VERSION" ]; then
    as_pg "'$PGBIN/initdb' -D '$DIR/data' -U postgres --auth=trust -E UTF8 --locale=C >'$DIR/initdb.log' 2>&1"
    cat >>"$DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
max_connections = 200
shared_buffers = 256MB
max_wal_size = 4GB
fsync = on
CONF
  fi
  PORT=${3:-$(cat "$DIR/port" 2>/dev/null || free_port)}
  echo "$PORT" >"$DIR/port"
  if ! as_pg "'$PGBIN/pg_ctl' -D '$DIR/data' status" >/dev/null 2>&1; then
    as_pg "'$PGBIN/pg_ctl' -D '$DIR/data' -l '$DIR/server.log' -o '-p $PORT' -w -t 60 start" >/dev/null
  fi
  echo "postgresql://postgres@127.0.0.1:$PORT/postgres"
  ;;
stop)
  [ -f "$DIR/data/PG_VERSION" ] || exit 0
  as_pg "'$PGBIN/pg_ctl' -D '$DIR/data' -m fast -w -t 60 stop" >/dev/null 2>&1 \
    || as_pg "'$PGBIN/pg_ctl' -D '$DIR/data' -m immediate -w -t 30 stop" >/dev/null 2>&1 || true
  ;;
*) echo "usage: pg.sh start|stop DIR [PORT]" >&2; exit 2 ;;
esac
