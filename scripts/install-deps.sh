#!/usr/bin/env bash
# Installs the Debian packages Strata links against (OpenBLAS, LAPACKE, netCDF, SUNDIALS for the DAE solver) and Python 3 with venv for the tests, if missing;
# with --browser also Chromium, which the report's browser test (ReportBrowserTests) renders in; with --mpi also
# Open MPI (libopenmpi-dev, openmpi-bin), for the optional strata-mpi (scripts/build-mpi.sh) and its test.
set -euo pipefail
need=()
wanted=(libopenblas-dev liblapacke-dev libnetcdf-dev libsundials-dev pkg-config)
for arg in "$@"; do
  case "$arg" in
    --browser) wanted+=(chromium) ;;
    --mpi) wanted+=(libopenmpi-dev openmpi-bin) ;;
    *) echo "install-deps.sh: unknown option '$arg' (use --browser to add Chromium, --mpi to add Open MPI)" >&2; exit 64 ;;
  esac
done
for pkg in "${wanted[@]}"; do
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
