//! Writing a plan folder: `plan.html`, `plan.json`, `workouts/*.fit` and `audio/*.wav`.
//! The whole plan is built in a staging folder (`.stridewise-new-PID`, through the
//! folder's handle: `report::outdir::Staging`) and committed at one point, as a report
//! is: `workouts/` and `audio/` swapped in whole, then `plan.json`, then `plan.html`. A
//! write that fails anywhere before the commit (while the audio is written, say) leaves
//! the previous plan whole, and files of an earlier, longer plan never mix with the new
//! ones. The folder is checked like a report folder (`report::report_dir`): it may not be
//! or hold an input, it is claimed before the review, and only the entries stridewise
//! wrote there (its manifest) are replaced.

use super::json::{audio_file, workout_file, PlanDoc};
use super::metronome::{click_track, Stretch};
use super::{html, workout, Plan, PlannedRun};
use crate::report::outdir;
use crate::report::report_dir::ReportDir;
use crate::units::UnitSystem;
use anyhow::Context;

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

/// The plan folder's entries: its two folders, then its files in commit order (the page
/// last).
const FOLDERS: [&str; 2] = ["workouts", "audio"];
const FILES: [&str; 2] = ["plan.json", "plan.html"];

/// Write the plan folder `dir` (opened and claimed by the caller before the review).
///
/// # Errors
/// A folder that holds entries stridewise did not write, or cannot be written.
pub fn write(dir: &mut ReportDir, p: &Plan, u: UnitSystem) -> anyhow::Result<()> {
    let all = files(p, u)?;
    let shown = dir.path().display().to_string();
    let ctx = || format!("cannot write the plan into {shown}");
    let entries = FOLDERS.iter().chain(&FILES).copied();
    dir.check(entries.clone())?;
    let staging = outdir::Staging::create(
        dir.handle(),
        &format!(".stridewise-new-{}", std::process::id()),
    )
    .with_context(ctx)?;
    let staged = staging.dir();
    for sub in FOLDERS {
        staged.create_dir(sub).with_context(ctx)?;
        let folder = staged.open_dir(sub).with_context(ctx)?;
        let prefix = format!("{sub}/");
        for (name, bytes) in all
            .iter()
            .filter_map(|(n, b)| n.strip_prefix(&prefix).map(|f| (f, b)))
        {
            outdir::write_atomic(&folder, &outdir::safe_component(name), bytes)
                .with_context(ctx)?;
        }
    }
    for (name, bytes) in all.iter().filter(|(n, _)| !n.contains('/')) {
        outdir::write_atomic(staged, name, bytes).with_context(ctx)?;
    }
    // The commit point: the manifest names the entries, then they are put in place.
    dir.record(entries)?;
    staging.commit(&FOLDERS, &FILES).with_context(ctx)?;
    Ok(())
}
