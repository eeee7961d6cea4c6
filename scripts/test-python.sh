#!/usr/bin/env bash
# The Python side of issue 28, from a clean clone: a virtualenv under target/ (never the
# repository) with pinned packages from PyPI, the `stridewise` Python package built by
# maturin into it (the dev profile and the workspace's target folder: the library `cargo
# build` already compiled is reused, only the PyO3 crate is added), then
#   1. scripts/check-parquet.py: the --parquet files of two folder reviews (the sample
#      runs; a generated athlete with a pain log) read by pyarrow and DuckDB and compared
#      with summary.json;
#   2. pytest crates/python/tests: the package against the command line;
#   3. examples/dask_cohort.py --check on a generated cohort (LocalCluster, 2 workers):
#      both DuckDB answers against the generator's truth.
# Fails on the first error. The pip cache (~/.cache/pip) and the venv are kept between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="target/python-venv"
python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
# Pinned: the versions the checks were written against (Python 3.9 or later).
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  maturin==1.16.0 pytest==9.2.0 pyarrow==26.0.1 duckdb==2.0.1 \
  "dask[distributed]==2026.8.0"
cargo build --quiet --locked --bin stridewise --example athletes
VIRTUAL_ENV="$PWD/$venv" PATH="$PWD/$venv/bin:$PATH" \
  maturin develop --quiet --locked -m crates/python/Cargo.toml
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
bin="$PWD/target/debug/stridewise"
# A cohort whose answers are known (examples/athletes.rs): 8 athletes × 18 runs (6 weeks).
./target/debug/examples/athletes "$tmp/cohort" --athletes 8 --runs 18 --seed 28
# 1. The Parquet files by two independent readers against summary.json.
"$bin" sample_data --out "$tmp/report" --charts none --parquet --parquet-samples > /dev/null
"$venv/bin/python" scripts/check-parquet.py "$tmp/report"
"$bin" "$tmp/cohort/a001" --pain-log "$tmp/cohort/a001/pain.csv" --out "$tmp/a001" \
  --charts none --parquet --parquet-samples > /dev/null
"$venv/bin/python" scripts/check-parquet.py "$tmp/a001"
# 2. The package against the command line.
STRIDEWISE_BIN="$bin" STRIDEWISE_SAMPLES="$PWD/sample_data" STRIDEWISE_COHORT="$tmp/cohort" \
  "$venv/bin/python" -m pytest -q -p no:cacheprovider crates/python/tests
# 3. The cohort on Dask, answered by DuckDB and checked against the generator's truth.
"$venv/bin/python" examples/dask_cohort.py "$tmp/cohort" "$tmp/dataset" --workers 2 --check
