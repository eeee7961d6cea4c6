#!/usr/bin/env bash
# Decode every workout that `stridewise plan` writes with Garmin's own JavaScript FIT SDK
# (@garmin/fitsdk, installed from npm into a temporary folder) and check every field
# against plan.json (scripts/check-workouts-fitsdk.mjs). Two plans are checked: the sample
# runs as they are (continuous runs), and with a sore day in the pain log (5:1 run/walk
# repeats, and a cross-training swap with four strength sessions a week). Every run and
# strength workout is checked. Needs node and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
npm install --silent --no-audit --no-fund --prefix "$tmp" @garmin/fitsdk > /dev/null
cp scripts/check-workouts-fitsdk.mjs "$tmp/"
cargo build --quiet --locked
printf 'date,pain,note\n2024-05-09,5,sore hip\n' > "$tmp/pain.csv"
./target/debug/stridewise plan sample_data --out "$tmp/plan" > /dev/null
./target/debug/stridewise plan sample_data --pain-log "$tmp/pain.csv" --out "$tmp/sore" > /dev/null
node "$tmp/check-workouts-fitsdk.mjs" "$tmp/plan"
node "$tmp/check-workouts-fitsdk.mjs" "$tmp/sore"
