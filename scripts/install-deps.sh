#!/usr/bin/env bash
# Installs what Ferry needs on a fresh Debian machine that has the Swift toolchain, only what is
# missing (idempotent). Registers the ODBC drivers with unixODBC if their packages did not.
#   scripts/install-deps.sh          build + run + test dependencies
set -euo pipefail
PKGS=(libpq-dev libsqlite3-dev unixodbc-dev libcurl4-openssl-dev odbc-postgresql libsqliteodbc
      postgresql sqlite3 python3 python3-pip curl procps)
# Test tools: docker-compose only validates docker/docker-compose.yml statically; it merely *recommends*
# docker.io, and recommends are never installed here (--no-install-recommends below), so no Docker engine.
[ "${FERRY_WITH_TEST_TOOLS:-0}" = 1 ] && PKGS+=(docker-compose chromium)

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

# Swagger UI's own release files for the gateway (/swagger-ui/index.html): the static dist folder of the
# swagger-ui-bundle-v2 wheel from PyPI, unpacked into .ferry-vendor/swagger-ui/ (git-ignored, never
# committed; nothing is loaded from a CDN at run time). Only when missing.
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SWAGGER_UI_DIR="${FERRY_SWAGGER_UI_DIR:-$ROOT/.ferry-vendor/swagger-ui}"
if [ ! -f "$SWAGGER_UI_DIR/swagger-ui-bundle.js" ]; then
  echo "installing Swagger UI into $SWAGGER_UI_DIR" >&2
  tmp=$(mktemp -d)
  fetched=0
  for spec in swagger-ui-bundle-v2==5.31.0 swagger-ui-bundle; do
    if python3 -m pip download --no-deps --only-binary=:all: --disable-pip-version-check -q -d "$tmp" "$spec" >&2; then
      fetched=1; break
    fi
  done
  if [ "$fetched" = 1 ] && python3 - "$tmp" "$SWAGGER_UI_DIR" <<'PY'
import glob, os, posixpath, shutil, sys, zipfile
src, dest = sys.argv[1], sys.argv[2]
wheel = sorted(glob.glob(os.path.join(src, "*.whl")))[0]
with zipfile.ZipFile(wheel) as z:
    names = z.namelist()
    # The dist folder is the one holding swagger-ui-bundle.js (swagger_ui_bundle/vendor/swagger-ui-X.Y.Z/).
    folder = posixpath.dirname(next(n for n in names if n.endswith("/swagger-ui-bundle.js")))
    staging = dest + ".partial"
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    for n in names:
        if posixpath.dirname(n) != folder or n.endswith("/"):
            continue
        base = posixpath.basename(n)
        if base.startswith(".") or base.endswith((".j2", ".py")):
            continue
        with z.open(n) as f, open(os.path.join(staging, base), "wb") as out:
            shutil.copyfileobj(f, out)
    licence = next((n for n in names if n.endswith("/LICENSE")), None)  # Apache-2.0, kept beside the files
    if licence:
        with z.open(licence) as f, open(os.path.join(staging, "LICENSE"), "wb") as out:
            shutil.copyfileobj(f, out)
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    os.rename(staging, dest)
    print(f"Swagger UI {posixpath.basename(folder)} from {os.path.basename(wheel)}", file=sys.stderr)
PY
  then :; else
    echo "warning: could not install Swagger UI from PyPI; the gateway answers 503 at /swagger-ui/ until scripts/install-deps.sh succeeds" >&2
  fi
  rm -rf "$tmp"
fi
exit 0
