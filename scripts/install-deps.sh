#!/usr/bin/env bash
# Installs the Debian packages Strata links against (OpenBLAS, LAPACKE), if missing.
set -euo pipefail
need=()
for pkg in libopenblas-dev liblapacke-dev pkg-config; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
