#!/usr/bin/env bash
# Builds strata-mpi (the optional package in mpi/) into mpi/.build/release/strata-mpi when Open MPI is installed
# (libopenmpi-dev: bash scripts/install-deps.sh --mpi); otherwise says so and exits 0 (--require: exits 69).
set -euo pipefail
cd "$(dirname "$0")/.."
require=0
for arg in "$@"; do
  case "$arg" in
    --require) require=1 ;;
    *) echo "build-mpi.sh: unknown option '$arg' (use --require to fail when MPI is missing)" >&2; exit 64 ;;
  esac
done
if ! pkg-config --exists ompi-c 2>/dev/null || ! command -v mpirun >/dev/null; then
  echo "build-mpi.sh: Open MPI is not installed (bash scripts/install-deps.sh --mpi); strata-mpi not built"
  [ "$require" -eq 1 ] && exit 69
  exit 0
fi
swift build -c release --package-path mpi --product strata-mpi
echo "strata-mpi: mpi/.build/release/strata-mpi"
