#!/usr/bin/env python3
"""A cohort of athletes reviewed on Dask, then asked two questions with DuckDB (issue 28).

    python examples/dask_cohort.py COHORT OUT [--scheduler ADDRESS] [--workers N] [--check]

COHORT is a folder of athletes as `cargo run --example athletes` writes it: one sub-folder
per athlete (their recorded runs, and `pain.csv`, a pain log, when they keep one) and
`athletes.csv` (athlete, age_group, sex, ...). One Dask task per athlete calls the
`stridewise` Python package (the Rust engine, the GIL released) and writes that athlete's
tables into ONE Parquet dataset:

    OUT/runs/ATHLETE.parquet        runs.parquet's columns (docs/PARQUET.md)
    OUT/findings/ATHLETE.parquet    findings.parquet's
    OUT/speed_bins/ATHLETE.parquet  speed_bins.parquet's
    OUT/pain/ATHLETE.parquet        the pain log: athlete, date, pain
    OUT/athletes.parquet            athletes.csv

Without --scheduler a LocalCluster of --workers processes (one thread each) runs the tasks;
with it, the same code runs on that cluster (the workers need the package installed and
COHORT and OUT on a file system they all see). Then DuckDB answers:

  (a) cadence at easy pace (speed bins centred 2.5-3.2 m/s, flat running) by age group:
      the time-weighted mean of the bins, sum(cadence_time) / sum(time_s);
  (b) the share of sore weeks (a pain-log day of pain >= 4) whose next week's distance was
      cut by 20-30%.

--check compares both answers with the generator's truth in athletes.csv and exits 1 when
they differ (scripts/test-python.sh runs it).
"""

import argparse
import csv
import os
import sys
import time

# A sore day: pain of 4 or more out of 10 (the pain log's scale, docs/GUIDE.md).
SORE_PAIN = 4
# Easy pace: 2.5-3.2 m/s (5:13-6:40 per km), where the generated athletes run their easy runs.
EASY_LOW_MPS, EASY_HIGH_MPS = 2.5, 3.2


def review_athlete(folder: str, out: str) -> dict:
    """One task: review one athlete's folder and write their tables into the dataset."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    import stridewise

    athlete = os.path.basename(os.path.normpath(folder))
    pain_log = os.path.join(folder, "pain.csv")
    has_pain = os.path.exists(pain_log)
    started = time.perf_counter()
    # One thread per task: Dask runs the tasks side by side.
    tables = stridewise.folder_tables(folder, athlete=athlete, jobs=1,
                                      pain_log=pain_log if has_pain else None)
    seconds = time.perf_counter() - started
    if has_pain:
        log = pacsv.read_csv(pain_log, convert_options=pacsv.ConvertOptions(
            column_types={"date": pa.date32(), "pain": pa.int32(), "note": pa.string()}))
        tables["pain"] = pa.table({
            "athlete": pa.array([athlete] * log.num_rows, pa.string()),
            "date": log["date"],
            "pain": log["pain"],
        })
    for name in ("runs", "findings", "speed_bins", "pain"):
        if name not in tables:
            continue
        folder_out = os.path.join(out, name)
        os.makedirs(folder_out, exist_ok=True)
        # Written beside, then renamed: a reader never sees half a file.
        tmp = os.path.join(folder_out, f".{athlete}.parquet.tmp-{os.getpid()}")
        pq.write_table(tables[name], tmp)
        os.replace(tmp, os.path.join(folder_out, f"{athlete}.parquet"))
    return {"athlete": athlete, "files": tables["summary"]["files"],
            "runs": tables["runs"].num_rows, "seconds": seconds}


def athletes_table(cohort: str, out: str):
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    roster = pacsv.read_csv(os.path.join(cohort, "athletes.csv"))
    pq.write_table(roster, os.path.join(out, "athletes.parquet"))
    return [os.path.join(cohort, a) for a in roster["athlete"].to_pylist()]


def run_tasks(folders, out, scheduler, workers):
    from dask.distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        started = time.perf_counter()
        futures = client.map(review_athlete, folders, out=out, pure=False)
        results = client.gather(futures)
        elapsed = time.perf_counter() - started
        n_workers = len(client.scheduler_info()["workers"])
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return results, elapsed, n_workers


CADENCE_BY_AGE = f"""
SELECT a.age_group,
       count(DISTINCT b.athlete) AS athletes,
       round(sum(b.time_s) / 3600, 2) AS hours,
       round(sum(b.cadence_time) / sum(b.time_s), 1) AS easy_cadence_spm
FROM read_parquet('{{out}}/speed_bins/*.parquet') b
JOIN read_parquet('{{out}}/athletes.parquet') a USING (athlete)
WHERE (b.speed_low_mps + b.speed_high_mps) / 2 BETWEEN {EASY_LOW_MPS} AND {EASY_HIGH_MPS}
GROUP BY a.age_group
ORDER BY a.age_group
"""

CUTS_AFTER_SORE = f"""
WITH weekly AS (
  SELECT athlete, date_trunc('week', date) AS week, sum(distance_km) AS km
  FROM read_parquet('{{out}}/runs/*.parquet')
  GROUP BY ALL),
sore AS (
  SELECT DISTINCT athlete, date_trunc('week', date) AS week
  FROM read_parquet('{{out}}/pain/*.parquet')
  WHERE pain >= {SORE_PAIN}),
after AS (
  SELECT s.athlete, s.week, 100 * (1 - w1.km / w0.km) AS cut_pct
  FROM sore s
  JOIN weekly w0 ON w0.athlete = s.athlete AND w0.week = s.week
  JOIN weekly w1 ON w1.athlete = s.athlete AND w1.week = s.week + INTERVAL 7 DAY)
SELECT count(*) AS sore_weeks,
       count(*) FILTER (WHERE cut_pct BETWEEN 20 AND 30) AS cut_20_30,
       round(100.0 * count(*) FILTER (WHERE cut_pct BETWEEN 20 AND 30)
             / nullif(count(*), 0), 1) AS share_pct
FROM after
"""


def answer(out: str):
    import duckdb

    con = duckdb.connect()
    has_pain = os.path.isdir(os.path.join(out, "pain"))
    cadence = con.sql(CADENCE_BY_AGE.format(out=out))
    print("(a) cadence at easy pace by age group")
    print(cadence)
    cuts = None
    if has_pain:
        cuts = con.sql(CUTS_AFTER_SORE.format(out=out))
        print("(b) weeks cut 20-30% after a sore day")
        print(cuts)
    else:
        print("(b) no pain logs in the cohort")
    return cadence.fetchall(), (cuts.fetchall()[0] if cuts is not None else None)


def check(cohort: str, cadence_rows, cuts_row) -> list:
    """The answers against the generator's truth (athletes.csv); the problems found."""
    with open(os.path.join(cohort, "athletes.csv"), newline="") as f:
        roster = list(csv.DictReader(f))
    problems = []
    # (a) Each athlete's easy runs step at easy_cadence_spm; their weight in the group's
    # time-weighted mean is their easy running time, distance / speed.
    truth = {}
    for r in roster:
        w = 1.0 / float(r["easy_speed_mps"])
        s, n = truth.get(r["age_group"], (0.0, 0.0))
        truth[r["age_group"]] = (s + w * float(r["easy_cadence_spm"]), n + w)
    got = {row[0]: row[3] for row in cadence_rows}
    if set(got) != set(truth):
        problems.append(f"(a) age groups {sorted(got)} != {sorted(truth)}")
    for group, (s, n) in truth.items():
        want = s / n
        if group in got and abs(got[group] - want) > 1.5:
            problems.append(f"(a) {group}: {got[group]} spm, the generator's {want:.1f}")
    # (b) Every sore week is followed by a 25% cut (in the band) or a 10% one (not).
    sore = sum(int(r["sore_weeks"]) for r in roster)
    cut = sum(int(r["cut_weeks"]) for r in roster)
    if sore and cuts_row is None:
        problems.append("(b) no answer, but the generator wrote sore weeks")
    elif cuts_row is not None and (cuts_row[0], cuts_row[1]) != (sore, cut):
        problems.append(f"(b) {cuts_row[1]} of {cuts_row[0]} sore weeks cut 20-30%, "
                        f"the generator's {cut} of {sore}")
    return problems


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("cohort", help="folder of athletes (cargo run --example athletes)")
    p.add_argument("out", help="folder of the Parquet dataset")
    p.add_argument("--scheduler", help="a Dask scheduler's address (default: a LocalCluster)")
    p.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    p.add_argument("--check", action="store_true",
                   help="compare the answers with the generator's truth (athletes.csv)")
    a = p.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    folders = athletes_table(a.cohort, a.out)
    results, elapsed, workers = run_tasks(folders, a.out, a.scheduler, a.workers)
    files = sum(r["files"] for r in results)
    runs = sum(r["runs"] for r in results)
    print(f"{len(results)} athletes, {files} files, {runs} runs in {elapsed:.1f} s on "
          f"{workers} worker(s): {files / elapsed:.1f} files/s, "
          f"{files / elapsed / workers:.1f} files/s per worker")
    cadence_rows, cuts_row = answer(a.out)
    if a.check:
        problems = check(a.cohort, cadence_rows, cuts_row)
        for problem in problems:
            print(f"dask_cohort: {problem}", file=sys.stderr)
        if problems:
            return 1
        print("dask_cohort: both answers match the generator's truth")
    return 0


if __name__ == "__main__":
    sys.exit(main())
