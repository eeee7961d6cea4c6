#!/usr/bin/env bash
# Print the physio's summary (physio.html) of a generated 14-run folder with a pain log
# (examples/pain_folder.rs) to PDF in headless Chromium and check it is one A4 page.
# Writes the PDF to target/physio.pdf (and target/physio-1.png when pdftoppm is installed,
# to look at). Needs Debian's chromium and pdfinfo (poppler-utils).
# Exit codes: 0 one A4 page; 1 failure; 3 chromium or pdfinfo not installed.
set -euo pipefail
cd "$(dirname "$0")/.."
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ] || ! command -v pdfinfo > /dev/null 2>&1; then
  echo "check-physio-print: needs chromium and pdfinfo (apt-get install chromium poppler-utils)" >&2
  exit 3
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run --quiet --example pain_folder -- "$work/folder" hilly
cargo run --quiet -- --pain-log "$work/folder/pain.csv" --out "$work/report" "$work/folder/runs" > /dev/null 2>&1 || true
test -s "$work/report/physio.html"
mkdir -p target
# Off the network (the page needs none), no header or footer.
"$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --no-pdf-header-footer --user-data-dir="$work/profile" \
  --print-to-pdf=target/physio.pdf "file://$work/report/physio.html" > /dev/null 2>&1
pages=$(pdfinfo target/physio.pdf | awk '/^Pages:/ {print $2}')
size=$(pdfinfo target/physio.pdf | awk -F': *' '/^Page size:/ {print $2}')
if command -v pdftoppm > /dev/null 2>&1; then
  pdftoppm -png -r 80 target/physio.pdf target/physio
fi
if [ "$pages" != "1" ] || [[ "$size" != *"(A4)"* ]]; then
  echo "check-physio-print: physio.html printed on $pages pages of $size, expected one A4 page" >&2
  exit 1
fi
echo "check-physio-print: physio.html prints on one A4 page ($size): target/physio.pdf"
