//! The terminal summary of a reviewed run: short enough to read in ten seconds, every
//! number in the chosen unit system, colour only when asked for (a TTY without
//! `NO_COLOR`).

use super::sanitize::terminal;
use std::io::{self, Write};
use stridewise_engine::coach::review::Review;
use stridewise_engine::coach::warning::{Severity, NOT_MEDICAL_ADVICE};
use stridewise_engine::model::Activity;
use stridewise_engine::units::{format_duration, MetersPerSecond, UnitSystem};

/// How to render.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Unit system.
    pub units: UnitSystem,
    /// ANSI colour for severities.
    pub color: bool,
}

/// The terminal text of files named one by one (stdout without `--json`): each run's
/// block, then the line that this is not medical advice.
pub struct Text {
    /// ANSI colour for severities.
    pub color: bool,
}

impl crate::render::Renderer<crate::render::Analyzed<'_>> for Text {
    fn render(&self, a: &crate::render::Analyzed<'_>, mut out: &mut dyn Write) -> io::Result<()> {
        let style = Style {
            units: a.units,
            color: self.color,
        };
        let items: Vec<Reviewed<'_>> = a
            .runs
            .iter()
            .map(|r| Reviewed {
                path: &r.path,
                activity: &r.activity,
                review: &r.review,
            })
            .collect();
        write(&items, style, &mut out)
    }
}

/// One reviewed run.
pub struct Reviewed<'a> {
    /// Path as given.
    pub path: &'a str,
    /// The activity.
    pub activity: &'a Activity,
    /// Its review.
    pub review: &'a Review,
}

fn pace(speed_mps: f64, u: UnitSystem) -> String {
    MetersPerSecond(speed_mps).pace().map_or_else(
        || "-".into(),
        |p| format!("{}{}", p.format(u), u.pace_label()),
    )
}

fn pace_s_per_km(s: f64, u: UnitSystem) -> String {
    if s > 0.0 && s.is_finite() {
        pace(1000.0 / s, u)
    } else {
        "-".into()
    }
}

fn dist(m: f64, u: UnitSystem) -> String {
    format!("{:.2} {}", u.distance(m), u.distance_label())
}

fn height(m: f64, u: UnitSystem) -> String {
    format!("{:.0} {}", u.elevation(m), u.elevation_label())
}

fn step(m: f64, u: UnitSystem) -> String {
    match u {
        UnitSystem::Metric => format!("{m:.2} m"),
        UnitSystem::Imperial => format!("{:.1} ft", u.elevation(m)),
    }
}

/// Most splits listed on the terminal; a longer run shows the first and last halves.
const SPLITS_LISTED: usize = 20;

/// How many climbs (or descents) to list by name; the rest are counted.
const SECTIONS_LISTED: usize = 3;

/// The biggest climbs or descents (by height), in course order, then a count of the rest.
/// Each is placed by its distance from `d0_m` (the run's first recorded distance, where the
/// elevation chart's axis starts: [`Activity::first_distance_m`]), not by the file's own
/// counter, which can start past 0.
///
/// [`Activity::first_distance_m`]: stridewise_engine::model::Activity::first_distance_m
fn sections(
    kind: &str,
    list: &[stridewise_engine::analysis::elevation::Section],
    d0_m: f64,
    u: UnitSystem,
) -> Vec<String> {
    let mut biggest: Vec<usize> = (0..list.len()).collect();
    biggest.sort_by(|&x, &y| {
        list[y]
            .altitude_change_m
            .abs()
            .total_cmp(&list[x].altitude_change_m.abs())
    });
    biggest.truncate(SECTIONS_LISTED);
    biggest.sort_unstable();
    let mut out: Vec<String> = biggest
        .iter()
        .map(|&i| {
            let s = &list[i];
            format!(
                "{kind} {}–{} {:+.0} {} at {:.1}%{}",
                dist(s.start_m - d0_m, u),
                dist(s.end_m - d0_m, u),
                u.elevation(s.altitude_change_m),
                u.elevation_label(),
                s.mean_grade_pct,
                section_form(s, u)
            )
        })
        .collect();
    if list.len() > SECTIONS_LISTED {
        out.push(crate::folder::text::counted(
            list.len() - SECTIONS_LISTED,
            &format!("smaller {kind}"),
            &format!("smaller {kind}s"),
        ));
    }
    out
}

/// ` (164 spm, 1.23 m steps)` for a climb or descent, when known.
fn section_form(s: &stridewise_engine::analysis::elevation::Section, u: UnitSystem) -> String {
    match (s.cadence_spm, s.step_length_m) {
        (Some(c), Some(l)) => format!(" ({c:.0} spm, {} steps)", step(l, u)),
        (Some(c), None) => format!(" ({c:.0} spm)"),
        _ => String::new(),
    }
}

/// Render every reviewed run, then the disclaimer once.
///
/// # Errors
/// I/O errors of the writer.
pub fn write(items: &[Reviewed<'_>], style: Style, out: &mut impl Write) -> io::Result<()> {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_one(item, style, out)?;
    }
    if !items.is_empty() {
        writeln!(out)?;
        writeln!(out, "{NOT_MEDICAL_ADVICE}")?;
    }
    Ok(())
}

fn write_one(item: &Reviewed<'_>, style: Style, out: &mut impl Write) -> io::Result<()> {
    let (a, r, u) = (item.activity, item.review, style.units);
    // Local time (the recording's, else the start position's zone), else UTC said so.
    let when = a
        .start_time
        .map(|t| {
            let l = stridewise_engine::model::local_start(t, a.utc_offset.as_ref());
            format!(
                " {} {}",
                l.format("%Y-%m-%d %H:%M"),
                stridewise_engine::model::local_label(a.utc_offset.as_ref())
            )
        })
        .unwrap_or_default();
    let sub = a
        .sub_sport
        .as_deref()
        .map(|s| format!(" ({})", terminal(s)))
        .unwrap_or_default();
    let name = a
        .name
        .as_deref()
        .map(|n| format!(" \"{}\"", terminal(n)))
        .unwrap_or_default();
    let kind = if a.is_route() {
        "planned route".to_string()
    } else {
        format!("{}{sub}", a.sport)
    };
    writeln!(out, "{}{name}: {kind}{when}", terminal(item.path))?;
    if let Some(n) = &r.not_coached {
        writeln!(
            out,
            "  Not coached: {}",
            crate::words::message(&n.message(), u)
        )?;
    } else {
        let focus = r.focus();
        if !focus.is_empty() {
            let list: Vec<String> = focus
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{}. {}", i + 1, c.as_str().replace('_', " ")))
                .collect();
            writeln!(out, "  Work on first: {}", list.join(", "))?;
        }
    }

    // Headline: distance, time, pace, GAP, climbing.
    let mut head = Vec::new();
    if let Some(d) = r.totals.distance_m {
        head.push(dist(d, u));
    }
    if let Some(p) = &r.pace {
        head.push(format!("{} moving", format_duration(p.moving_time_s)));
        head.push(format!("{} avg", pace_s_per_km(p.avg_pace_s_per_km, u)));
        let rough = match r.elevation.as_ref().filter(|e| e.low_confidence) {
            Some(e) => format!(" (rough: {})", e.altitude_words()),
            None => String::new(),
        };
        head.push(format!(
            "GAP {}{rough}",
            pace_s_per_km(p.avg_gap_pace_s_per_km, u)
        ));
    }
    if let Some(e) = &r.elevation {
        head.push(format!(
            "+{} / -{}",
            height(e.gain_m, u),
            height(e.loss_m, u)
        ));
    }
    writeln!(out, "  {}", head.join(" · "))?;
    // The session's kind and its three times, decided before any coaching.
    if !a.is_route() {
        let m = &r.motion;
        // Elapsed, timer and moving time, always all three (a runner compares them with
        // the watch's).
        let mut times = vec![
            format!("{} elapsed", format_duration(m.elapsed_s)),
            format!("{} on the timer", format_duration(m.timer_s)),
            format!("{} moving", format_duration(m.moving_s)),
        ];
        if m.standing_s >= 1.0 {
            times.push(format!("{} standing", format_duration(m.standing_s)));
        }
        writeln!(
            out,
            "  Session   {}: {} · {}",
            r.session.kind.label(),
            crate::words::session_evidence(&r.session, u),
            times.join(", ")
        )?;
    }
    let avg = stridewise_engine::analysis::totals::averages(a);
    if let Some(hr) = avg.avg_heart_rate_bpm {
        let max = avg
            .max_heart_rate_bpm
            .map_or_else(String::new, |m| format!(", max {m:.0} bpm"));
        writeln!(out, "  Heart     average {hr:.0} bpm{max}")?;
    }
    // The watch's own figures where they differ from ours, each with why.
    for d in crate::device::rows(a, r, u) {
        if let Some(why) = d.why {
            writeln!(
                out,
                "  Device    {}: the watch says {}, we say {} ({why})",
                d.what, d.device, d.ours
            )?;
        }
    }

    if let Some(c) = &r.cadence {
        if let (Some(run), Some(t)) = (&c.running, &c.target) {
            writeln!(
                out,
                "  Cadence   {:.0} spm running (median {:.0}, p10–p90 {:.0}–{:.0}); {:.0}–{:.0} band: {:.0}% below, {:.0}% in, {:.0}% above",
                run.mean_spm, run.median_spm, run.p10_spm, run.p90_spm, t.low_spm, t.high_spm,
                t.below_pct, t.in_pct, t.above_pct
            )?;
        }
        let g = &c.by_grade;
        let band = |b: &stridewise_engine::analysis::cadence::BandStats| {
            b.cadence_spm
                .map_or_else(|| "-".into(), |v| format!("{v:.0}"))
        };
        let mut line = Vec::new();
        if g.uphill.time_s > 0.0 || g.downhill.time_s > 0.0 {
            line.push(format!(
                "uphill {} · flat {} · downhill {}",
                band(&g.uphill),
                band(&g.flat),
                band(&g.downhill)
            ));
        }
        if let Some(th) = &c.thirds {
            line.push(format!(
                "first third {:.0} → last third {:.0} ({}%)",
                th.first_spm,
                th.last_spm,
                stridewise_engine::units::signed(th.change_pct, 1)
            ));
        }
        if !line.is_empty() {
            writeln!(out, "            {}", line.join("; "))?;
        }
        if c.walk_break_count > 0 {
            let pattern = c
                .run_walk
                .as_ref()
                .map(|p| {
                    format!(
                        "; pattern {} run / {} walk ≈ {:.1}:1",
                        format_duration(p.run_interval_s),
                        format_duration(p.walk_interval_s),
                        p.run_walk_ratio
                    )
                })
                .unwrap_or_default();
            writeln!(
                out,
                "  Walking   {}, {} in all (left out of running cadence){pattern}",
                crate::folder::text::counted(c.walk_break_count, "break", "breaks"),
                format_duration(c.walk_break_time_s)
            )?;
        }
    } else {
        writeln!(out, "  Cadence   not recorded in this file")?;
    }

    if let Some(p) = &r.pace {
        let mut line = Vec::new();
        if let Some(d) = &p.drift {
            line.push(format!(
                "drift {}% (GAP, 2nd half vs 1st)",
                stridewise_engine::units::signed(d.drift_pct, 1)
            ));
        }
        if let Some(d) = &p.decoupling {
            line.push(format!(
                "decoupling {:.1}% ({})",
                d.decoupling_pct,
                d.class.as_str()
            ));
        }
        if !line.is_empty() {
            writeln!(out, "  Pace      {}", line.join("; "))?;
        }
    }

    match (&r.elevation, r.elevation_skipped) {
        (Some(e), _) => {
            let mut parts = vec![format!(
                "{:.0}% of distance steeper than ±{:.0}%",
                e.steep_up_distance_share_pct + e.steep_down_distance_share_pct,
                100.0 * e.band_edges.steep_grade
            )];
            let d0_m = a.first_distance_m().unwrap_or(0.0);
            parts.extend(sections("climb", &e.climbs, d0_m, u));
            parts.extend(sections("descent", &e.descents, d0_m, u));
            let conf = if e.low_confidence {
                format!(" ({}: rough)", e.altitude_words())
            } else {
                String::new()
            };
            writeln!(out, "  Hills     {}{conf}", parts.join("; "))?;
        }
        (None, Some(why)) => writeln!(out, "  Hills     none analysed: {why}")?,
        (None, None) => {}
    }

    if let Some(s) = &r.stride {
        let mut parts = vec![format!("step length {}", step(s.step_length_m, u))];
        if let Some(d) = &s.dynamics {
            if let Some(g) = d.stance_time_ms {
                parts.push(format!("ground contact {g:.0} ms"));
            }
            if let Some(v) = d.vertical_ratio_pct {
                parts.push(format!("vertical ratio {v:.1}%"));
            }
            if let Some(b) = d.flat_balance_left_pct {
                parts.push(format!(
                    "ground contact balance {b:.1}% L / {:.1}% R on the flat",
                    100.0 - b
                ));
            } else if let Some(b) = d.stance_balance_left_pct {
                parts.push(format!(
                    "ground contact balance {b:.1}% L / {:.1}% R",
                    100.0 - b
                ));
            }
        }
        if let Some(p) = r.totals.avg_power_w {
            parts.push(format!("power {p:.0} W"));
        }
        if let Some(d) = &s.descent_vs_flat {
            parts.push(format!(
                "on descents {:+.0}% step length, {:+.0}% cadence vs flat at the same speed",
                d.step_length_change_pct, d.cadence_change_pct
            ));
        }
        writeln!(out, "  Stride    {}", parts.join("; "))?;
    }

    if let Some(p) = &r.pace {
        if p.splits.len() > 1 {
            // A last partial split shorter than a tenth of a split says nothing about pace.
            let cells: Vec<String> = p
                .splits
                .iter()
                .enumerate()
                .filter(|(_, s)| !s.partial || s.distance_m >= u.split_meters() / 10.0)
                .map(|(i, s)| {
                    let cad = r
                        .split_cadence_spm
                        .get(i)
                        .copied()
                        .flatten()
                        .map_or_else(String::new, |c| format!(" {c:.0}"));
                    let partial = if s.partial {
                        format!(" (last {})", dist(s.distance_m, u))
                    } else {
                        String::new()
                    };
                    format!(
                        "{}{cad}{partial}",
                        s.pace_s_per_km
                            .map_or_else(|| "-".into(), |v| pace_s_per_km(v, u))
                            .trim_end_matches(u.pace_label()),
                    )
                })
                .collect();
            // Listed whole unless leaving some out saves a real share of the line: never
            // a "… 2 more …" gap where the two would have fitted.
            if cells.len() <= SPLITS_LISTED + SPLITS_LISTED / 2 {
                writeln!(
                    out,
                    "  Splits    per {} (pace, spm): {}",
                    u.distance_label(),
                    cells.join(" | ")
                )?;
            } else {
                // A long run: the first and last splits; every split is in the JSON and
                // on splits.png.
                let head = cells[..SPLITS_LISTED / 2].join(" | ");
                let tail = cells[cells.len() - SPLITS_LISTED / 2..].join(" | ");
                writeln!(
                    out,
                    "  Splits    per {} (pace, spm): {head} | … {} more … | {tail}",
                    u.distance_label(),
                    cells.len() - SPLITS_LISTED
                )?;
            }
        }
    }

    if r.findings.is_empty() && r.not_coached.is_none() {
        writeln!(out, "  No warnings.")?;
    }
    for f in &r.findings {
        let (label, color) = match f.severity() {
            Severity::Warning => ("warning", "\x1b[1;31m"),
            Severity::Caution => ("caution", "\x1b[1;33m"),
            Severity::Info => ("info", "\x1b[1;36m"),
        };
        let label = if style.color {
            format!("{color}{label}\x1b[0m")
        } else {
            label.to_string()
        };
        writeln!(
            out,
            "  {label} [{}] {}",
            f.kind(),
            crate::words::message(&f.message(), u)
        )?;
    }
    for n in &r.notes {
        writeln!(
            out,
            "  note [{}]: {}",
            n.code(),
            crate::words::message(&n.message(), u)
        )?;
    }
    for note in &a.notes {
        writeln!(out, "  note: {}", terminal(note))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use stridewise_engine::analysis::elevation::Section;

    fn climb(start_m: f64, gain_m: f64) -> Section {
        Section {
            start_m,
            end_m: start_m + 500.0,
            length_m: 500.0,
            start_altitude_m: 100.0,
            end_altitude_m: 100.0 + gain_m,
            altitude_change_m: gain_m,
            mean_grade_pct: gain_m / 5.0,
            max_grade_pct: gain_m / 4.0,
            duration_s: None,
            start_index: 0,
            end_index: 1,
            steep_distance_m: 0.0,
            implausible_grade: false,
            cadence_spm: None,
            step_length_m: None,
        }
    }

    /// Issue 25, item 8: "1 smaller climb", never "1 smaller climbs".
    #[test]
    fn the_rest_of_the_climbs_is_counted_in_the_right_number() {
        let four: Vec<Section> = (0..4).map(|k| climb(f64::from(k) * 1000.0, 20.0)).collect();
        let lines = sections("climb", &four, 0.0, UnitSystem::Metric);
        assert_eq!(lines.last().map(String::as_str), Some("1 smaller climb"));
        let five: Vec<Section> = (0..5).map(|k| climb(f64::from(k) * 1000.0, 20.0)).collect();
        let lines = sections("climb", &five, 0.0, UnitSystem::Metric);
        assert_eq!(lines.last().map(String::as_str), Some("2 smaller climbs"));
    }

    /// A run whose device counter starts past 0 (here at 1,242 m, as a TCX of the corpus
    /// does) places its climbs from its own start, where the elevation chart's axis starts:
    /// a climb 1.49 km into a 2.25 km run is never "at 2.73 km".
    #[test]
    fn climbs_are_placed_from_the_runs_first_distance() {
        let one = [climb(2_732.0, 20.0)];
        let lines = sections("climb", &one, 1_242.0, UnitSystem::Metric);
        assert!(lines[0].starts_with("climb 1.49 km–1.99 km"), "{lines:?}");
        let lines = sections("climb", &one, 0.0, UnitSystem::Metric);
        assert!(lines[0].starts_with("climb 2.73 km–3.23 km"), "{lines:?}");
    }
}
