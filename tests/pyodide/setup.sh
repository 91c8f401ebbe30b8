#!/usr/bin/env bash
# Set up the Pyodide smoke test of tests/test_lite.py (it skips until this has run):
# Pyodide from npm (pinned in package.json) and the pure wheels it installs from local files:
# micropip at the version this Pyodide lists, xlwings at the version PYTHON has installed.
# Usage: bash tests/pyodide/setup.sh [PYTHON]   (PYTHON: the test venv's python; python3)
set -euo pipefail
python="$(command -v "${1:-python3}")"
cd "$(dirname "$0")"

npm ci --no-audit --no-fund --loglevel=error

read -r pyversion micropip < <(node -e '
  const lock = require("./node_modules/pyodide/pyodide-lock.json");
  const [major, minor] = lock.info.python.split(".");
  console.log(`${major}.${minor}`, lock.packages.micropip.version);')
xlwings="$("$python" -c 'import importlib.metadata as m; print(m.version("xlwings"))')"

rm -rf wheels
"$python" -m pip download -q --no-deps --only-binary=:all: --platform any \
  --python-version "$pyversion" -d wheels "micropip==$micropip" "xlwings==$xlwings"
# the estimate from Excel (estimate.py): the pure-Python libraries the workbook needs
"$python" -m pip download -q --no-deps --only-binary=:all: --platform any \
  --python-version "$pyversion" -d wheels openpyxl et_xmlfile defusedxml platformdirs
ls wheels
