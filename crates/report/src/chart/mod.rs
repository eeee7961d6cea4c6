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
//!   ([`BandEdges::band_of`](stridewise_engine::analysis::elevation::BandEdges::band_of)), so the
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

mod cadence;
mod dynamics;
mod elevation;
mod pace;
mod series;
mod splits;
mod stride;
pub mod trends;

use serde::Serialize;
use series::Ctx;
use stridewise_engine::analysis::stride::Baseline;
use stridewise_engine::coach::review::Review;
use stridewise_engine::model::Activity;
use stridewise_engine::units::UnitSystem;

/// Most points of a line or area series after downsampling.
pub const MAX_LINE_POINTS: usize = 1500;
/// Most points of a scatter series after downsampling.
pub const MAX_SCATTER_POINTS: usize = 1500;
/// Window of the cadence and running-dynamics rolling means, s.
pub(crate) const ROLLING_WINDOW_S: f64 = 60.0;
/// Window of the pace and GAP smoothing, s.
pub(crate) const PACE_WINDOW_S: f64 = 30.0;
/// Paces slower than this are not plotted (standing still), s/km.
pub(crate) const SLOWEST_PACE_S_PER_KM: f64 = 1200.0;
/// Lines break across a recording gap longer than this, s (or twice the weight cap of a
/// sparser recording, see [`weight_cap`](stridewise_engine::analysis::totals::weight_cap)).
pub const LINE_GAP_S: f64 = 60.0;

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
    /// A large opaque dot at each point, marking places (the route's long steps) or one
    /// value per run (the trend charts) rather than plotting a cloud of samples.
    Marks,
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
        cadence::cadence_chart(&cx),
        pace::pace_chart(&cx),
        elevation::elevation_chart(&cx),
        stride::stride_chart(&cx, baseline),
        splits::splits_chart(&cx),
        dynamics::dynamics_chart(&cx),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::series::{line, padded, quantile_range, rolling_mean, scatter};
    use super::*;
    use stridewise_engine::coach::review::{review, review_with, ReviewOptions};
    use stridewise_engine::coach::rules::Rules;
    use stridewise_engine::synth::{fit::encode, fit::FitOptions, generate, Scenario};

    pub(crate) fn synth(s: &Scenario) -> Activity {
        let run = generate(s).expect("built-in scenario");
        let bytes = encode(&run, &FitOptions::default());
        stridewise_engine::ingest::read_bytes(&bytes)
            .expect("FIT reads back")
            .remove(0)
    }

    fn charts(a: &Activity, units: UnitSystem) -> Vec<ChartSpec> {
        let r = review_with(
            a,
            &ReviewOptions {
                split_m: units.split_meters(),
                ..ReviewOptions::new(&Rules::default())
            },
        );
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
        let mut rng = stridewise_engine::synth::SplitMix64::new(3);
        for s in &mut a.samples {
            s.altitude_m = s.altitude_m.map(|h| h + 1.5 * rng.normal());
        }
        a.altitude_source = stridewise_engine::model::AltitudeSource::Gps;
        let r = review(&a, &Rules::default());
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
            let name = ["< -5%", "-5 to -2%", "-2 to 2%", "2 to 5%", "> 5%"][k];
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
        let r = review(&a, &Rules::default());
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
        let empty = Activity::new(stridewise_engine::model::Format::Gpx);
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
        let r = review(&a, &Rules::default());
        let b = Baseline {
            cadence_at_speed: stridewise_engine::analysis::stride::SpeedLine {
                intercept: 150.0,
                slope: 6.0,
            },
            step_length_at_speed: stridewise_engine::analysis::stride::SpeedLine {
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
