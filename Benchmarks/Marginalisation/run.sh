#!/usr/bin/env bash
# The widget model at 10^3-10^5 widgets with N_initial integrated out (4 chains x 1000 + 1000, data-informed
# inits): prints one Markdown row per data set (wall time, peak memory, convergence over every parameter,
# alpha's interval against the truth). Usage: Benchmarks/Marginalisation/run.sh [SIZES...] (default 1000 10000 100000)
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED="${STRATA_SHARED:-../shared}"
swift build -c release --product strata >/dev/null
sizes=("${@:-1000 10000 100000}")
out=$(mktemp -d)
echo "| widgets | wall | peak memory | max R-hat | min bulk ESS | min tail ESS | divergences | leapfrogs/draw | alpha 90% | covers truth |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for n in ${sizes[@]}; do
  /usr/bin/time -v .build/release/strata sample "$SHARED/models/decay.stan" --data "$SHARED/data/decay_days_$n.json" \
    --init "$SHARED/data/decay_days_${n}_init.json" --output "$out/$n" --quiet >/dev/null 2>"$out/$n.time"
  python3 Benchmarks/Marginalisation/report.py .build/release/strata "$out/$n" "$SHARED/data/decay_${n}_truth.json" "$out/$n.time"
done
rm -rf "$out"
