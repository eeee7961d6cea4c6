//! Writing a plan folder: `plan.html`, `plan.json`, `workouts/*.fit` and `audio/*.wav`.
//! Files are written atomically (`report::outdir::write_atomic`); `workouts/` and
//! `audio/` are replaced as a whole (`report::outdir::replace_dir`), so files of an
//! earlier, longer plan never mix with the new ones. The folder is checked like a
//! report folder (`report::report_dir`): it may not be or hold an input, and only the
//! entries stridewise wrote there (its manifest) are replaced.

use super::json::{audio_file, workout_file, PlanDoc};
use super::metronome::{click_track, Stretch};
use super::{html, workout, Plan, PlannedRun};
use crate::report::outdir;
use crate::report::report_dir::ReportDir;
use crate::units::UnitSystem;
use anyhow::Context;
use std::path::{Path, PathBuf};

/// The stretches of a run's click track: clicking while running, silent while walking.
#[must_use]
pub fn stretches(r: &PlannedRun) -> Vec<Stretch> {
    match r.run_walk {
        Some(rw) => {
            let mut v = Vec::new();
            for _ in 0..rw.repeats {
                v.push(Stretch {
                    seconds: rw.run_s,
                    clicking: true,
                });
                v.push(Stretch {
                    seconds: rw.walk_s,
                    clicking: false,
                });
            }
            if rw.tail_run_s > 0 {
                v.push(Stretch {
                    seconds: rw.tail_run_s,
                    clicking: true,
                });
            }
            v
        }
        None => vec![Stretch {
            seconds: r.duration_s,
            clicking: true,
        }],
    }
}

/// Every file of the plan folder: (path relative to the folder, bytes).
///
/// # Errors
/// A workout or click track that cannot be encoded.
pub fn files(p: &Plan, u: UnitSystem) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    for w in &p.weeks {
        for r in &w.runs {
            let fit = workout::encode(w, r).context("cannot encode a workout")?;
            out.push((workout_file(w.number, r.number), fit));
        }
        if let Some(r) = w.runs.iter().find(|r| r.metronome) {
            let wav = click_track(w.target_spm, &stretches(r))
                .with_context(|| format!("cannot write the click track of week {}", w.number))?;
            out.push((audio_file(w.number, w.target_spm), wav));
        }
    }
    let mut json =
        serde_json::to_vec_pretty(&PlanDoc::new(p)).context("cannot format plan.json")?;
    json.push(b'\n');
    out.push(("plan.json".into(), json));
    out.push(("plan.html".into(), html::page(p, u).into_bytes()));
    Ok(out)
}

/// Write the plan folder.
///
/// # Errors
/// A folder that is or holds one of `inputs`, holds entries stridewise did not write, or
/// cannot be written.
pub fn write(dir: &Path, inputs: &[PathBuf], p: &Plan, u: UnitSystem) -> anyhow::Result<()> {
    let all = files(p, u)?;
    let ctx = || format!("cannot write the plan into {}", dir.display());
    let mut out = ReportDir::open(dir, inputs)?;
    out.claim(["plan.json", "plan.html", "workouts", "audio"])?;
    for sub in ["workouts", "audio"] {
        let prefix = format!("{sub}/");
        let inside: Vec<(String, Vec<u8>)> = all
            .iter()
            .filter_map(|(n, b)| n.strip_prefix(&prefix).map(|f| (f.to_string(), b.clone())))
            .collect();
        outdir::replace_dir(dir, sub, &inside).with_context(ctx)?;
    }
    for (name, bytes) in all.iter().filter(|(n, _)| !n.contains('/')) {
        outdir::write_atomic(&dir.join(name), bytes).with_context(ctx)?;
    }
    Ok(())
}
