#!/usr/bin/env bash
# Installs the Debian packages Strata links against (OpenBLAS, LAPACKE) and Python 3 with venv for the tests, if missing.
set -euo pipefail
need=()
for pkg in libopenblas-dev liblapacke-dev pkg-config; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
# Python 3 with venv and pip, for the Python tests (scripts/test-python.sh); any python3 that has them will do.
if ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then
  need+=(python3 python3-venv python3-pip)
fi
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
