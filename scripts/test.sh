#!/usr/bin/env bash
# The project's test command: the Swift suite, then the Python tests (scripts/test-python.sh); fails if either fails.
# Where Open MPI is installed it first builds strata-mpi (scripts/build-mpi.sh) for the MPI test, which skips otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-mpi.sh
mpi_status=$?
swift test -c release --disable-swift-testing
swift_status=$?
bash scripts/test-python.sh
python_status=$?
echo "strata tests: strata-mpi build exit $mpi_status, swift exit $swift_status, python exit $python_status"
[ "$mpi_status" -eq 0 ] && [ "$swift_status" -eq 0 ] && [ "$python_status" -eq 0 ]
