#!/usr/bin/env bash
# Python tests: sets up a virtual environment (PyPI: cmdstanpy, ArviZ, pytest, numpy), installs the strata
# package with `pip install ./python` (its build step runs SwiftPM), and runs pytest on python/tests.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${STRATA_VENV:-.build/python-venv}"
PYTHON="${PYTHON:-python3}"
swift build -c release --product strata          # the CLI the tests compare with (a no-op when up to date)
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q -r python/requirements-test.txt
"$VENV/bin/python" -m pip install -q --force-reinstall --no-deps ./python
# Run from the project root with pytest's own launcher, so `import strata` is the installed package.
"$VENV/bin/pytest" -q -p no:cacheprovider python/tests "$@"
