#!/usr/bin/env bash
# Sets everything up on a fresh Debian machine and fits the seed's widget model end to end:
# installs OpenBLAS/LAPACKE, builds strata in release mode, optimises, samples 4 NUTS chains,
# prints the summary and writes CSVs, a trace plot and the graphical model to output/widgets.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product strata
SHARED="${STRATA_SHARED:-../shared}"
.build/release/strata widgets --data "$SHARED/data/decay_days.json" \
  --truth "$SHARED/data/decay_truth.json" --output output/widgets "$@"
