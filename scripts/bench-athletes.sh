#!/usr/bin/env bash
# Whole-command timing of a cohort review (`--athletes`, issue 28).
#
#   scripts/bench-athletes.sh [ATHLETES ...]     (default: 10 100; 100 runs each)
#
# Builds target/bench/athletes-A: A athlete folders of 100 runs each, hard links into
# the 5,000-file bench folder of scripts/bench-folder.sh (athlete k gets files
# 50k+1 .. 50k+100, so neighbours share half their runs; each athlete is reviewed on its
# own), then times `stridewise --athletes DIR --charts none` with --jobs 2 and prints
# wall time, files/s and peak RSS. Memory should not grow with the number of athletes:
# one athlete's runs are held at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100)
cargo build --release --quiet
bin=target/release/stridewise
src=target/bench/folder-5000
if [ ! -f "$src/.sources.txt" ]; then
  make=../shared/bench/make_bench_folder.sh
  [ -x "$make" ] || make="bash $make"
  rm -rf "$src"
  $make 5000 "$src" > /dev/null
fi
mapfile -t files < <(cd "$src" && ls | grep -v '^\.' | sort)
printf '%-9s %-7s %-5s %9s %9s %10s\n' athletes files jobs wall_s files/s peak_MB
for a in "${sizes[@]}"; do
  dir=target/bench/athletes-$a
  if [ ! -d "$dir" ]; then
    for ((k = 0; k < a; k++)); do
      ath=$(printf '%s/athlete-%03d' "$dir" "$k")
      mkdir -p "$ath"
      for ((i = 0; i < 100; i++)); do
        f=${files[$(((50 * k + i) % ${#files[@]}))]}
        ln "$src/$f" "$ath/$f"
      done
    done
  fi
  n=$((a * 100))
  out=$(mktemp -d)
  read -r wall kb rc < <(python3 - "$bin" --athletes "$dir" --charts none --jobs 2 --out "$out/r" <<'PY'
import resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
dt = time.perf_counter() - t
print(f"{dt:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} {r.returncode}")
PY
)
  rm -rf "$out"
  [ "$rc" -le 1 ] || { echo "stridewise failed ($rc)" >&2; exit 1; }
  printf '%-9s %-7s %-5s %9s %9.0f %10.0f\n' "$a" "$n" 2 "$wall" "$(echo "$n / $wall" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
done
