#!/usr/bin/env bash
# Render a report.html in headless Chromium (Debian's `chromium` package) and save a
# screenshot, so the page is checked as a browser shows it.
#
#   scripts/screenshot-report.sh [REPORT_HTML] [OUT_PNG]
#   WIDTH=390 HEIGHT=2400 scripts/screenshot-report.sh ...   # a phone's width
#
# Without arguments it builds the hilly sample's report into a temporary folder first;
# PAGE=index builds the folder review of sample_data/ and shows its index.html instead.
# Install the browser once with: apt-get install chromium
# Exit codes: 0 screenshot written and non-empty; 1 failure; 3 chromium not installed.
set -euo pipefail
cd "$(dirname "$0")/.."

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "screenshot-report: chromium is not installed (apt-get install chromium)" >&2
  exit 3
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
html=${1:-}
out=${2:-target/report-screenshot.png}
if [ -z "$html" ] && [ "${PAGE:-run}" = index ]; then
  cargo run --quiet -- --out "$work/report" sample_data > /dev/null 2>&1
  html="$work/report/index.html"
elif [ -z "$html" ]; then
  # The debug build: .ci/run has just built it for the tests.
  cargo run --quiet -- --out "$work/report" sample_data/hilly-10k.fit > /dev/null
  html="$work/report/hilly-10k.fit/report.html"
fi
mkdir -p "$(dirname "$out")"
# The flags keep Chromium off the network (the page needs none) and out of the user's
# profile; --no-sandbox because CI runs as root.
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --hide-scrollbars --window-size="${WIDTH:-1280},${HEIGHT:-2400}" \
  --screenshot="$out" "file://$(realpath "$html")" > "$work/chromium.log" 2>&1 || {
  cat "$work/chromium.log" >&2
  exit 1
}
size=$(stat -c %s "$out" 2>/dev/null || echo 0)
if [ "$size" -lt 10000 ]; then
  echo "screenshot-report: $out is only $size bytes: the page did not render" >&2
  exit 1
fi
echo "screenshot-report: $out ($size bytes) from $html"
