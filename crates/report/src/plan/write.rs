//! Writing a plan folder: `plan.html`, `plan.json`, `workouts/*.fit` and `audio/*.wav`.
//! The whole plan is built in a staging folder (`.stridewise-new-PID`, through the
//! folder's handle: `report::outdir::Staging`) and committed at one point, as a report
//! is: `workouts/` and `audio/` swapped in whole, then `plan.json`, then `plan.html`. A
//! write that fails anywhere before the commit (while the audio is written, say) leaves
//! the previous plan whole, and files of an earlier, longer plan never mix with the new
//! ones. The folder is checked like a report folder (`report::report_dir`): it may not be
//! or hold an input, it is claimed before the review, and only the entries stridewise
//! wrote there (its manifest) are replaced.

use super::audio::{self, Track};
use super::json::{strength_file, workout_file};
use super::{html, metronome, workout, Plan};
use crate::outdir;
use crate::render::Renderer;
use crate::report_dir::ReportDir;
use anyhow::Context;
use std::io::{self, BufWriter, Write};
use stridewise_engine::units::UnitSystem;

/// The small files of the plan folder (workouts, `plan.json`, `plan.html`): (path relative
/// to the folder, bytes). The click tracks are streamed to disk instead ([`write()`]).
///
/// # Errors
/// A workout that cannot be encoded, or `plan.json` that cannot be formatted.
pub fn files(p: &Plan, u: UnitSystem) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    for w in &p.weeks {
        for r in &w.runs {
            let mut fit = Vec::new();
            workout::Workout
                .render(&(w, r), &mut fit)
                .context("cannot encode a workout")?;
            out.push((workout_file(w.number, r.number), fit));
        }
        for s in &w.strength {
            let mut fit = Vec::new();
            workout::StrengthWorkout
                .render(&(w, s), &mut fit)
                .context("cannot encode a workout")?;
            out.push((strength_file(w.number, s.number), fit));
        }
    }
    let json: &dyn Renderer<Plan> = &super::json::Json;
    for (name, r) in [("plan.json", json), ("plan.html", &html::Page { units: u })] {
        let mut bytes = Vec::new();
        r.render(p, &mut bytes)
            .with_context(|| format!("cannot format {name}"))?;
        out.push((name.into(), bytes));
    }
    Ok(out)
}

/// Stream one click track into `folder` (the staging `audio/`), atomically, and check the
/// written size against the size the plan states.
fn write_track(folder: &cap_std::fs::Dir, t: &Track) -> io::Result<()> {
    let file = t.file();
    let name = outdir::safe_component(file.trim_start_matches("audio/"));
    outdir::write_atomic_with(folder, &name, |f| {
        let mut buf = BufWriter::with_capacity(64 * 1024, &mut *f);
        let written =
            metronome::write_track(&mut buf, t.spm, &t.stretches()).map_err(io::Error::other)?;
        buf.flush()?;
        drop(buf);
        let on_disk = f.metadata()?.len();
        if written != t.bytes() || on_disk != t.bytes() {
            return Err(io::Error::other(format!(
                "{file}: {on_disk} bytes written, the plan states {}",
                t.bytes()
            )));
        }
        Ok(())
    })
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
        if sub == "audio" {
            // Streamed in blocks, one track per target and pattern (`audio`).
            for t in audio::tracks(p) {
                write_track(&folder, &t).with_context(ctx)?;
            }
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
