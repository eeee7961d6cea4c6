#!/usr/bin/env bash
# Whole-command timing of a folder review.
#
#   scripts/bench-folder.sh [N ...]      (default: 100 1000)
#
# Builds an N-file export folder with ../shared/bench/make_bench_folder.sh (cycling
# through the corpus runs, about 1 in 5 gzipped, like a Strava export) under
# target/bench/, then times `stridewise DIR --charts none` (runs.csv, summary.json,
# index.html with trend charts, no per-run pages) and `--charts all`, with --jobs 1 and
# --jobs 2. Prints wall time, files/s, MB/s and peak RSS (getrusage of the child, via a
# tiny Python wrapper: the machine has no GNU time by default).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000)
cargo build --release --quiet
bin=target/release/stridewise
make=../shared/bench/make_bench_folder.sh
[ -x "$make" ] || make="bash $make"

peak_rss() { # run a command, print "seconds peak_kb" on fd 3
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
dt = time.perf_counter() - t
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{dt:.3f} {kb} {r.returncode}")
PY
}

printf '%-6s %-12s %-5s %9s %9s %9s %10s\n' files mode jobs wall_s files/s MB/s peak_MB
for n in "${sizes[@]}"; do
  dir=target/bench/folder-$n
  if [ ! -f "$dir/.sources.txt" ]; then
    rm -rf "$dir"
    $make "$n" "$dir" > /dev/null
  fi
  mb=$(du -sb "$dir" | awk '{print $1/1e6}')
  for mode in "--charts none" "--charts all"; do
    for jobs in 1 2; do
      out=$(mktemp -d)
      # shellcheck disable=SC2086
      read -r secs kb rc < <(peak_rss "$bin" $mode --jobs "$jobs" --out "$out" "$dir")
      rm -rf "$out"
      awk -v n="$n" -v m="${mode#--charts }" -v j="$jobs" -v s="$secs" -v kb="$kb" -v mb="$mb" -v rc="$rc" \
        'BEGIN { printf "%-6d %-12s %-5d %9.2f %9.0f %9.1f %10.1f%s\n", n, m, j, s, n/s, mb/s, kb/1024, (rc>1 ? "  (exit " rc ")" : "") }'
    done
  done
done
