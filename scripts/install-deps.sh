#!/usr/bin/env bash
# Installs what Ferry needs on a fresh Debian machine that has the Swift toolchain, only what is
# missing (idempotent). Registers the ODBC drivers with unixODBC if their packages did not.
#   scripts/install-deps.sh          build + run + test dependencies
set -euo pipefail
PKGS=(libpq-dev libsqlite3-dev unixodbc-dev libcurl4-openssl-dev odbc-postgresql libsqliteodbc zlib1g-dev
      postgresql sqlite3 python3 python3-pip curl procps)
# Test tools: docker-compose only validates docker/docker-compose.yml statically; it merely *recommends*
# docker.io, and recommends are never installed here (--no-install-recommends below), so no Docker engine.
[ "${FERRY_WITH_TEST_TOOLS:-0}" = 1 ] && PKGS+=(docker-compose chromium python3-venv tmux)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "installing: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# The packages' postinst scripts register their drivers; make sure, since a minimal image may skip it.
register() {  # $1 = section name, $2 = template file
  grep -q "^\[$1\]" /etc/odbcinst.ini 2>/dev/null && return 0
  [ -f "$2" ] && ${SUDO:-} odbcinst -i -d -f "$2" >/dev/null 2>&1 || true
}
register "PostgreSQL Unicode" /usr/share/psqlodbc/odbcinst.ini.template
register "SQLite3" /usr/share/sqliteodbc/unixodbc.ini

# Swagger UI's own release files for the gateway (/swagger-ui/index.html), from PyPI into the git-ignored
# .ferry-vendor/swagger-ui/ — only when missing.
"$(dirname "$0")/install-swagger-ui.sh"
# Python test tools (kubernetes-validate, pyarrow and DuckDB for the export tests, …) into .ferry-vendor/test-venv.
[ "${FERRY_WITH_TEST_TOOLS:-0}" = 1 ] && "$(dirname "$0")/install-test-tools.sh"
exit 0
