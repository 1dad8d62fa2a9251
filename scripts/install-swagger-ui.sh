#!/usr/bin/env bash
# Swagger UI's own release files for the gateway (/swagger-ui/index.html): the static dist folder of the
# swagger-ui-bundle-v2 wheel from PyPI (fallback: swagger-ui-bundle), unpacked into
# ${FERRY_SWAGGER_UI_DIR:-.ferry-vendor/swagger-ui} at the repository root — git-ignored, never committed;
# nothing is loaded from a CDN at run time. Does nothing when the folder is already there.
# Called by scripts/install-deps.sh, and by docker/Dockerfile (with FERRY_SWAGGER_UI_DIR set).
# Needs python3 with pip.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SWAGGER_UI_DIR="${FERRY_SWAGGER_UI_DIR:-$ROOT/.ferry-vendor/swagger-ui}"
[ -f "$SWAGGER_UI_DIR/swagger-ui-bundle.js" ] && exit 0

echo "installing Swagger UI into $SWAGGER_UI_DIR" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
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
    os.makedirs(os.path.dirname(dest) or ".", exist_ok=True)
    os.rename(staging, dest)
    print(f"Swagger UI {posixpath.basename(folder)} from {os.path.basename(wheel)}", file=sys.stderr)
PY
then
  exit 0
fi
echo "warning: could not install Swagger UI from PyPI; the gateway answers 503 at /swagger-ui/ until scripts/install-deps.sh succeeds" >&2
exit 0
