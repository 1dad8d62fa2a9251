#!/usr/bin/env bash
# The Python tools of `make test` (scripts/test-requirements.txt) in a virtualenv of their own,
# .ferry-vendor/test-venv (git-ignored), from PyPI. Only when the requirements changed since the last install.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$ROOT/.ferry-vendor/test-venv"
REQ="$ROOT/scripts/test-requirements.txt"
[ -x "$VENV/bin/python" ] && cmp -s "$REQ" "$VENV/requirements.installed" && exit 0
echo "installing the Python test tools into $VENV" >&2
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$REQ" >&2
cp "$REQ" "$VENV/requirements.installed"
