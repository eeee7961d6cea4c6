#!/usr/bin/env bash
# How often each finding fires on a folder of runs, and at which severity.
#
#   scripts/firing-rates.sh [FOLDER ...]        (default: ../shared/corpus)
#
# Runs `stridewise --json --no-charts FOLDER` (a folder review: the personal baseline
# included) and prints a Markdown table: per code, the runs that carry it and how many as
# warning / caution / info, then how many runs carry any finding, any warning, and what
# was left out (not coached, by reason; planned routes), and the session kinds of the
# coached runs. A "flagged" share near 100% is a bug: a page
# where every run is red teaches the runner to ignore it (DOMAIN.md).
set -euo pipefail
cd "$(dirname "$0")/.."
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=(../shared/corpus)
cargo build --quiet
json=$(mktemp)
out=$(mktemp -d)
trap 'rm -rf "$json" "$out"' EXIT
target/debug/stridewise --json --no-charts --out "$out/report" "${paths[@]}" >"$json" 2>/dev/null || true
python3 - "$json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
runs = doc["runs"]
n = len(runs)
codes = {}
any_finding = any_warning = 0
for r in runs:
    ws = (r.get("summary") or {}).get("warnings", [])
    if ws:
        any_finding += 1
    if any(w["severity"] == "warning" for w in ws):
        any_warning += 1
    for w in ws:
        c = codes.setdefault(w["code"], {"runs": 0, "warning": 0, "caution": 0, "info": 0, "baseline": 0})
        c["runs"] += 1
        c[w["severity"]] += 1
        if w["evidence"].get("basis") == "baseline":
            c["baseline"] += 1
pct = lambda k: f"{100 * k / n:.0f}%" if n else "-"
print(f"| code | runs | share | warning | caution | info | baseline only |")
print(f"|---|---:|---:|---:|---:|---:|---:|")
for code, c in sorted(codes.items(), key=lambda kv: (-kv[1]["runs"], kv[0])):
    print(f"| `{code}` | {c['runs']} | {pct(c['runs'])} | {c['warning']} | {c['caution']} | {c['info']} | {c['baseline']} |")
skipped = doc.get("skipped", [])
why = {}
for s in skipped:
    if s.get("code"):
        why[s["code"]] = why.get(s["code"], 0) + 1
kinds = {}
for r in runs:
    k = (r.get("session") or {}).get("kind", "?")
    kinds[k] = kinds.get(k, 0) + 1
print()
print(f"{n} runs coached: {any_finding} ({pct(any_finding)}) with a finding, "
      f"{any_warning} ({pct(any_warning)}) with a warning; "
      f"session kinds: {', '.join(f'{v} {k}' for k, v in sorted(kinds.items())) or 'none'}; "
      f"not coached: {', '.join(f'{v} {k}' for k, v in sorted(why.items())) or 'none'}; "
      f"{len(doc.get('routes', []))} planned routes; "
      f"folder focus: {', '.join(f['code'] for f in doc.get('focus', [])) or 'none'}.")
PY
