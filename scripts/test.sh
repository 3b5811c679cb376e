#!/usr/bin/env bash
# The project's test command: the Swift suite, then the Python tests (scripts/test-python.sh); fails if either fails.
set -uo pipefail
cd "$(dirname "$0")/.."
swift test -c release --disable-swift-testing
swift_status=$?
bash scripts/test-python.sh
python_status=$?
echo "strata tests: swift exit $swift_status, python exit $python_status"
[ "$swift_status" -eq 0 ] && [ "$python_status" -eq 0 ]
