"""The Python package against the command line: the same documents and tables.

Run by scripts/test-python.sh, which exports STRIDEWISE_BIN (the debug binary),
STRIDEWISE_SAMPLES (the repository's sample_data, generated runs written by `cargo run
--example make_sample_data`) and STRIDEWISE_COHORT (a cohort from `cargo run --example
athletes`).
"""

import json
import os
import subprocess

import pyarrow.parquet as pq
import pytest

import stridewise

BIN = os.environ["STRIDEWISE_BIN"]
SAMPLES = os.environ["STRIDEWISE_SAMPLES"]
FIT = os.path.join(SAMPLES, "hilly-10k.fit")
# A generated athlete with 18 runs (examples/athletes.rs): long enough a review to time.
COHORT = os.environ["STRIDEWISE_COHORT"]


def cli(*args, cwd=None):
    done = subprocess.run([BIN, *args], capture_output=True, text=True, cwd=cwd)
    return done


def test_review_of_a_file_is_the_cli_json():
    done = cli("--json", FIT)
    assert done.returncode == 0, done.stderr
    assert stridewise.review(FIT) == json.loads(done.stdout)


def test_bytes_are_reviewed_as_the_file_is():
    with open(FIT, "rb") as f:
        data = f.read()
    from_bytes = stridewise.review(data, name=FIT)
    assert from_bytes == stridewise.review(FIT)
    assert stridewise.review(memoryview(data), name="x.fit")["runs"][0]["source"]["path"] == "x.fit"


def test_a_bad_file_raises_with_its_name_and_the_clis_reason(tmp_path):
    bad = tmp_path / "broken.fit"
    bad.write_bytes(b"\x0e\x10not a fit file at all")
    done = cli("--json", str(bad))
    assert done.returncode == 1
    with pytest.raises(stridewise.ReviewError) as e:
        stridewise.review(bad)
    assert isinstance(e.value, ValueError)
    assert str(bad) in str(e.value)
    # The same line the command line prints after "stridewise: ".
    assert f"stridewise: {e.value}" in done.stderr
    with pytest.raises(stridewise.ReviewError, match="garbage.fit"):
        stridewise.review(b"garbage", name="garbage.fit")


def test_a_folder_without_runs_raises(tmp_path):
    (tmp_path / "notes.txt").write_text("no runs here")
    with pytest.raises(stridewise.ReviewError, match="no runs to review"):
        stridewise.review_folder(tmp_path)


def test_review_folder_is_summary_json(tmp_path):
    out = tmp_path / "report"
    done = cli(SAMPLES, "--out", str(out), "--charts", "none", "--parquet")
    assert done.returncode == 0, done.stderr
    with open(out / "summary.json") as f:
        summary = json.load(f)
    assert stridewise.review_folder(SAMPLES) == summary
    assert stridewise.review_folder(SAMPLES, jobs=1) == summary


def test_runs_table_is_runs_parquet(tmp_path):
    out = tmp_path / "report"
    done = cli(SAMPLES, "--out", str(out), "--charts", "none", "--parquet")
    assert done.returncode == 0, done.stderr
    written = pq.read_table(out / "runs.parquet")
    table = stridewise.runs_table(SAMPLES)
    assert table.schema == written.schema
    assert table.to_pylist() == written.to_pylist()
    assert table.schema.metadata[b"schema_version"] == str(stridewise.PARQUET_SCHEMA_VERSION).encode()
    # The athlete: the folder's name by default, as --parquet names it; or the one given.
    assert set(table["athlete"].to_pylist()) == {os.path.basename(os.path.normpath(SAMPLES))}
    named = stridewise.runs_table([SAMPLES], athlete="ann")
    assert set(named["athlete"].to_pylist()) == {"ann"}
    tables = stridewise.folder_tables(SAMPLES)
    for name in ("findings", "speed_bins"):
        assert tables[name].to_pylist() == pq.read_table(out / f"{name}.parquet").to_pylist()


def test_the_gil_is_released_while_rust_works():
    # While one thread reviews, this one keeps running Python. Were the GIL held through
    # the Rust call, this thread would stand still for the whole review: the longest gap
    # between two of its steps would be about the review's length. (The native call, not
    # the wrapper: json.loads of the result holds the GIL, as any Python does.)
    import threading
    import time

    from stridewise import _native

    folders = sorted(os.path.join(COHORT, d) for d in os.listdir(COHORT)
                     if os.path.isdir(os.path.join(COHORT, d)))
    review = lambda: _native.review_folder(folders, "cohort", 1, False, None)  # noqa: E731
    started = time.perf_counter()
    one = review()
    alone = time.perf_counter() - started
    result = {}
    worker = threading.Thread(target=lambda: result.update(r=review()))
    steps = []
    worker.start()
    while worker.is_alive():
        steps.append(time.perf_counter())
    worker.join()
    assert result["r"] == one
    gaps = [b - a for a, b in zip(steps, steps[1:])]
    assert alone > 0.05, f"the review took {alone:.3f} s: too short to tell"
    assert max(gaps) < alone / 2, (max(gaps), alone)
