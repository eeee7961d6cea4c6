//! `stridewise inspect` as a human table: what was read from each file, and the
//! device's own summary beside our figures.

use super::sanitize::terminal;
use std::io::{self, Write};
use stridewise_engine::analysis::totals::Totals;
use stridewise_engine::model::Activity;
use stridewise_engine::units::{format_duration, UnitSystem};

/// One session read from one file.
pub struct Inspected<'a> {
    /// Path as the user gave it.
    pub path: &'a str,
    /// The activity.
    pub activity: &'a Activity,
    /// Its totals.
    pub totals: &'a Totals,
}

fn pct(a: &Activity, has: impl Fn(&stridewise_engine::model::Sample) -> bool) -> String {
    if a.samples.is_empty() {
        return "0%".into();
    }
    let share = 100.0 * a.samples.iter().filter(|s| has(s)).count() as f64 / a.samples.len() as f64;
    format!("{share:.0}%")
}

fn opt<T>(v: Option<T>, f: impl Fn(T) -> String) -> String {
    v.map_or_else(|| "-".to_string(), f)
}

/// Render every inspected session.
///
/// # Errors
/// I/O errors of the writer.
pub fn write(items: &[Inspected<'_>], units: UnitSystem, out: &mut impl Write) -> io::Result<()> {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_one(item, units, out)?;
    }
    Ok(())
}

/// Render one inspected session (what [`write()`] prints for each, without the blank line
/// between them), so that a caller can write each session as soon as it is read.
///
/// # Errors
/// I/O errors of the writer.
pub fn write_one(item: &Inspected<'_>, units: UnitSystem, out: &mut impl Write) -> io::Result<()> {
    let a = item.activity;
    let t = item.totals;
    let dist = |m: f64| format!("{:.2} {}", units.distance(m), units.distance_label());
    let session = a
        .session
        .map(|s| format!("  (session {s})"))
        .unwrap_or_default();
    writeln!(out, "{}{session}", terminal(item.path))?;
    let compression = match a.compression {
        stridewise_engine::model::Compression::Gzip => ", gzip",
        stridewise_engine::model::Compression::None => "",
    };
    writeln!(
        out,
        "  format      {}{compression}",
        a.format.to_string().to_uppercase()
    )?;
    writeln!(
        out,
        "  device      {}",
        a.device
            .describe()
            .map_or_else(|| "-".into(), |d| terminal(&d))
    )?;
    if let Some(name) = &a.name {
        writeln!(out, "  name        {}", terminal(name))?;
    }
    let sub = a
        .sub_sport
        .as_deref()
        .map(|s| format!(" / {}", terminal(s)))
        .unwrap_or_default();
    writeln!(out, "  sport       {}{sub}", a.sport)?;
    writeln!(
        out,
        "  start       {}",
        opt(a.start_time, |s| s
            .format("%Y-%m-%d %H:%M:%S UTC")
            .to_string())
    )?;
    let paused: f64 = a
        .pauses
        .iter()
        .map(stridewise_engine::model::Pause::duration_s)
        .sum();
    writeln!(
        out,
        "  samples     {}   pauses {} ({})",
        a.samples.len(),
        a.pauses.len(),
        format_duration(paused)
    )?;
    writeln!(
        out,
        "  channels    time {}  position {}  altitude {} ({})  heart rate {}  cadence {}  speed {}  dynamics {}",
        pct(a, |s| s.t_s.is_some()),
        pct(a, |s| s.lat_deg.is_some()),
        pct(a, |s| s.altitude_m.is_some()),
        a.altitude_source.as_str(),
        pct(a, |s| s.heart_rate_bpm.is_some()),
        pct(a, |s| s.cadence.is_some()),
        pct(a, |s| s.speed.is_some()),
        pct(a, |s| s.stance_time_ms.is_some() || s.vertical_oscillation_mm.is_some()),
    )?;
    writeln!(
        out,
        "  cadence     {}: {}",
        a.cadence_source.as_str(),
        terminal(&a.cadence_reason)
    )?;
    let dev = a.summary.as_ref();
    writeln!(out, "  {:<20}{:>14}{:>14}", "", "ours", "device")?;
    let row = |out: &mut dyn Write, label: &str, ours: String, device: String| {
        writeln!(out, "  {label:<20}{ours:>14}{device:>14}")
    };
    row(
        out,
        "distance",
        opt(t.distance_m, dist),
        opt(dev.and_then(|d| d.distance_m), dist),
    )?;
    row(
        out,
        "moving (timer) time",
        opt(t.moving_s, format_duration),
        opt(dev.and_then(|d| d.timer_s), format_duration),
    )?;
    row(
        out,
        "elapsed time",
        opt(t.elapsed_s, format_duration),
        opt(dev.and_then(|d| d.elapsed_s), format_duration),
    )?;
    let spm = |c: f64| format!("{c:.1} spm");
    row(
        out,
        "avg cadence",
        opt(t.avg_cadence.map(|c| c.0), spm),
        String::new(),
    )?;
    row(
        out,
        "  as devices count",
        opt(t.device_method_cadence.map(|c| c.0), spm),
        opt(dev.and_then(|d| d.avg_cadence_spm), spm),
    )?;
    for note in &a.notes {
        writeln!(out, "  note        {}", terminal(note))?;
    }
    Ok(())
}
