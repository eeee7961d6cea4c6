#!/usr/bin/env python3
"""The --parquet files read by two independent readers, pyarrow and DuckDB, and compared
with the same report's summary.json (run by scripts/test-python.sh).

    python scripts/check-parquet.py REPORT_DIR

REPORT_DIR is a report folder written with `--parquet --parquet-samples`. Checks: every
file's schema_version and table metadata; both readers give the same rows; runs.parquet
against summary.json's runs (path, start, distance, cadence, codes, ...); findings.parquet
against each run's final warnings and the folder's findings (code, severity, message,
evidence); the personal baseline refitted in DuckDB from speed_bins.parquet (a group-by and
a weighted least-squares line, docs/PARQUET.md) against summary.json's baseline;
samples.parquet's row count and first time against each run. Exits 1 on the first
difference, naming it.
"""

import datetime as dt
import json
import math
import os
import sys

import duckdb
import pyarrow.parquet as pq

SCHEMA_VERSION = "1"
TABLES = ("runs", "findings", "speed_bins", "samples")


def fail(msg):
    print(f"check-parquet: {msg}", file=sys.stderr)
    sys.exit(1)


def close(a, b, tol=1e-9):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def rounds_to(got, want, digits):
    """`want` is `got` rounded to `digits` decimals (Rust rounds halves away from zero,
    Python's round() to even, so compare by distance)."""
    if got is None or want is None:
        return got is None and want is None
    return abs(got - want) <= 0.5 * 10 ** -digits + 1e-9


def normal(v):
    """A value as both readers can agree on it (timestamps to UTC instants, maps to dicts)."""
    if isinstance(v, dt.datetime):
        return v.astimezone(dt.timezone.utc) if v.tzinfo else v.replace(tzinfo=dt.timezone.utc)
    if isinstance(v, list) and v and isinstance(v[0], tuple):
        return dict(v)
    if isinstance(v, dict) and set(v) == {"key", "value"}:
        return dict(zip(v["key"], v["value"]))
    if isinstance(v, list):
        return [normal(x) for x in v]
    return v


def rows_pyarrow(path):
    t = pq.read_table(path)
    return t, [{k: normal(v) for k, v in r.items()} for r in t.to_pylist()]


def rows_duckdb(con, path):
    rel = con.sql(f"SELECT * FROM read_parquet('{path}')")
    cols = rel.columns
    return [{c: normal(v) for c, v in zip(cols, r)} for r in rel.fetchall()]


def main(report):
    with open(os.path.join(report, "summary.json")) as f:
        summary = json.load(f)
    con = duckdb.connect()
    con.sql("SET TimeZone = 'UTC'")
    rows = {}
    for name in TABLES:
        path = os.path.join(report, f"{name}.parquet")
        if not os.path.exists(path):
            fail(f"{path} is missing")
        table, by_arrow = rows_pyarrow(path)
        meta = table.schema.metadata or {}
        if meta.get(b"schema_version") != SCHEMA_VERSION.encode() or meta.get(b"table") != name.encode():
            fail(f"{path}: metadata {meta}")
        kv = dict(con.sql(f"SELECT decode(key), decode(value) FROM parquet_kv_metadata('{path}')").fetchall())
        if kv.get("schema_version") != SCHEMA_VERSION:
            fail(f"{path}: DuckDB reads schema_version {kv.get('schema_version')!r}")
        by_duck = rows_duckdb(con, path)
        if by_arrow != by_duck:
            for i, (a, b) in enumerate(zip(by_arrow, by_duck)):
                if a != b:
                    fail(f"{path} row {i}: pyarrow {a} != duckdb {b}")
            fail(f"{path}: pyarrow {len(by_arrow)} rows, duckdb {len(by_duck)}")
        rows[name] = by_arrow

    runs = summary["runs"]
    if len(rows["runs"]) != len(runs):
        fail(f"runs.parquet has {len(rows['runs'])} rows, summary.json {len(runs)} runs")
    for i, (p, j) in enumerate(zip(rows["runs"], runs)):
        s = j["summary"]
        want_start = dt.datetime.fromisoformat(j["start_time"].replace("Z", "+00:00")) if j["start_time"] else None
        checks = [
            ("run_index", p["run_index"], i),
            ("path", p["path"], j["source"]["path"]),
            ("name", p["name"], j["name"]),
            ("start_time", p["start_time"], want_start),
            ("utc_offset_s", p["utc_offset_s"], j["utc_offset_s"]),
            ("warning_codes", p["warning_codes"], s["warning_codes"]),
            ("walk_breaks", p["walk_breaks"], s["walk_breaks"]),
        ]
        for col, got, want in checks:
            if got != want:
                fail(f"runs.parquet row {i} {col}: {got!r}, summary.json {want!r}")
        # summary.json rounds (1 decimal for cadence, 3 for step length, ...); the Parquet
        # figure is the unrounded one.
        for col, digits in (("cadence_spm", 1), ("cadence_in_band_pct", 1), ("step_length_m", 3),
                            ("gain_m", 1), ("loss_m", 1), ("hill_share_pct", 1),
                            ("drift_pct", 2), ("decoupling_pct", 2), ("pace_s_per_km", 1),
                            ("gap_s_per_km", 1)):
            got, want = p[col], s[col]
            if not rounds_to(got, want, digits):
                fail(f"runs.parquet row {i} {col}: {got!r}, summary.json {want!r}")
        dist = p["distance_km"]
        if not rounds_to(dist * 1000 if dist is not None else None, j["distance_m"], 1):
            fail(f"runs.parquet row {i} distance_km: {p['distance_km']}, summary.json {j['distance_m']} m")

    def finding(w):
        ev = {k: v for k, v in w["evidence"].items() if k != "basis"}
        return (w["code"], w["severity"], w["message"], w["evidence"].get("basis"), ev)

    want = [(i, finding(w)) for i, j in enumerate(runs) for w in j["summary"]["warnings"]]
    want += [(None, finding(w)) for w in summary["findings"]]
    got = [(f["run_index"], (f["code"], f["severity"], f["message"], f["basis"], f["evidence"]))
           for f in rows["findings"]]
    if got != want:
        for a, b in zip(got, want):
            if a != b:
                fail(f"findings.parquet {a} != summary.json {b}")
        fail(f"findings.parquet has {len(got)} findings, summary.json {len(want)}")
    for f in rows["findings"]:
        scope = "run" if f["run_index"] is not None else "folder"
        if f["scope"] != scope or (scope == "run" and f["path"] != runs[f["run_index"]]["source"]["path"]):
            fail(f"findings.parquet: scope/path of {f}")

    # The personal baseline as a group-by: the bins summed over the runs, each with 30 s
    # or more a point (speed = distance / time, cadence = cadence_time / time), then a
    # line by weighted least squares (docs/PARQUET.md, "speed_bins.parquet").
    base = summary.get("baseline")
    fitted = con.sql(f"""
        WITH points AS (
          SELECT sum(distance_m) / sum(time_s) AS v, sum(cadence_time) / sum(time_s) AS c,
                 sum(time_s) AS w
          FROM read_parquet('{os.path.join(report, 'speed_bins.parquet')}')
          GROUP BY bin HAVING sum(time_s) >= 30 AND sum(steps) > 0),
        means AS (SELECT sum(w * v) / sum(w) AS mv, sum(w * c) / sum(w) AS mc, sum(w) AS sw FROM points)
        SELECT sum(w * (v - mv) * (c - mc)) / sum(w * (v - mv) * (v - mv)) AS slope,
               any_value(mc) - sum(w * (v - mv) * (c - mc)) / sum(w * (v - mv) * (v - mv)) * any_value(mv) AS intercept,
               any_value(sw) AS running_time_s, min(v) AS v_min, max(v) AS v_max
        FROM points, means""").fetchall()[0]
    if base is not None:
        line = base["baseline"]["cadence_at_speed"]
        pairs = [("slope", fitted[0], line["slope"]), ("intercept", fitted[1], line["intercept"]),
                 ("running_time_s", fitted[2], base["running_time_s"]),
                 ("speed_min", fitted[3], base["speed_range_mps"][0]),
                 ("speed_max", fitted[4], base["speed_range_mps"][1])]
        for what, got_v, want_v in pairs:
            if not close(got_v, want_v, 1e-6):
                fail(f"baseline {what} from speed_bins.parquet: {got_v}, summary.json {want_v}")
    # Every run's binned time is running time within its moving time.
    per_run = dict(con.sql(f"SELECT run_index, sum(time_s) FROM read_parquet('{os.path.join(report, 'speed_bins.parquet')}') GROUP BY ALL").fetchall())
    for i, j in enumerate(runs):
        if per_run.get(i, 0.0) > (j["moving_s"] or 0.0) + 1.0:
            fail(f"speed_bins.parquet: run {i} has {per_run[i]} s binned, moving {j['moving_s']} s")

    counts = dict(con.sql(f"SELECT run_index, count(*) FROM read_parquet('{os.path.join(report, 'samples.parquet')}') GROUP BY ALL").fetchall())
    firsts = dict(con.sql(f"SELECT run_index, min(time) FROM read_parquet('{os.path.join(report, 'samples.parquet')}') GROUP BY ALL").fetchall())
    for i, j in enumerate(runs):
        if counts.get(i) != j["samples"]:
            fail(f"samples.parquet: run {i} has {counts.get(i)} samples, summary.json {j['samples']}")
        if j["start_time"] is not None:
            start = dt.datetime.fromisoformat(j["start_time"].replace("Z", "+00:00"))
            if normal(firsts[i]) != start:
                fail(f"samples.parquet: run {i} starts {firsts[i]}, summary.json {start}")
    print(f"check-parquet: {report}: {len(runs)} runs, {len(rows['findings'])} findings, "
          f"{len(rows['speed_bins'])} speed bins, {len(rows['samples'])} samples: pyarrow and "
          f"DuckDB agree with summary.json" + ("" if base is None else ", baseline refitted"))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1])
