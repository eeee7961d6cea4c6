//! Write a generated cohort whose answers are known (issue 28): `DIR/athletes.csv` and one
//! sub-folder per athlete with FIT runs (`DIR/a000/run-00.fit`, ...) and, for every other
//! athlete, a pain log of sore days (`DIR/a001/pain.csv`). Seeded and deterministic: the
//! same arguments write the same bytes. Used by examples/dask_cohort.py and
//! scripts/test-python.sh.
//!
//!     cargo run --example athletes -- DIR --athletes N --runs M [--seed S]
//!
//! Each athlete has an age group and a cadence habit: at an easy speed (2.6–3.0 m/s, their
//! own) they step at their group's cadence (20–34: 174, 35–49: 168, 50–64: 162 steps/min)
//! plus their own offset (±3); every third run is a tempo run 0.8 m/s faster at 8 steps/min
//! more. Runs fall on Monday, Wednesday and Saturday from Monday 2024-01-01, flat, 3 km
//! (easy) or 2.5 km (tempo). An athlete with a pain log is sore (pain 5) on the Sunday of
//! some odd weeks; the week after is cut by 25% (the runs 0.75 as long) or by 10% (0.9),
//! and `athletes.csv` says how many sore weeks and how many 20–30% cuts there are, so a
//! cohort query can be checked against it (`easy_cadence_spm`, `sore_weeks`,
//! `cut_weeks`).

use chrono::{Duration, TimeZone, Utc};
use std::fmt::Write as _;
use std::path::PathBuf;
use stridewise::synth::fit::{encode, FitOptions};
use stridewise::synth::{generate, AltitudeProfile, Scenario, Segment, Until};

/// SplitMix64: a seeded stream of numbers for the athletes' habits (not the runs' noise,
/// which the scenario's own seed drives).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const AGE_GROUPS: [(&str, f64); 3] = [("20-34", 174.0), ("35-49", 168.0), ("50-64", 162.0)];
/// Run days of a week, days after Monday.
const RUN_DAYS: [i64; 3] = [0, 2, 5];
const EASY_M: f64 = 3_000.0;
const TEMPO_M: f64 = 2_500.0;

struct Args {
    dir: PathBuf,
    athletes: usize,
    runs: usize,
    seed: u64,
}

fn args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let mut dir = None;
    let (mut athletes, mut runs, mut seed) = (10, 12, 28);
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .and_then(|v| v.parse::<u64>().ok())
                .ok_or_else(|| format!("{name} needs a whole number"))
        };
        match a.as_str() {
            "--athletes" => {
                athletes = usize::try_from(value("--athletes")?).map_err(|e| e.to_string())?
            }
            "--runs" => runs = usize::try_from(value("--runs")?).map_err(|e| e.to_string())?,
            "--seed" => seed = value("--seed")?,
            _ if dir.is_none() && !a.starts_with('-') => dir = Some(PathBuf::from(a)),
            _ => return Err(format!("unexpected argument {a:?}")),
        }
    }
    let dir = dir.ok_or("no DIR given")?;
    Ok(Args {
        dir,
        athletes,
        runs,
        seed,
    })
}

fn main() -> std::io::Result<()> {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("athletes: {e}\nusage: athletes DIR --athletes N --runs M [--seed S]");
            std::process::exit(2);
        }
    };
    std::fs::create_dir_all(&a.dir)?;
    let monday = Utc
        .with_ymd_and_hms(2024, 1, 1, 12, 0, 0)
        .single()
        .unwrap_or(chrono::DateTime::UNIX_EPOCH);
    let weeks = a.runs.div_ceil(RUN_DAYS.len());
    let mut roster = String::from(
        "athlete,age_group,sex,easy_speed_mps,easy_cadence_spm,pain_log,sore_weeks,cut_weeks\n",
    );
    let mut rng = Rng(a.seed);
    for i in 0..a.athletes {
        let id = format!("a{i:03}");
        let (group, group_spm) = AGE_GROUPS[i % AGE_GROUPS.len()];
        let sex = if (i / AGE_GROUPS.len()).is_multiple_of(2) {
            "F"
        } else {
            "M"
        };
        let easy_speed = 2.6 + 0.4 * rng.unit();
        let easy_spm = group_spm + (rng.unit() * 6.0 - 3.0);
        let has_pain = i % 2 == 1;
        // Per week: how much of the usual distance is run (1.0; 0.75 or 0.9 after a sore week).
        let mut scale = vec![1.0; weeks];
        let mut sore = Vec::new();
        let mut cuts = 0;
        if has_pain {
            for w in (1..weeks.saturating_sub(1)).step_by(2) {
                if rng.unit() < 0.7 {
                    sore.push(w);
                    if rng.unit() < 0.5 {
                        scale[w + 1] = 0.75;
                        cuts += 1;
                    } else {
                        scale[w + 1] = 0.9;
                    }
                }
            }
        }
        let folder = a.dir.join(&id);
        std::fs::create_dir_all(&folder)?;
        for k in 0..a.runs {
            let (week, slot) = (k / RUN_DAYS.len(), k % RUN_DAYS.len());
            let tempo = slot == 1;
            let (speed, spm, m) = if tempo {
                (easy_speed + 0.8, easy_spm + 8.0, TEMPO_M)
            } else {
                (easy_speed, easy_spm, EASY_M)
            };
            let end = m * scale[week];
            let mut s = Scenario::hilly_10k();
            s.name = format!("run-{k:02}");
            s.start =
                monday + Duration::days(7 * i64::try_from(week).unwrap_or(0) + RUN_DAYS[slot]);
            s.pauses.clear();
            s.dynamics = None;
            s.altitude = Some(AltitudeProfile {
                points: vec![(0.0, 100.0), (end, 100.0)],
            });
            s.segments = vec![Segment::run(
                if tempo { "tempo" } else { "easy" },
                Until::DistanceM(end),
                speed,
                spm,
            )];
            s.seed = a.seed.wrapping_mul(1_000_003) ^ ((i as u64) << 20) ^ k as u64;
            match generate(&s) {
                Ok(run) => std::fs::write(
                    folder.join(format!("{}.fit", s.name)),
                    encode(&run, &FitOptions::default()),
                )?,
                Err(e) => {
                    eprintln!("athletes: {id} run {k}: {e}");
                    std::process::exit(1);
                }
            }
        }
        if has_pain {
            let mut log = String::from("date,pain,note\n");
            for w in &sore {
                let day =
                    (monday + Duration::days(7 * i64::try_from(*w).unwrap_or(0) + 6)).date_naive();
                let _ = writeln!(log, "{day},5,sore after the week");
            }
            std::fs::write(folder.join("pain.csv"), log)?;
        }
        let _ = writeln!(
            roster,
            "{id},{group},{sex},{easy_speed:.3},{easy_spm:.2},{},{},{cuts}",
            if has_pain { "pain.csv" } else { "" },
            sore.len()
        );
    }
    std::fs::write(a.dir.join("athletes.csv"), roster)
}
