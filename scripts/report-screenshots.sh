#!/usr/bin/env bash
# Regenerates docs/report_*.png: samples each shared model, writes its `strata report`, screenshots it in headless Chromium.
# Usage: bash scripts/report-screenshots.sh [OUT_DIR]   (needs a release build and Chromium: scripts/install-deps.sh --browser)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${STRATA_SHARED:-../shared}"
OUT="${1:-docs}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
B=.build/release/strata
CHROMIUM="${STRATA_CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
[ -x "$B" ] || { echo "report-screenshots.sh: build first (swift build -c release)" >&2; exit 66; }
[ -n "$CHROMIUM" ] || { echo "report-screenshots.sh: Chromium not found (scripts/install-deps.sh --browser)" >&2; exit 69; }
mkdir -p "$OUT"
sample() {  # model data [options...]
  local m="$1" d="$2"; shift 2
  "$B" sample "$SHARED/models/$m.stan" --data "$SHARED/data/$d" --seed 11 --quiet --output "$WORK/$m" "$@" >/dev/null
}
shot() {  # name html: the whole page at 60 % scale (its height is read from the rendered DOM)
  local height
  height=$("$CHROMIUM" --headless --no-sandbox --disable-gpu --user-data-dir="$WORK/profile" --virtual-time-budget=5000 \
    --window-size=1200,1000 --dump-dom "file://$2" 2>/dev/null | grep -o 'data-height="[0-9]*"' | grep -o '[0-9]*' || echo 4000)
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$WORK/profile" \
    --virtual-time-budget=5000 --force-device-scale-factor=0.6 --window-size=1200,$((height + 20)) \
    --screenshot="$OUT/report_$1.png" "file://$2" >/dev/null 2>&1
  echo "wrote $OUT/report_$1.png"
}
sample decay decay_days.json --init "$SHARED/data/decay_days_init.json"
"$B" report "$WORK/decay" --truth "$SHARED/data/decay_truth.json" --output "$WORK/widgets.html"
shot widgets "$WORK/widgets.html"
sample eight_schools_noncentered eight_schools.json
sample eight_schools_centered eight_schools.json --marginalise off   # theta sampled: the funnel and its divergences
for m in eight_schools_noncentered eight_schools_centered; do "$B" report "$WORK/$m" --output "$WORK/$m.html"; done
shot eight_schools "$WORK/eight_schools_noncentered.html"
shot eight_schools_centered "$WORK/eight_schools_centered.html"
sample no_pooling pooling.json
sample complete_pooling pooling.json
sample partial_pooling partial_pooling.json --adapt-delta 0.95
"$B" report "$WORK/partial_pooling" --compare "$WORK/no_pooling" "$WORK/complete_pooling" --output "$WORK/pooling.html"
shot pooling "$WORK/pooling.html"
sample radon_noncentered radon_85.json
"$B" report "$WORK/radon_noncentered" --truth "$SHARED/data/radon_85_truth.json" --output "$WORK/radon.html"
shot radon "$WORK/radon.html"
