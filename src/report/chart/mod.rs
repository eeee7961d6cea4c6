//! Chart data: what each PNG chart of a run shows, as plain numbers in display units.
//! No drawing here ([`super::png`] turns a [`ChartSpec`] into pixels), so the data can
//! be snapshot-tested and the drawing smoke-tested apart (STYLE.md, habit 12).
//!
//! # Charts ([`build`]), each only when its data exists
//! * `cadence`: cadence of every sample over distance (grey points), its **rolling mean**
//!   over running samples (time-weighted mean over a centred 60 s window of samples
//!   classified as running, so walk breaks and stops do not drag it down; the line breaks
//!   where the runner was not running), the target band shaded, walk breaks shaded as
//!   x ranges. Needs cadence and timestamps.
//! * `pace`: pace and grade-adjusted pace over distance, each from the time-weighted mean
//!   **speed** over a centred 30 s window (speeds are averaged, never paces), y in min per
//!   km or mile with faster paces drawn higher (`y_inverted`); paces slower than 20:00/km
//!   (standing, not running) break the line. The y range covers the 0.5–99.5 %
//!   quantiles, its slow end at most twice the median pace so walks and stops do not
//!   flatten the running detail (slower stretches leave the plot at the bottom edge).
//!   GAP only when the run has grades. With the
//!   elevation profile in a smaller second panel when there is altitude (not on a
//!   treadmill). Needs the pace analysis (distance and timestamps).
//! * `elevation`: the altitude profile over distance, filled in five colours by grade band
//!   (edges from the elevation analysis: by default < −5, −5..−2, −2..2, 2..5, > 5 %),
//!   climbs (`C1 +90 m 5.9%`) and descents (`D1 -90 m -5.9%`) labelled above the profile
//!   with a bracket over their extent. Labels are placed biggest section first into at
//!   most three rows so they never overlap (the width of a label is estimated for the
//!   default 1200 px image); a label without room is shortened to `C3`, then left out.
//!   The profile is the one the elevation analysis computed its figures on
//!   ([`Review::profile`]: GPS altitude smoothed with the rules' parameters, one point per
//!   distance) and each point's band is the analysis' own
//!   ([`BandEdges::band_of`](crate::analysis::elevation::BandEdges::band_of)), so the
//!   colours and the band shares in the text cannot disagree.
//! * `stride`: cadence against speed and step length against speed for every running
//!   sample (two panels), the mean of each speed band, and the runner's baseline line
//!   when one is given ([`build_with`]).
//! * `splits`: pace (and GAP) and running cadence per km or mile, as bars with values.
//! * `dynamics`: ground contact time and vertical ratio over distance (recorded vertical
//!   ratio, else oscillation ÷ step length), running samples only, with 60 s rolling
//!   means. Only with running dynamics.
//!
//! # Conventions
//! * x is distance from the first sample in km or mi; an activity without any distance
//!   uses elapsed time in minutes instead. Heights and step lengths are in m or ft, pace
//!   in minutes (decimal; the renderer shows m:ss) per km or mi, speed in km/h or mph.
//! * Long series are downsampled deterministically: lines and areas to at most
//!   [`MAX_LINE_POINTS`] by bucket means over equal x buckets, scatter points to at most
//!   [`MAX_SCATTER_POINTS`] by keeping every k-th point. Coordinates are rounded to three
//!   decimals so snapshots are stable.
//! * Lines break where the value is missing, across pauses and across recording gaps
//!   longer than [`LINE_GAP_S`] (longer for a sparse recording: twice its weight cap).
//! * Ranges are padded, never empty, inverted or NaN. Scatter points outside a panel's
//!   y range (the 1st–99th percentile band, padded) are left out; the renderer clips
//!   lines at the plot's edges.

use super::round;

pub mod trends;
use crate::analysis::cadence::{sample_speeds, Gait};
use crate::analysis::elevation::{Elevation, Section};
use crate::analysis::gap::gap_speeds;
use crate::analysis::stride::Baseline;
use crate::analysis::totals::{sample_weights, weight_cap, PauseSet};
use crate::coach::review::Review;
use crate::model::Activity;
use crate::units::{format_min_sec, Pace, UnitSystem, METERS_PER_MILE};
use serde::Serialize;

/// Most points of a line or area series after downsampling.
pub const MAX_LINE_POINTS: usize = 1500;
/// Most points of a scatter series after downsampling.
pub const MAX_SCATTER_POINTS: usize = 1500;
/// Window of the cadence and running-dynamics rolling means, s.
pub const ROLLING_WINDOW_S: f64 = 60.0;
/// Window of the pace and GAP smoothing, s.
pub const PACE_WINDOW_S: f64 = 30.0;
/// Paces slower than this are not plotted (standing still), s/km.
pub const SLOWEST_PACE_S_PER_KM: f64 = 1200.0;
/// Lines break across a recording gap longer than this, s (or twice the weight cap of a
/// sparser recording, see [`weight_cap`]).
pub const LINE_GAP_S: f64 = 60.0;
/// Median window GPS altitude is smoothed with (as the elevation analysis does), m.
/// Rows of climb/descent labels above the profile.
const LABEL_ROWS: usize = 3;
/// Share of the plot height one label row takes.
const LABEL_ROW_SHARE: f64 = 0.085;
/// Width of one label character as a share of the plot width (about 7.5 px of a 1100 px
/// wide plot at the renderer's 12 px label font).
const LABEL_CHAR_SHARE: f64 = 7.5 / 1100.0;
/// Most splits whose bars carry their value.
const MAX_VALUE_LABELS: usize = 30;

/// The colour-blind-safe Okabe–Ito palette, plus greys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Color {
    /// #000000
    Black,
    /// #E69F00
    Orange,
    /// #56B4E9
    SkyBlue,
    /// #009E73
    BluishGreen,
    /// #F0E442
    Yellow,
    /// #0072B2
    Blue,
    /// #D55E00
    Vermillion,
    /// #CC79A7
    ReddishPurple,
    /// #999999
    Grey,
    /// #D0D0D0
    LightGrey,
}

/// How tick labels of an axis are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ticks {
    /// A number with at least this many decimals (more when the tick step needs them).
    Decimals(u8),
    /// Minutes written as `m:ss` (pace).
    MinSec,
    /// Days since 1970-01-01 (UTC) written as `YYYY-MM-DD` (trends over time).
    Date,
}

/// How a series is drawn.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeriesKind {
    /// A line through the points.
    Line,
    /// A line through the points with a dot at each.
    LinePoints,
    /// A dot at each point.
    Points,
    /// A bar from the bottom of the plot (as drawn) to each point, centred on the
    /// point's x.
    Bars {
        /// Width of each bar in x units (same length as the points).
        widths: Vec<f64>,
    },
    /// The area between the bottom of the plot and the line.
    Area,
}

/// One data series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// Legend text; empty for a series left out of the legend.
    pub name: String,
    /// How it is drawn.
    pub kind: SeriesKind,
    /// Colour.
    pub color: Color,
    /// `(x, y)` in the panel's units, x non-decreasing.
    pub points: Vec<(f64, f64)>,
    /// Indices into `points` where a new, unconnected segment starts (lines and areas).
    pub breaks: Vec<usize>,
}

/// Which axis a band spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Axis {
    /// A vertical stripe from x `from` to `to` (e.g. a walk break).
    X,
    /// A horizontal stripe from y `from` to `to` (e.g. the cadence target band).
    Y,
}

/// A shaded stripe behind the series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    /// Legend text; empty for none. Bands of equal label share one legend entry.
    pub label: String,
    /// Axis the stripe spans.
    pub axis: Axis,
    /// Start, in that axis's units.
    pub from: f64,
    /// End, in that axis's units.
    pub to: f64,
    /// Colour (drawn translucent).
    pub color: Color,
}

/// Where a marker's text goes relative to its point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkerKind {
    /// Text centred on the point, with a bracket from x `from` to `to` just below it.
    Span {
        /// Start of the bracket, x units.
        from: f64,
        /// End of the bracket, x units.
        to: f64,
    },
    /// Text just above the point as drawn (a bar's value).
    Above,
}

/// A text label in data coordinates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Marker {
    /// The text.
    pub text: String,
    /// x, in x units.
    pub x: f64,
    /// y, in y units.
    pub y: f64,
    /// Placement.
    pub kind: MarkerKind,
    /// Colour of the text.
    pub color: Color,
}

/// One plot of a chart; panels are stacked vertically and share the x axis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Panel {
    /// x axis description with its unit.
    pub x_label: String,
    /// y axis description with its unit.
    pub y_label: String,
    /// x range, `from < to`.
    pub x_range: (f64, f64),
    /// y range, `from < to` (also when the axis is drawn inverted).
    pub y_range: (f64, f64),
    /// x tick labels.
    pub x_ticks: Ticks,
    /// y tick labels.
    pub y_ticks: Ticks,
    /// Draw larger y values lower (pace: faster is up).
    pub y_inverted: bool,
    /// Height relative to the chart's other panels.
    pub height: f64,
    /// Data series, drawn in order.
    pub series: Vec<Series>,
    /// Shaded stripes, drawn behind the series.
    pub bands: Vec<Band>,
    /// Text labels, drawn on top.
    pub markers: Vec<Marker>,
}

/// One chart: a file stem, a title and its panels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartSpec {
    /// File stem (`cadence`, `pace`, `elevation`, `stride`, `splits`, `dynamics`).
    pub id: &'static str,
    /// Title drawn above the panels.
    pub title: String,
    /// Panels, top to bottom.
    pub panels: Vec<Panel>,
}

/// Every chart the run has data for, in a fixed order (see the module docs).
#[must_use]
pub fn build(a: &Activity, r: &Review, units: UnitSystem) -> Vec<ChartSpec> {
    build_with(a, r, units, None)
}

/// [`build`], with the runner's cadence and step-length baseline drawn on the `stride`
/// chart when given.
#[must_use]
pub fn build_with(
    a: &Activity,
    r: &Review,
    units: UnitSystem,
    baseline: Option<&Baseline>,
) -> Vec<ChartSpec> {
    let Some(cx) = Ctx::new(a, r, units) else {
        return Vec::new();
    };
    [
        cadence_chart(&cx),
        pace_chart(&cx),
        elevation_chart(&cx),
        stride_chart(&cx, baseline),
        splits_chart(&cx),
        dynamics_chart(&cx),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Per-sample values every chart uses.
struct Ctx<'a> {
    a: &'a Activity,
    r: &'a Review,
    units: UnitSystem,
    /// x of each sample in display units.
    xs: Vec<Option<f64>>,
    /// True when x is distance (else elapsed minutes).
    by_distance: bool,
    /// First sample distance, m (x origin).
    d0: f64,
    x_range: (f64, f64),
    t: Vec<Option<f64>>,
    w: Vec<f64>,
    speeds: Vec<Option<f64>>,
    pauses: PauseSet,
    /// Lines break across a recording gap longer than this, s: [`LINE_GAP_S`], or twice
    /// the weight cap of a sparse recording (a point a minute is still a line).
    line_gap_s: f64,
}

impl<'a> Ctx<'a> {
    fn new(a: &'a Activity, r: &'a Review, units: UnitSystem) -> Option<Self> {
        let d0 = a
            .samples
            .iter()
            .find_map(|s| s.distance_m.filter(|d| d.is_finite()));
        let t: Vec<Option<f64>> = a
            .samples
            .iter()
            .map(|s| s.t_s.filter(|t| t.is_finite()))
            .collect();
        let (xs, by_distance): (Vec<Option<f64>>, bool) = if let Some(d0) = d0 {
            let xs = a
                .samples
                .iter()
                .map(|s| {
                    s.distance_m
                        .filter(|d| d.is_finite())
                        .map(|d| units.distance(d - d0))
                })
                .collect();
            (xs, true)
        } else {
            let t0 = t.iter().flatten().copied().next()?;
            (
                t.iter().map(|t| t.map(|t| (t - t0) / 60.0)).collect(),
                false,
            )
        };
        let x_max = xs.iter().flatten().copied().fold(0.0_f64, f64::max);
        let x_range = if x_max > 0.0 {
            (0.0, round(x_max, 3).max(0.001))
        } else {
            (0.0, 1.0)
        };
        Some(Self {
            a,
            r,
            units,
            xs,
            by_distance,
            d0: d0.unwrap_or(0.0),
            x_range,
            w: sample_weights(a),
            speeds: sample_speeds(a),
            pauses: PauseSet::of(a),
            line_gap_s: LINE_GAP_S.max(2.0 * weight_cap(a)),
            t,
        })
    }

    fn x_label(&self) -> String {
        if self.by_distance {
            format!("distance ({})", self.units.distance_label())
        } else {
            "elapsed time (min)".to_string()
        }
    }

    /// x of a distance along the run (analysis metres).
    fn x_of_m(&self, m: f64) -> f64 {
        self.units.distance(m - self.d0)
    }

    fn gaits(&self) -> &[Gait] {
        self.r.cadence.as_ref().map_or(&[], |c| c.gaits.as_slice())
    }

    fn running(&self, i: usize) -> bool {
        self.gaits().get(i) == Some(&Gait::Running)
    }

    /// A panel with the shared x axis and no content yet.
    fn panel(&self, y_label: String, y_range: (f64, f64), y_ticks: Ticks) -> Panel {
        Panel {
            x_label: self.x_label(),
            y_label,
            x_range: self.x_range,
            y_range,
            x_ticks: Ticks::Decimals(1),
            y_ticks,
            y_inverted: false,
            height: 1.0,
            series: Vec::new(),
            bands: Vec::new(),
            markers: Vec::new(),
        }
    }

    /// Speed in km/h or mph.
    fn speed(&self, mps: f64) -> f64 {
        match self.units {
            UnitSystem::Metric => mps * 3.6,
            UnitSystem::Imperial => mps * 3600.0 / METERS_PER_MILE,
        }
    }

    fn speed_label(&self) -> &'static str {
        match self.units {
            UnitSystem::Metric => "km/h",
            UnitSystem::Imperial => "mph",
        }
    }

    /// Pace in minutes per km or mile, `None` when slower than the plotting limit.
    fn pace_min(&self, mps: f64) -> Option<f64> {
        (mps.is_finite() && mps > 1000.0 / SLOWEST_PACE_S_PER_KM)
            .then(|| Pace {
                sec_per_km: 1000.0 / mps,
            })
            .map(|p| p.seconds_per(self.units) / 60.0)
    }

    fn pace_label(&self) -> String {
        format!("pace (min{}, faster up)", self.units.pace_label())
    }

    /// Points `(x, v)` of the samples where both exist, split where `v` is missing and
    /// across a pause or a recording gap longer than `line_gap_s` (nothing is known in
    /// between).
    fn segments(&self, values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
        let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut open = false;
        let mut last_t: Option<f64> = None;
        for (i, (x, v)) in self.xs.iter().zip(values).enumerate() {
            match (x, v) {
                (Some(x), Some(v)) if v.is_finite() => {
                    let t = self.t.get(i).copied().flatten();
                    let gap = match (last_t, t) {
                        (Some(a), Some(b)) => b - a > self.line_gap_s || self.pauses.overlaps(a, b),
                        _ => false,
                    };
                    if !open || gap {
                        out.push(Vec::new());
                        open = true;
                    }
                    if let Some(seg) = out.last_mut() {
                        seg.push((*x, *v));
                    }
                    last_t = t.or(last_t);
                }
                (_, None) => open = false,
                _ => {}
            }
        }
        out
    }

    /// Scatter points `(x, v)` of the samples where both exist.
    fn points(&self, values: &[Option<f64>]) -> Vec<(f64, f64)> {
        self.xs
            .iter()
            .zip(values)
            .filter_map(|(x, v)| Some(((*x)?, v.filter(|v| v.is_finite())?)))
            .collect()
    }

    fn rolling(&self, values: &[Option<f64>], window_s: f64) -> Vec<Option<f64>> {
        rolling_mean(&self.t, &self.w, values, window_s)
    }
}

// ---------------------------------------------------------------- cadence

fn cadence_chart(cx: &Ctx<'_>) -> Option<ChartSpec> {
    let c = cx.r.cadence.as_ref()?;
    if cx.a.is_route() {
        return None;
    }
    let cad: Vec<Option<f64>> =
        cx.a.samples
            .iter()
            .map(|s| s.cadence.map(|c| c.0).filter(|c| c.is_finite() && *c > 0.0))
            .collect();
    let raw = cx.points(&cad);
    if raw.is_empty() {
        return None;
    }
    let running: Vec<Option<f64>> = cad
        .iter()
        .enumerate()
        .map(|(i, v)| v.filter(|_| cx.running(i)))
        .collect();
    let roll = cx.rolling(&running, ROLLING_WINDOW_S);
    // The line only where the runner was running.
    let roll: Vec<Option<f64>> = roll
        .iter()
        .enumerate()
        .map(|(i, v)| v.filter(|_| cx.running(i)))
        .collect();
    let mut ys: Vec<f64> = raw.iter().map(|p| p.1).collect();
    let (mut lo, mut hi) = quantile_range(&mut ys, 0.01, 0.99)?;
    if let Some(t) = &c.target {
        lo = lo.min(t.low_spm);
        hi = hi.max(t.high_spm);
    }
    let y_range = padded(lo, hi, 0.08, 20.0);
    let mut p = cx.panel("cadence (steps/min)".into(), y_range, Ticks::Decimals(0));
    if let Some(t) = &c.target {
        p.bands.push(target_band(t.low_spm, t.high_spm));
    }
    for b in &c.walk_breaks {
        let from = cx.xs.get(b.first_sample).copied().flatten();
        let last = b.end_sample.min(cx.xs.len()).saturating_sub(1);
        let to = cx
            .xs
            .get(b.end_sample)
            .or(cx.xs.get(last))
            .copied()
            .flatten();
        if let (Some(from), Some(to)) = (from, to) {
            p.bands.push(Band {
                label: "walk break".into(),
                axis: Axis::X,
                from: round(from, 3),
                to: round(to.max(from), 3),
                color: Color::Orange,
            });
        }
    }
    p.series.push(scatter(
        "cadence of each sample",
        Color::Grey,
        in_y_range(raw, y_range),
    ));
    p.series.push(line(
        &format!("{ROLLING_WINDOW_S:.0} s rolling mean while running"),
        SeriesKind::Line,
        Color::Blue,
        cx.segments(&roll),
        cx.x_range,
    ));
    let title = match (&c.running, &c.target) {
        (Some(run), Some(t)) => format!(
            "Cadence: {:.0} spm while running, {:.0}% of running time in {:.0}–{:.0}",
            run.mean_spm, t.in_pct, t.low_spm, t.high_spm
        ),
        (Some(run), None) => format!("Cadence: {:.0} spm while running", run.mean_spm),
        _ => "Cadence".to_string(),
    };
    let title = if c.walk_break_count > 0 {
        format!("{title}; {} walk break(s)", c.walk_break_count)
    } else {
        title
    };
    Some(ChartSpec {
        id: "cadence",
        title,
        panels: vec![p],
    })
}

// ---------------------------------------------------------------- pace

fn pace_chart(cx: &Ctx<'_>) -> Option<ChartSpec> {
    let pa = cx.r.pace.as_ref()?;
    if !cx.by_distance {
        return None;
    }
    let speeds = cx.rolling(&cx.speeds, PACE_WINDOW_S);
    let pace: Vec<Option<f64>> = speeds
        .iter()
        .map(|v| v.and_then(|v| cx.pace_min(v)))
        .collect();
    let has_grades = cx.r.elevation.is_some() && cx.r.grades.iter().any(Option::is_some);
    let gap: Vec<Option<f64>> = if has_grades {
        let g: Vec<Option<f64>> = gap_speeds(cx.a, &cx.r.grades, pa.gap_model)
            .iter()
            .map(|v| v.map(|v| v.0))
            .collect();
        cx.rolling(&g, PACE_WINDOW_S)
            .iter()
            .map(|v| v.and_then(|v| cx.pace_min(v)))
            .collect()
    } else {
        Vec::new()
    };
    // Range: the 0.5–99.5 % quantiles of both lines, the slow end at most twice the
    // median pace (walks and stops would flatten the running detail; slower stretches
    // leave the plot at its bottom edge).
    let mut ys: Vec<f64> = pace.iter().chain(&gap).flatten().copied().collect();
    let (lo, hi) = quantile_range(&mut ys, 0.005, 0.995)?;
    let mut own: Vec<f64> = pace.iter().flatten().copied().collect();
    let (median, _) = quantile_range(&mut own, 0.5, 0.5).unwrap_or((hi, hi));
    let y_range = padded(lo, hi.min(2.0 * median).max(lo), 0.1, 1.0);
    let y_range = (y_range.0.max(0.0), y_range.1);
    let mut p = cx.panel(cx.pace_label(), y_range, Ticks::MinSec);
    p.y_inverted = true;
    // GAP first, so the pace line is drawn on top where both agree (flat ground).
    if has_grades {
        p.series.push(line(
            "grade-adjusted pace",
            SeriesKind::Line,
            Color::Vermillion,
            cx.segments(&gap),
            cx.x_range,
        ));
    }
    p.series.push(line(
        "pace",
        SeriesKind::Line,
        Color::Blue,
        cx.segments(&pace),
        cx.x_range,
    ));
    let mut panels = vec![p];
    if cx.r.elevation.is_some() {
        let prof = profile(cx);
        if prof.len() >= 2 {
            let seg: Vec<(f64, f64)> = prof.iter().map(|q| (q.0, q.1)).collect();
            let mut e = cx.panel(
                format!("elevation ({})", cx.units.elevation_label()),
                profile_range(cx, &prof),
                Ticks::Decimals(0),
            );
            e.height = 0.45;
            e.series.push(line(
                "elevation",
                SeriesKind::Area,
                Color::LightGrey,
                vec![seg],
                cx.x_range,
            ));
            panels.push(e);
        }
    }
    let unit = cx.units.pace_label();
    let avg = |s: f64| Pace { sec_per_km: s }.format(cx.units);
    let title = if has_grades {
        format!(
            "Pace: {}{unit} average, grade-adjusted {}{unit}",
            avg(pa.avg_pace_s_per_km),
            avg(pa.avg_gap_pace_s_per_km)
        )
    } else {
        format!("Pace: {}{unit} average", avg(pa.avg_pace_s_per_km))
    };
    Some(ChartSpec {
        id: "pace",
        title,
        panels,
    })
}

// ---------------------------------------------------------------- elevation

/// The altitude profile the analysis computed: `(x, height, grade)` in display units
/// (grade as a fraction), downsampled.
fn profile(cx: &Ctx<'_>) -> Vec<(f64, f64, f64)> {
    let full: Vec<(f64, f64, f64)> = cx
        .r
        .profile
        .iter()
        .map(|q| {
            (
                cx.x_of_m(q.distance_m),
                cx.units.elevation(q.altitude_m),
                q.grade.unwrap_or(0.0),
            )
        })
        .collect();
    if full.len() > MAX_LINE_POINTS {
        bucket3(&full, cx.x_range)
    } else {
        full
    }
}

fn profile_range(cx: &Ctx<'_>, prof: &[(f64, f64, f64)]) -> (f64, f64) {
    let lo = prof.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let hi = prof.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    padded(lo, hi, 0.08, cx.units.elevation(10.0))
}

fn elevation_chart(cx: &Ctx<'_>) -> Option<ChartSpec> {
    let e = cx.r.elevation.as_ref()?;
    if !cx.by_distance {
        return None;
    }
    let prof = profile(cx);
    if prof.len() < 2 {
        return None;
    }
    let edges = e.band_edges;
    let (flat, steep) = (100.0 * edges.flat_grade, 100.0 * edges.steep_grade);
    let names = [
        format!("< -{steep:.0}%"),
        format!("-{steep:.0} to -{flat:.0}%"),
        format!("-{flat:.0} to {flat:.0}%"),
        format!("{flat:.0} to {steep:.0}%"),
        format!("> {steep:.0}%"),
    ];
    let colors = [
        Color::Blue,
        Color::SkyBlue,
        Color::LightGrey,
        Color::Orange,
        Color::Vermillion,
    ];
    // Consecutive points of one band form a segment; neighbouring segments share their
    // boundary point so the fill has no gaps.
    let mut segs: [Vec<Vec<(f64, f64)>>; 5] = Default::default();
    let mut current: Option<(usize, Vec<(f64, f64)>)> = None;
    for q in &prof {
        let b = edges.band_of(q.2).index();
        let pt = (q.0, q.1);
        match current.as_mut() {
            Some((cb, seg)) if *cb == b => seg.push(pt),
            Some((cb, seg)) => {
                seg.push(pt);
                let done = std::mem::take(seg);
                segs[*cb].push(done);
                current = Some((b, vec![pt]));
            }
            None => current = Some((b, vec![pt])),
        }
    }
    if let Some((cb, seg)) = current {
        if seg.len() >= 2 || segs.iter().all(Vec::is_empty) {
            segs[cb].push(seg);
        }
    }
    let data_range = profile_range(cx, &prof);
    let (labels, rows) = section_labels(cx, e);
    // Room above the data for the label rows.
    #[allow(clippy::cast_precision_loss)] // at most three rows
    let share = LABEL_ROW_SHARE * rows as f64;
    let total = (data_range.1 - data_range.0) / (1.0 - share);
    let y_range = (data_range.0, round(data_range.0 + total, 3));
    let mut p = cx.panel(
        format!("elevation ({})", cx.units.elevation_label()),
        y_range,
        Ticks::Decimals(0),
    );
    for (k, s) in segs.into_iter().enumerate() {
        if !s.is_empty() {
            p.series.push(series_of(
                &names[k],
                SeriesKind::Area,
                colors[k],
                s.into_iter()
                    .map(|v| v.into_iter().map(r3).collect())
                    .collect(),
            ));
        }
    }
    p.series.push(series_of(
        "",
        SeriesKind::Line,
        Color::Black,
        vec![prof.iter().map(|q| r3((q.0, q.1))).collect()],
    ));
    for (row, mut m) in labels {
        #[allow(clippy::cast_precision_loss)]
        let y = data_range.1 + (row as f64 + 0.55) * LABEL_ROW_SHARE * total;
        m.y = round(y, 3);
        p.markers.push(m);
    }
    let u = cx.units.elevation_label();
    let mut title = format!(
        "Elevation: +{:.0} {u} / -{:.0} {u}, {} climb(s), {} descent(s)",
        cx.units.elevation(e.gain_m),
        cx.units.elevation(e.loss_m),
        e.climbs.len(),
        e.descents.len()
    );
    if e.low_confidence {
        title.push_str(" (GPS altitude, smoothed)");
    }
    Some(ChartSpec {
        id: "elevation",
        title,
        panels: vec![p],
    })
}

/// Climb and descent labels with their row (0 nearest the profile), and the rows used.
/// Biggest sections are placed first; a label goes into the lowest row where neither
/// its text nor its bracket overlaps another's (with a small gap).
fn section_labels(cx: &Ctx<'_>, e: &Elevation) -> (Vec<(usize, Marker)>, usize) {
    struct Cand<'s> {
        long: String,
        short: String,
        s: &'s Section,
        color: Color,
    }
    let u = cx.units.elevation_label();
    let mut cands: Vec<Cand<'_>> = Vec::new();
    for (k, s) in e.climbs.iter().enumerate() {
        cands.push(Cand {
            long: format!(
                "C{} +{:.0} {u} {:.1}%",
                k + 1,
                cx.units.elevation(s.altitude_change_m),
                s.mean_grade_pct
            ),
            short: format!("C{}", k + 1),
            s,
            color: Color::Vermillion,
        });
    }
    for (k, s) in e.descents.iter().enumerate() {
        cands.push(Cand {
            long: format!(
                "D{} -{:.0} {u} {:.1}%",
                k + 1,
                cx.units.elevation(-s.altitude_change_m),
                s.mean_grade_pct
            ),
            short: format!("D{}", k + 1),
            s,
            color: Color::Blue,
        });
    }
    // Biggest first; ties by position, so the order is total and stable.
    cands.sort_by(|a, b| {
        b.s.altitude_change_m
            .abs()
            .total_cmp(&a.s.altitude_change_m.abs())
            .then(a.s.start_m.total_cmp(&b.s.start_m))
    });
    let (x0, x1) = cx.x_range;
    let span = x1 - x0;
    let gap = 0.01 * span;
    let mut rows: Vec<Vec<(f64, f64)>> = vec![Vec::new(); LABEL_ROWS];
    let mut out = Vec::new();
    for c in &cands {
        let (from, to) = (cx.x_of_m(c.s.start_m), cx.x_of_m(c.s.end_m));
        let mid = 0.5 * (from + to);
        let placed = [&c.long, &c.short].into_iter().find_map(|text| {
            #[allow(clippy::cast_precision_loss)] // label lengths are tiny
            let w = (text.chars().count() as f64 + 1.0) * LABEL_CHAR_SHARE * span;
            let xc = mid.clamp(x0 + 0.5 * w, (x1 - 0.5 * w).max(x0 + 0.5 * w));
            let occ = (from.min(xc - 0.5 * w), to.max(xc + 0.5 * w));
            let row = rows
                .iter()
                .position(|r| r.iter().all(|o| occ.1 + gap <= o.0 || occ.0 >= o.1 + gap))?;
            Some((row, text.clone(), xc, occ))
        });
        if let Some((row, text, xc, occ)) = placed {
            rows[row].push(occ);
            out.push((
                row,
                Marker {
                    text,
                    x: round(xc, 3),
                    y: 0.0,
                    kind: MarkerKind::Span {
                        from: round(from, 3),
                        to: round(to, 3),
                    },
                    color: c.color,
                },
            ));
        }
    }
    // Left to right in the output.
    out.sort_by(|a, b| a.1.x.total_cmp(&b.1.x).then(a.0.cmp(&b.0)));
    let used = rows.iter().filter(|r| !r.is_empty()).count();
    (out, used)
}

// ---------------------------------------------------------------- stride

fn stride_chart(cx: &Ctx<'_>, baseline: Option<&Baseline>) -> Option<ChartSpec> {
    let st = cx.r.stride.as_ref()?;
    cx.r.cadence.as_ref()?;
    // (speed display, cadence, step length display) of every running sample.
    let mut pts: Vec<(f64, f64, f64)> = Vec::new();
    for (i, s) in cx.a.samples.iter().enumerate() {
        if !cx.running(i) {
            continue;
        }
        let (Some(v), Some(c)) = (cx.speeds.get(i).copied().flatten(), s.cadence.map(|c| c.0))
        else {
            continue;
        };
        if v > 0.0 && c > 0.0 && v.is_finite() && c.is_finite() {
            pts.push((cx.speed(v), c, cx.units.elevation(v * 60.0 / c)));
        }
    }
    if pts.len() < 2 {
        return None;
    }
    let mut xs: Vec<f64> = pts.iter().map(|p| p.0).collect();
    let (xl, xh) = quantile_range(&mut xs, 0.01, 0.99)?;
    let x_range = padded(xl, xh, 0.05, 1.0);
    let x_range = (x_range.0.max(0.0), x_range.1);
    let mut cs: Vec<f64> = pts.iter().map(|p| p.1).collect();
    let (cl, ch) = quantile_range(&mut cs, 0.01, 0.99)?;
    let target = cx.r.cadence.as_ref().and_then(|c| c.target.as_ref());
    let c_range = padded(
        target.map_or(cl, |t| cl.min(t.low_spm)),
        target.map_or(ch, |t| ch.max(t.high_spm)),
        0.08,
        20.0,
    );
    let mut ls: Vec<f64> = pts.iter().map(|p| p.2).collect();
    let (ll, lh) = quantile_range(&mut ls, 0.01, 0.99)?;
    let l_range = padded(ll, lh, 0.08, cx.units.elevation(0.1));
    let in_box =
        |x: f64, y: f64, yr: (f64, f64)| x >= x_range.0 && x <= x_range.1 && y >= yr.0 && y <= yr.1;
    let x_label = format!("speed ({})", cx.speed_label());
    let mk = |y_label: String, y_range: (f64, f64), ticks: Ticks| Panel {
        x_label: x_label.clone(),
        y_label,
        x_range,
        y_range,
        x_ticks: Ticks::Decimals(1),
        y_ticks: ticks,
        y_inverted: false,
        height: 1.0,
        series: Vec::new(),
        bands: Vec::new(),
        markers: Vec::new(),
    };
    let mut pc = mk("cadence (steps/min)".into(), c_range, Ticks::Decimals(0));
    let mut pl = mk(
        format!("step length ({})", cx.units.elevation_label()),
        l_range,
        Ticks::Decimals(match cx.units {
            UnitSystem::Metric => 2,
            UnitSystem::Imperial => 1,
        }),
    );
    if let Some(t) = target {
        pc.bands.push(target_band(t.low_spm, t.high_spm));
    }
    pc.series.push(scatter(
        "running samples",
        Color::Blue,
        pts.iter()
            .filter(|p| in_box(p.0, p.1, c_range))
            .map(|p| (p.0, p.1))
            .collect(),
    ));
    pl.series.push(scatter(
        "running samples",
        Color::Vermillion,
        pts.iter()
            .filter(|p| in_box(p.0, p.2, l_range))
            .map(|p| (p.0, p.2))
            .collect(),
    ));
    let bands: Vec<(f64, f64, f64)> = st
        .by_speed
        .iter()
        .filter_map(|b| {
            Some((
                cx.speed(b.stats.speed_mps?),
                b.stats.cadence_spm?,
                cx.units.elevation(b.stats.step_length_m?),
            ))
        })
        .collect();
    if !bands.is_empty() {
        pc.series.push(series_of(
            "mean per speed band",
            SeriesKind::LinePoints,
            Color::Black,
            vec![bands.iter().map(|b| r3((b.0, b.1))).collect()],
        ));
        pl.series.push(series_of(
            "mean per speed band",
            SeriesKind::LinePoints,
            Color::Black,
            vec![bands.iter().map(|b| r3((b.0, b.2))).collect()],
        ));
    }
    if let Some(b) = baseline {
        let to_mps = |x: f64| x / cx.speed(1.0);
        let ends = [x_range.0, x_range.1];
        pc.series.push(series_of(
            "your baseline",
            SeriesKind::Line,
            Color::Orange,
            vec![ends
                .iter()
                .map(|&x| r3((x, b.cadence_at_speed.at(to_mps(x)))))
                .collect()],
        ));
        pl.series.push(series_of(
            "your baseline",
            SeriesKind::Line,
            Color::Orange,
            vec![ends
                .iter()
                .map(|&x| r3((x, cx.units.elevation(b.step_length_at_speed.at(to_mps(x))))))
                .collect()],
        ));
    }
    let title = format!(
        "Stride: {:.2} {} steps at {:.1} {} while running",
        cx.units.elevation(st.step_length_m),
        cx.units.elevation_label(),
        cx.speed(st.speed_mps),
        cx.speed_label()
    );
    Some(ChartSpec {
        id: "stride",
        title,
        panels: vec![pc, pl],
    })
}

// ---------------------------------------------------------------- splits

fn splits_chart(cx: &Ctx<'_>) -> Option<ChartSpec> {
    let pa = cx.r.pace.as_ref()?;
    if !cx.by_distance || pa.splits.is_empty() {
        return None;
    }
    let per_unit = |s: f64| Pace { sec_per_km: s }.seconds_per(cx.units) / 60.0;
    // A last partial split shorter than a tenth of a split says nothing about pace (as in
    // the text report).
    let shown: Vec<(&crate::analysis::pace::Split, Option<f64>)> = pa
        .splits
        .iter()
        .zip(
            cx.r.split_cadence_spm
                .iter()
                .copied()
                .chain(std::iter::repeat(None)),
        )
        .filter(|(s, _)| !s.partial || s.distance_m >= cx.units.split_meters() / 10.0)
        .collect();
    // (centre, bar width, value) of each split; bars cover 85 % of their split.
    let bars = |value: &dyn Fn(&crate::analysis::pace::Split, Option<f64>) -> Option<f64>| {
        shown
            .iter()
            .filter_map(|&(s, c)| {
                let (a, b) = (cx.x_of_m(s.start_m), cx.x_of_m(s.end_m));
                Some((0.5 * (a + b), 0.85 * (b - a), value(s, c)?))
            })
            .collect::<Vec<(f64, f64, f64)>>()
    };
    let pace = bars(&|s, _| s.pace_s_per_km.map(per_unit));
    if pace.is_empty() {
        return None;
    }
    let gap = if cx.r.elevation.is_some() {
        bars(&|s, _| s.gap_pace_s_per_km.map(per_unit))
    } else {
        Vec::new()
    };
    let cad = bars(&|_, c| c.filter(|c| c.is_finite()));
    let labels = pace.len() <= MAX_VALUE_LABELS;
    let ys = pace.iter().chain(&gap).map(|p| p.2);
    let lo = ys.clone().fold(f64::INFINITY, f64::min);
    let hi = ys.fold(f64::NEG_INFINITY, f64::max);
    // Bars grow from the slow edge, which lies below the slowest split so every bar
    // shows; room above the fastest for its value.
    let span = (hi - lo).max(0.5);
    let y_range = (
        round((lo - 0.3 * span).max(0.0), 3),
        round(hi + 0.15 * span, 3),
    );
    let mut p = cx.panel(cx.pace_label(), y_range, Ticks::MinSec);
    p.y_inverted = true;
    p.series.push(bar_series("pace", Color::SkyBlue, &pace));
    if !gap.is_empty() {
        p.series.push(series_of(
            "grade-adjusted pace",
            SeriesKind::LinePoints,
            Color::Vermillion,
            vec![gap.iter().map(|g| r3((g.0, g.2))).collect()],
        ));
    }
    if labels {
        p.markers = value_labels(&pace, |y| format_min_sec(y * 60.0));
    }
    let mut panels = vec![p];
    if !cad.is_empty() {
        let target = cx.r.cadence.as_ref().and_then(|c| c.target.as_ref());
        let lo = cad.iter().map(|p| p.2).fold(f64::INFINITY, f64::min);
        let hi = cad.iter().map(|p| p.2).fold(f64::NEG_INFINITY, f64::max);
        let lo = target.map_or(lo, |t| lo.min(t.low_spm));
        let hi = target.map_or(hi, |t| hi.max(t.high_spm));
        let span = (hi - lo).max(10.0);
        let y_range = (
            round((lo - 0.3 * span).max(0.0), 3),
            round(hi + 0.2 * span, 3),
        );
        let mut c = cx.panel("cadence (steps/min)".into(), y_range, Ticks::Decimals(0));
        if let Some(t) = target {
            c.bands.push(target_band(t.low_spm, t.high_spm));
        }
        c.series
            .push(bar_series("running cadence", Color::Blue, &cad));
        if labels {
            c.markers = value_labels(&cad, |y| format!("{y:.0}"));
        }
        panels.push(c);
    }
    let title = format!(
        "Splits per {}: pace{} and running cadence",
        cx.units.distance_label(),
        if gap.is_empty() {
            ""
        } else {
            " (bars), grade-adjusted pace (line)"
        }
    );
    Some(ChartSpec {
        id: "splits",
        title,
        panels,
    })
}

fn bar_series(name: &str, color: Color, bars: &[(f64, f64, f64)]) -> Series {
    series_of(
        name,
        SeriesKind::Bars {
            widths: bars.iter().map(|b| round(b.1, 3)).collect(),
        },
        color,
        vec![bars.iter().map(|b| r3((b.0, b.2))).collect()],
    )
}

fn value_labels(bars: &[(f64, f64, f64)], text: impl Fn(f64) -> String) -> Vec<Marker> {
    bars.iter()
        .map(|&(x, _, y)| Marker {
            text: text(y),
            x: round(x, 3),
            y: round(y, 3),
            kind: MarkerKind::Above,
            color: Color::Black,
        })
        .collect()
}

fn target_band(low: f64, high: f64) -> Band {
    Band {
        label: format!("target {low:.0}–{high:.0} spm"),
        axis: Axis::Y,
        from: round(low, 3),
        to: round(high, 3),
        color: Color::BluishGreen,
    }
}

// ---------------------------------------------------------------- dynamics

fn dynamics_chart(cx: &Ctx<'_>) -> Option<ChartSpec> {
    let dy = cx.r.stride.as_ref()?.dynamics.as_ref()?;
    let n = cx.a.samples.len();
    let mut gct = vec![None; n];
    let mut vr = vec![None; n];
    for (i, s) in cx.a.samples.iter().enumerate() {
        if !cx.running(i) {
            continue;
        }
        gct[i] = s.stance_time_ms.filter(|v| v.is_finite() && *v > 0.0);
        vr[i] = s
            .vertical_ratio_pct
            .or_else(|| {
                let v = cx.speeds.get(i).copied().flatten()?;
                let c = s.cadence?.0;
                let step_m = v * 60.0 / c;
                Some(100.0 * (s.vertical_oscillation_mm? / 1000.0) / step_m)
            })
            .filter(|v| v.is_finite() && *v > 0.0);
    }
    let mut panels = Vec::new();
    let mut parts = Vec::new();
    for (values, y_label, min_span, color, decimals, avg, unit) in [
        (
            &gct,
            "ground contact time (ms)",
            20.0,
            Color::Blue,
            0,
            dy.stance_time_ms,
            "ms",
        ),
        (
            &vr,
            "vertical ratio (%)",
            1.0,
            Color::Vermillion,
            1,
            dy.vertical_ratio_pct,
            "%",
        ),
    ] {
        let raw = cx.points(values);
        if raw.len() < 2 {
            continue;
        }
        let mut ys: Vec<f64> = raw.iter().map(|p| p.1).collect();
        let Some((lo, hi)) = quantile_range(&mut ys, 0.01, 0.99) else {
            continue;
        };
        let y_range = padded(lo, hi, 0.08, min_span);
        let roll: Vec<Option<f64>> = cx
            .rolling(values, ROLLING_WINDOW_S)
            .iter()
            .enumerate()
            .map(|(i, v)| v.filter(|_| cx.running(i)))
            .collect();
        let mut p = cx.panel(y_label.into(), y_range, Ticks::Decimals(decimals));
        p.series.push(scatter(
            "each running sample",
            Color::Grey,
            in_y_range(raw, y_range),
        ));
        p.series.push(line(
            &format!("{ROLLING_WINDOW_S:.0} s rolling mean"),
            SeriesKind::Line,
            color,
            cx.segments(&roll),
            cx.x_range,
        ));
        panels.push(p);
        if let Some(v) = avg {
            let name = if unit == "ms" {
                "ground contact"
            } else {
                "vertical ratio"
            };
            parts.push(
                format!("{name} {v:.prec$} {unit}", prec = decimals as usize).replace(" %", "%"),
            );
        }
    }
    if panels.is_empty() {
        return None;
    }
    let title = if parts.is_empty() {
        "Running dynamics".to_string()
    } else {
        format!("Running dynamics: {}", parts.join(", "))
    };
    Some(ChartSpec {
        id: "dynamics",
        title,
        panels,
    })
}

// ---------------------------------------------------------------- helpers

fn r3(p: (f64, f64)) -> (f64, f64) {
    (round(p.0, 3), round(p.1, 3))
}

/// A series from segments (already downsampled and rounded).
fn series_of(name: &str, kind: SeriesKind, color: Color, segs: Vec<Vec<(f64, f64)>>) -> Series {
    let mut points = Vec::new();
    let mut breaks = Vec::new();
    for s in segs.into_iter().filter(|s| !s.is_empty()) {
        if !points.is_empty() {
            breaks.push(points.len());
        }
        points.extend(s);
    }
    Series {
        name: name.to_string(),
        kind,
        color,
        points,
        breaks,
    }
}

/// A line or area from raw segments: downsampled by bucket means, rounded.
fn line(
    name: &str,
    kind: SeriesKind,
    color: Color,
    segs: Vec<Vec<(f64, f64)>>,
    x_range: (f64, f64),
) -> Series {
    let total: usize = segs.iter().map(Vec::len).sum();
    let segs = if total > MAX_LINE_POINTS {
        segs.iter()
            .map(|s| {
                let s3: Vec<(f64, f64, f64)> = s.iter().map(|p| (p.0, p.1, 0.0)).collect();
                bucket3(&s3, x_range)
                    .into_iter()
                    .map(|p| (p.0, p.1))
                    .collect()
            })
            .collect()
    } else {
        segs
    };
    series_of(
        name,
        kind,
        color,
        segs.into_iter()
            .map(|s| s.into_iter().map(r3).collect())
            .collect(),
    )
}

/// A scatter series: every k-th point so at most [`MAX_SCATTER_POINTS`] remain, rounded.
fn scatter(name: &str, color: Color, pts: Vec<(f64, f64)>) -> Series {
    let k = pts.len().div_ceil(MAX_SCATTER_POINTS).max(1);
    series_of(
        name,
        SeriesKind::Points,
        color,
        vec![pts.into_iter().step_by(k).map(r3).collect()],
    )
}

fn in_y_range(pts: Vec<(f64, f64)>, (lo, hi): (f64, f64)) -> Vec<(f64, f64)> {
    pts.into_iter().filter(|p| p.1 >= lo && p.1 <= hi).collect()
}

/// Bucket means of `(x, a, b)` over [`MAX_LINE_POINTS`] equal x buckets of the whole
/// x range (callers decide whether a series is long enough to need it).
fn bucket3(pts: &[(f64, f64, f64)], (x0, x1): (f64, f64)) -> Vec<(f64, f64, f64)> {
    if x1 <= x0 {
        return pts.to_vec();
    }
    #[allow(clippy::cast_precision_loss)]
    let width = (x1 - x0) / MAX_LINE_POINTS as f64;
    let mut out: Vec<(f64, f64, f64)> = Vec::new();
    let mut acc = (0.0, 0.0, 0.0, 0.0_f64); // sums and count
    let mut current: Option<i64> = None;
    for p in pts {
        #[allow(clippy::cast_possible_truncation)] // bucket numbers are small
        let b = ((p.0 - x0) / width).floor() as i64;
        if current != Some(b) {
            if acc.3 > 0.0 {
                out.push((acc.0 / acc.3, acc.1 / acc.3, acc.2 / acc.3));
            }
            acc = (0.0, 0.0, 0.0, 0.0);
            current = Some(b);
        }
        acc = (acc.0 + p.0, acc.1 + p.1, acc.2 + p.2, acc.3 + 1.0);
    }
    if acc.3 > 0.0 {
        out.push((acc.0 / acc.3, acc.1 / acc.3, acc.2 / acc.3));
    }
    out
}

/// Time-weighted mean of `values` over a centred window of `window_s` seconds, at every
/// sample with a time. Samples without a value or with zero weight (pauses) are left out
/// of the means.
fn rolling_mean(
    t: &[Option<f64>],
    w: &[f64],
    values: &[Option<f64>],
    window_s: f64,
) -> Vec<Option<f64>> {
    let idx: Vec<usize> = (0..t.len()).filter(|&i| t[i].is_some()).collect();
    let ts: Vec<f64> = idx.iter().filter_map(|&i| t[i]).collect();
    let mut pre = vec![(0.0_f64, 0.0_f64); idx.len() + 1];
    for (k, &i) in idx.iter().enumerate() {
        let wi = w.get(i).copied().unwrap_or(0.0);
        let add = match values.get(i).copied().flatten() {
            Some(v) if v.is_finite() && wi > 0.0 => (wi * v, wi),
            _ => (0.0, 0.0),
        };
        pre[k + 1] = (pre[k].0 + add.0, pre[k].1 + add.1);
    }
    let half = 0.5 * window_s;
    let mut out = vec![None; t.len()];
    // Ingest leaves times increasing: then the window's ends only move forward.
    let sorted = ts.is_sorted();
    let (mut lo, mut hi) = (0, 0);
    for (k, &i) in idx.iter().enumerate() {
        if sorted {
            while lo < ts.len() && ts[lo] < ts[k] - half {
                lo += 1;
            }
            hi = hi.max(lo);
            while hi < ts.len() && ts[hi] <= ts[k] + half {
                hi += 1;
            }
        } else {
            lo = ts.partition_point(|&x| x < ts[k] - half);
            hi = ts.partition_point(|&x| x <= ts[k] + half);
        }
        let (sv, sw) = (pre[hi].0 - pre[lo].0, pre[hi].1 - pre[lo].1);
        if sw > 1e-9 {
            out[i] = Some(sv / sw);
        }
    }
    out
}

/// The `q_lo` and `q_hi` quantiles (nearest rank) of the finite values; `None` without any.
fn quantile_range(v: &mut Vec<f64>, q_lo: f64, q_hi: f64) -> Option<(f64, f64)> {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return None;
    }
    let mut at = |q: f64| {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let k = (((v.len() - 1) as f64 * q).round() as usize).min(v.len() - 1);
        // The k-th smallest, as a full sort would place it, in linear time.
        *v.select_nth_unstable_by(k, f64::total_cmp).1
    };
    let lo = at(q_lo);
    Some((lo, at(q_hi)))
}

/// `lo..hi` widened to at least `min_span` around its middle, then padded by `pad` of the
/// span on each side, rounded; never empty, inverted or NaN.
fn padded(lo: f64, hi: f64, pad: f64, min_span: f64) -> (f64, f64) {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(hi), lo.max(hi))
    } else {
        (0.0, 1.0)
    };
    let min_span = if min_span > 0.0 { min_span } else { 1.0 };
    let (lo, hi) = if hi - lo < min_span {
        let mid = 0.5 * (lo + hi);
        (mid - 0.5 * min_span, mid + 0.5 * min_span)
    } else {
        (lo, hi)
    };
    let p = pad * (hi - lo);
    (round(lo - p, 3), round(hi + p, 3))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::coach::review::review;
    use crate::coach::rules::Rules;
    use crate::synth::{fit::encode, fit::FitOptions, generate, Scenario};

    pub(crate) fn synth(s: &Scenario) -> Activity {
        let run = generate(s).expect("built-in scenario");
        let bytes = encode(&run, &FitOptions::default());
        crate::ingest::read_bytes(&bytes)
            .expect("FIT reads back")
            .remove(0)
    }

    fn charts(a: &Activity, units: UnitSystem) -> Vec<ChartSpec> {
        let r = review(a, &Rules::default(), units);
        build(a, &r, units)
    }

    fn ids(c: &[ChartSpec]) -> Vec<&'static str> {
        c.iter().map(|c| c.id).collect()
    }

    fn get<'c>(c: &'c [ChartSpec], id: &str) -> &'c ChartSpec {
        c.iter().find(|c| c.id == id).expect(id)
    }

    /// Every range is ordered and finite, every point finite, breaks in bounds.
    fn sane(c: &ChartSpec) {
        assert!(!c.panels.is_empty(), "{}", c.id);
        for p in &c.panels {
            for r in [p.x_range, p.y_range] {
                assert!(
                    r.0.is_finite() && r.1.is_finite() && r.0 < r.1,
                    "{}: {r:?}",
                    c.id
                );
            }
            assert!(!p.series.is_empty(), "{}: empty panel", c.id);
            assert!(p.y_label.contains('('), "{}: unit in {}", c.id, p.y_label);
            for s in &p.series {
                assert!(!s.points.is_empty(), "{}: {}", c.id, s.name);
                assert!(
                    s.points.len() <= MAX_LINE_POINTS + 50,
                    "{}: {} has {} points",
                    c.id,
                    s.name,
                    s.points.len()
                );
                assert!(s.points.iter().all(|q| q.0.is_finite() && q.1.is_finite()));
                assert!(s.breaks.iter().all(|&b| b > 0 && b < s.points.len()));
            }
        }
    }

    #[test]
    fn hilly_10k_has_every_chart() {
        let a = synth(&Scenario::hilly_10k());
        let c = charts(&a, UnitSystem::Metric);
        assert_eq!(
            ids(&c),
            [
                "cadence",
                "pace",
                "elevation",
                "stride",
                "splits",
                "dynamics"
            ]
        );
        for chart in &c {
            sane(chart);
            let x1 = chart.panels[0].x_range.1;
            if chart.id != "stride" {
                assert!((x1 - 10.0).abs() < 0.05, "{}: x ends at {x1}", chart.id);
            }
        }
        // The target band is the rules' band.
        let cad = &get(&c, "cadence").panels[0];
        let band = cad.bands.iter().find(|b| b.axis == Axis::Y).unwrap();
        assert_eq!((band.from, band.to), (170.0, 180.0));
        assert!(
            cad.bands.iter().all(|b| b.axis == Axis::Y),
            "no walk breaks"
        );
        // The climb is labelled with its gain and grade.
        let elev = &get(&c, "elevation").panels[0];
        let texts: Vec<&str> = elev.markers.iter().map(|m| m.text.as_str()).collect();
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("C1 +9") && t.ends_with('%')),
            "{texts:?}"
        );
        assert!(texts.iter().any(|t| t.starts_with("D1 -9")), "{texts:?}");
        // Labels sit above the profile.
        let top = elev
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.1))
            .fold(f64::NEG_INFINITY, f64::max);
        assert!(elev
            .markers
            .iter()
            .all(|m| m.y > top && m.y < elev.y_range.1));
        // Five grade bands on a hill with 6 % slopes.
        assert_eq!(
            elev.series
                .iter()
                .filter(|s| s.kind == SeriesKind::Area)
                .count(),
            5
        );
        // Pace is drawn faster-up, with elevation beneath.
        let pace = get(&c, "pace");
        assert!(pace.panels[0].y_inverted);
        assert_eq!(pace.panels.len(), 2);
        assert!(pace.panels[1].height < 1.0);
        assert_eq!(pace.panels[0].series.len(), 2, "pace and GAP");
        // Ten km splits, ten bars with their values.
        let splits = get(&c, "splits");
        assert_eq!(splits.panels[0].series[0].points.len(), 10);
        assert_eq!(splits.panels[0].markers.len(), 10);
        assert_eq!(splits.panels.len(), 2);
        assert_eq!(get(&c, "dynamics").panels.len(), 2);
    }

    #[test]
    fn imperial_axes_are_miles_and_feet() {
        let a = synth(&Scenario::hilly_10k());
        let c = charts(&a, UnitSystem::Imperial);
        for chart in c.iter().filter(|c| c.id != "stride") {
            let x1 = chart.panels[0].x_range.1;
            assert!((x1 - 6.21).abs() < 0.03, "{}: {x1}", chart.id);
            assert!(chart.panels[0].x_label.contains("(mi)"));
        }
        let elev = &get(&c, "elevation").panels[0];
        assert_eq!(elev.y_label, "elevation (ft)");
        assert!(elev.markers.iter().any(|m| m.text.starts_with("C1 +29")));
        assert_eq!(
            get(&c, "pace").panels[0].y_label,
            "pace (min/mi, faster up)"
        );
        assert_eq!(get(&c, "stride").panels[1].y_label, "step length (ft)");
        assert_eq!(get(&c, "splits").panels[0].series[0].points.len(), 7);
    }

    #[test]
    fn elevation_draws_the_analysis_profile_and_bands() {
        // GPS altitude: the chart must draw the analysis' smoothed profile and its bands.
        let mut a = synth(&Scenario::hilly_10k());
        let mut rng = crate::synth::SplitMix64::new(3);
        for s in &mut a.samples {
            s.altitude_m = s.altitude_m.map(|h| h + 1.5 * rng.normal());
        }
        a.altitude_source = crate::model::AltitudeSource::Gps;
        let r = review(&a, &Rules::default(), UnitSystem::Metric);
        let e = r.elevation.as_ref().unwrap();
        let c = build(&a, &r, UnitSystem::Metric);
        let elev = &get(&c, "elevation").panels[0];
        // The outline spans the analysis' altitude range (bucket means stay inside it).
        let outline = elev.series.last().unwrap();
        let top = outline.points.iter().map(|p| p.1).fold(f64::MIN, f64::max);
        let low = outline.points.iter().map(|p| p.1).fold(f64::MAX, f64::min);
        assert!(top <= e.max_altitude_m + 1e-3 && low >= e.min_altitude_m - 1e-3);
        // Each band's coloured length is the analysis' band distance, within the
        // downsampling (one bucket of 10 km / 1500 at each end of each segment).
        for (k, band) in e.bands.iter().enumerate() {
            let name = [
                "< -5%",
                "-5 to -2%",
                "-2 to 2%",
                "2 to 5%",
                "> 5%",
            ][k];
            let drawn_km: f64 = elev
                .series
                .iter()
                .filter(|s| s.name == name)
                .flat_map(|s| {
                    let mut starts = vec![0];
                    starts.extend(s.breaks.iter().copied());
                    starts.push(s.points.len());
                    starts
                        .windows(2)
                        .map(|w| s.points[w[1] - 1].0 - s.points[w[0]].0)
                        .collect::<Vec<_>>()
                })
                .sum();
            let segments = elev
                .series
                .iter()
                .filter(|s| s.name == name)
                .map(|s| s.breaks.len() + 1)
                .sum::<usize>();
            #[allow(clippy::cast_precision_loss)]
            let tol = 0.001 + 2.0 * 10.0 / 1500.0 * segments as f64;
            assert!(
                (drawn_km - band.distance_m / 1000.0).abs() <= tol,
                "{name}: drawn {drawn_km} km, analysis {} m, {segments} segments",
                band.distance_m
            );
        }
    }

    #[test]
    fn treadmill_has_no_elevation() {
        let a = synth(&Scenario::treadmill());
        let c = charts(&a, UnitSystem::Metric);
        assert!(!ids(&c).contains(&"elevation"), "{:?}", ids(&c));
        assert!(ids(&c).contains(&"cadence"));
        let pace = get(&c, "pace");
        assert_eq!(pace.panels.len(), 1, "no elevation panel");
        assert_eq!(pace.panels[0].series.len(), 1, "no GAP without grades");
        c.iter().for_each(sane);
    }

    #[test]
    fn run_walk_marks_its_walk_breaks() {
        let a = synth(&Scenario::run_walk_5_1());
        let r = review(&a, &Rules::default(), UnitSystem::Metric);
        let c = build(&a, &r, UnitSystem::Metric);
        c.iter().for_each(sane);
        let cad = &get(&c, "cadence").panels[0];
        let walks: Vec<&Band> = cad.bands.iter().filter(|b| b.axis == Axis::X).collect();
        assert_eq!(walks.len(), 6);
        assert_eq!(walks.len(), r.cadence.as_ref().unwrap().walk_break_count);
        assert!(walks
            .iter()
            .all(|b| b.to > b.from && b.label == "walk break"));
        // The walking cadence is inside the y range.
        assert!(cad.y_range.0 < 130.0);
    }

    #[test]
    fn route_without_times_has_only_elevation() {
        let mut a = synth(&Scenario::hilly_10k());
        for s in &mut a.samples {
            s.t_s = None;
            s.cadence = None;
            s.speed = None;
            s.stance_time_ms = None;
            s.vertical_ratio_pct = None;
            s.vertical_oscillation_mm = None;
            s.step_length_mm = None;
        }
        a.pauses.clear();
        let c = charts(&a, UnitSystem::Metric);
        assert_eq!(ids(&c), ["elevation"]);
    }

    #[test]
    fn flat_run_gets_ten_metres_of_elevation_range() {
        let mut a = synth(&Scenario::hilly_10k());
        for s in &mut a.samples {
            s.altitude_m = Some(100.0);
        }
        let c = charts(&a, UnitSystem::Metric);
        let e = &get(&c, "elevation").panels[0];
        assert!(
            e.y_range.0 <= 95.0 && e.y_range.1 >= 105.0,
            "{:?}",
            e.y_range
        );
        assert!(e.markers.is_empty());
        c.iter().for_each(sane);
    }

    #[test]
    fn empty_and_tiny_activities_give_no_charts_or_sane_ones() {
        let empty = Activity::new(crate::model::Format::Gpx);
        assert!(charts(&empty, UnitSystem::Metric).is_empty());
        let mut a = synth(&Scenario::hilly_10k());
        a.samples.truncate(3);
        a.pauses.clear();
        charts(&a, UnitSystem::Metric).iter().for_each(sane);
    }

    #[test]
    fn long_runs_are_downsampled_deterministically() {
        let pts: Vec<(f64, f64)> = (0..100_000).map(|i| (f64::from(i) / 1000.0, 1.0)).collect();
        let s = line(
            "x",
            SeriesKind::Line,
            Color::Blue,
            vec![pts.clone()],
            (0.0, 100.0),
        );
        assert!(s.points.len() <= MAX_LINE_POINTS + 1);
        assert_eq!(
            s,
            line(
                "x",
                SeriesKind::Line,
                Color::Blue,
                vec![pts.clone()],
                (0.0, 100.0)
            )
        );
        let sc = scatter("x", Color::Grey, pts);
        assert!(sc.points.len() <= MAX_SCATTER_POINTS);
    }

    #[test]
    fn baseline_is_drawn_on_the_stride_chart() {
        let a = synth(&Scenario::hilly_10k());
        let r = review(&a, &Rules::default(), UnitSystem::Metric);
        let b = Baseline {
            cadence_at_speed: crate::analysis::stride::SpeedLine {
                intercept: 150.0,
                slope: 6.0,
            },
            step_length_at_speed: crate::analysis::stride::SpeedLine {
                intercept: 0.2,
                slope: 0.3,
            },
        };
        let c = build_with(&a, &r, UnitSystem::Metric, Some(&b));
        let st = get(&c, "stride");
        let line = st.panels[0]
            .series
            .iter()
            .find(|s| s.name == "your baseline")
            .unwrap();
        // At x km/h the line is 150 + 6 · x / 3.6.
        let (x, y) = line.points[0];
        assert!((y - (150.0 + 6.0 * x / 3.6)).abs() < 0.01);
    }

    #[test]
    fn helpers_corner_cases() {
        assert_eq!(padded(f64::NAN, 1.0, 0.0, 1.0), (0.0, 1.0));
        assert_eq!(padded(5.0, 5.0, 0.0, 10.0), (0.0, 10.0));
        assert!(quantile_range(&mut vec![], 0.0, 1.0).is_none());
        assert!(quantile_range(&mut vec![f64::NAN], 0.0, 1.0).is_none());
        let r = rolling_mean(
            &[Some(0.0), None, Some(2.0)],
            &[1.0, 1.0, 1.0],
            &[Some(1.0), Some(9.0), Some(3.0)],
            10.0,
        );
        assert_eq!(r, vec![Some(2.0), None, Some(2.0)]);
    }

    proptest::proptest! {
        /// The sliding window equals the definition: a time-weighted mean over every
        /// sample within half a window of each time.
        #[test]
        fn rolling_mean_is_the_windowed_mean(
            pts in proptest::collection::vec(
                (0.0..8.0_f64, proptest::option::of(100.0..200.0_f64), 0.0..3.0_f64),
                0..80,
            ),
            window in 1.0..40.0_f64,
        ) {
            let mut t = Vec::new();
            let mut x = 0.0;
            for (dt, _, _) in &pts {
                x += dt;
                t.push(Some(x));
            }
            let w: Vec<f64> = pts.iter().map(|p| p.2).collect();
            let v: Vec<Option<f64>> = pts.iter().map(|p| p.1).collect();
            let got = rolling_mean(&t, &w, &v, window);
            for (k, tk) in t.iter().enumerate() {
                let tk = tk.unwrap_or_default();
                let (mut sv, mut sw) = (0.0, 0.0);
                for (j, tj) in t.iter().enumerate() {
                    if (tj.unwrap_or_default() - tk).abs() <= window / 2.0
                        && w[j] > 0.0
                        && v[j].is_some()
                    {
                        sv += w[j] * v[j].unwrap_or_default();
                        sw += w[j];
                    }
                }
                let want = (sw > 1e-9).then(|| sv / sw);
                match (got[k], want) {
                    (Some(g), Some(e)) => proptest::prop_assert!((g - e).abs() < 1e-6),
                    (g, e) => proptest::prop_assert_eq!(g.is_some(), e.is_some()),
                }
            }
        }
    }
}
