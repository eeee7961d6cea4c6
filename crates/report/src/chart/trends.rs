//! Chart data of the folder trends (pure; drawn by `report::png` like the run charts):
//! weekly distance with the week-over-week change, cadence at easy pace over time, hill
//! exposure per week, pace drift and decoupling over time. x is days since 1970-01-01
//! (UTC), labelled as dates.

use super::{Axis, Band, ChartSpec, Color, Marker, MarkerKind, Panel, Series, SeriesKind, Ticks};
use chrono::{DateTime, NaiveDate, Utc};
use stridewise_engine::history::trends::Trends;
use stridewise_engine::units::UnitSystem;

/// Days since 1970-01-01 of a UTC instant (fractional).
fn day(t: DateTime<Utc>) -> f64 {
    let s = t.timestamp() as f64;
    s / 86_400.0
}

fn date_day(d: NaiveDate) -> f64 {
    day(d
        .and_hms_opt(0, 0, 0)
        .map_or_else(DateTime::<Utc>::default, |t| t.and_utc()))
}

/// (lo, hi) padded by `pad` of the span, at least `min_span` wide.
fn span(values: impl Iterator<Item = f64>, pad: f64, min_span: f64) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if hi - lo < min_span {
        let mid = (hi + lo) / 2.0;
        lo = mid - min_span / 2.0;
        hi = mid + min_span / 2.0;
    }
    let p = (hi - lo) * pad;
    (lo - p, hi + p)
}

/// x label of the weekly panels: ISO weeks of the runs' local dates (`history::trends`).
const WEEKS_LABEL: &str = "week (Monday, local dates)";
/// x label of the per-run panels: each run at its start instant.
const RUNS_LABEL: &str = "date (UTC)";

fn panel(
    x_label: &str,
    x_range: (f64, f64),
    y_label: String,
    y_range: (f64, f64),
    series: Vec<Series>,
) -> Panel {
    Panel {
        x_label: x_label.into(),
        y_label,
        x_range,
        y_range,
        x_ticks: Ticks::Date,
        y_ticks: Ticks::Decimals(0),
        y_inverted: false,
        height: 1.0,
        series,
        bands: Vec::new(),
        markers: Vec::new(),
    }
}

/// Weeks shown in the weekly charts (the most recent ones; every week is in
/// `summary.json`).
pub(crate) const WEEKS_CHARTED: usize = 26;

fn recent(t: &Trends) -> &[stridewise_engine::history::trends::Week] {
    &t.weeks[t.weeks.len().saturating_sub(WEEKS_CHARTED)..]
}

/// Every trend chart the folder has data for.
#[must_use]
pub fn build(t: &Trends, u: UnitSystem) -> Vec<ChartSpec> {
    build_with_pain(t, u, &std::collections::BTreeMap::new())
}

/// [`build`], with the pain log by day marked on the weekly chart.
#[must_use]
pub(crate) fn build_with_pain(
    t: &Trends,
    u: UnitSystem,
    pain: &std::collections::BTreeMap<chrono::NaiveDate, u8>,
) -> Vec<ChartSpec> {
    let mut out = Vec::new();
    if t.weeks.len() >= 2 {
        let mut spec = weekly(t, u);
        if let Some(p) = cross_and_pain(t, pain) {
            spec.panels.push(p);
        }
        out.push(spec);
    }
    if t.cadence_points.len() >= 2 {
        out.push(cadence(t));
    }
    if recent(t).iter().filter(|w| w.gain_per_km.is_some()).count() >= 2 {
        out.push(hills(t, u));
    }
    if t.drift_points.len() + t.decoupling_points.len() >= 2 {
        out.push(drift(t));
    }
    out
}

/// The weekly chart's second panel: cross-training minutes per week, with the week's
/// highest logged pain above its bar; `None` when the charted weeks have neither.
fn cross_and_pain(
    t: &Trends,
    pain: &std::collections::BTreeMap<chrono::NaiveDate, u8>,
) -> Option<Panel> {
    let weeks = recent(t);
    let week_pain = |w: &stridewise_engine::history::trends::Week| {
        let end = w.monday.checked_add_days(chrono::Days::new(7))?;
        pain.range(w.monday..end).map(|(_, p)| *p).max()
    };
    if !weeks
        .iter()
        .any(|w| w.cross_training_s > 0.0 || week_pain(w).is_some())
    {
        return None;
    }
    let x0 = weeks.first().map_or(0.0, |w| date_day(w.monday));
    let x1 = weeks.last().map_or(7.0, |w| date_day(w.monday) + 7.0);
    let points: Vec<(f64, f64)> = weeks
        .iter()
        .map(|w| (date_day(w.monday) + 3.5, w.cross_training_s / 60.0))
        .collect();
    let top = points.iter().map(|p| p.1).fold(30.0, f64::max) * 1.25;
    let mut p = panel(
        WEEKS_LABEL,
        (x0, x1),
        "cross-training (min/week)".into(),
        (0.0, top),
        vec![Series {
            name: "cross-training".into(),
            kind: SeriesKind::Bars {
                widths: vec![5.5; points.len()],
            },
            color: Color::BluishGreen,
            points: points.clone(),
            breaks: Vec::new(),
        }],
    );
    p.y_ticks = Ticks::Decimals(0);
    p.markers = weeks
        .iter()
        .zip(&points)
        .filter_map(|(w, (x, y))| {
            week_pain(w).map(|pain| Marker {
                text: format!("pain {pain}/10"),
                x: *x,
                y: *y,
                kind: MarkerKind::Above,
                color: Color::Vermillion,
            })
        })
        .collect();
    Some(p)
}

fn weekly(t: &Trends, u: UnitSystem) -> ChartSpec {
    let weeks = recent(t);
    let x0 = weeks.first().map_or(0.0, |w| date_day(w.monday));
    let x1 = weeks.last().map_or(7.0, |w| date_day(w.monday) + 7.0);
    let points: Vec<(f64, f64)> = weeks
        .iter()
        .map(|w| (date_day(w.monday) + 3.5, u.distance(w.distance_m)))
        .collect();
    let top = points.iter().map(|p| p.1).fold(1.0, f64::max) * 1.18;
    let mut p = panel(
        WEEKS_LABEL,
        (x0, x1),
        format!("distance per week ({})", u.distance_label()),
        (0.0, top),
        vec![Series {
            name: "weekly distance".into(),
            kind: SeriesKind::Bars {
                widths: vec![5.5; points.len()],
            },
            color: Color::SkyBlue,
            points: points.clone(),
            breaks: Vec::new(),
        }],
    );
    p.y_ticks = Ticks::Decimals(0);
    // The week-over-week change above each bar, when the chart is not too crowded.
    {
        p.markers = weeks
            .iter()
            .zip(&points)
            .filter_map(|(w, (x, y))| {
                w.change_pct.map(|c| Marker {
                    text: format!("{c:+.0}%"),
                    x: *x,
                    y: *y,
                    kind: MarkerKind::Above,
                    color: if (-30.0..=-20.0).contains(&c) {
                        Color::BluishGreen
                    } else {
                        Color::Black
                    },
                })
            })
            .collect();
    }
    ChartSpec {
        id: "trend-weekly",
        title: format!(
            "Weekly distance, last {} weeks, and change on the week before (a 20–30% cut is advised while a hip is sore)",
            weeks.len()
        ),
        panels: vec![p],
    }
}

fn cadence(t: &Trends) -> ChartSpec {
    let points: Vec<(f64, f64)> = t
        .cadence_points
        .iter()
        .map(|(d, c)| (day(*d), *c))
        .collect();
    let x = span(points.iter().map(|p| p.0), 0.04, 7.0);
    let y = span(points.iter().map(|p| p.1).chain([170.0]), 0.1, 10.0);
    let mut series = vec![Series {
        name: "running cadence at easy pace, per run".into(),
        kind: SeriesKind::Marks,
        color: Color::Blue,
        points: points.clone(),
        breaks: Vec::new(),
    }];
    if let (Some(slope), Some(first), Some(last)) =
        (t.cadence_trend_spm_per_30d, points.first(), points.last())
    {
        // The least-squares line through the points' mean.
        let n = points.len() as f64;
        let (mx, my) = points
            .iter()
            .fold((0.0, 0.0), |a, p| (a.0 + p.0 / n, a.1 + p.1 / n));
        let b = slope / 30.0;
        series.push(Series {
            name: format!("trend {slope:+.1} steps/min per 30 days"),
            kind: SeriesKind::Line,
            color: Color::Vermillion,
            points: vec![
                (first.0, my + b * (first.0 - mx)),
                (last.0, my + b * (last.0 - mx)),
            ],
            breaks: Vec::new(),
        });
    }
    let mut p = panel(RUNS_LABEL, x, "cadence (steps/min)".into(), y, series);
    p.bands.push(Band {
        label: "170–180 steps/min".into(),
        axis: Axis::Y,
        from: 170.0,
        to: 180.0,
        color: Color::BluishGreen,
    });
    ChartSpec {
        id: "trend-cadence",
        title: "Cadence at easy pace over time".into(),
        panels: vec![p],
    }
}

fn hills(t: &Trends, u: UnitSystem) -> ChartSpec {
    let weeks = recent(t);
    let x0 = weeks.first().map_or(0.0, |w| date_day(w.monday));
    let x1 = weeks.last().map_or(7.0, |w| date_day(w.monday) + 7.0);
    let per = match u {
        UnitSystem::Metric => "m per km",
        UnitSystem::Imperial => "ft per mi",
    };
    let gain: Vec<(f64, f64)> = weeks
        .iter()
        .filter_map(|w| {
            w.gain_per_km.map(|g| {
                // m/km → ft/mi: × 3.2808 / 0.6214.
                let v = u.elevation(g) / u.distance(1000.0);
                (date_day(w.monday) + 3.5, v)
            })
        })
        .collect();
    let steep: Vec<(f64, f64)> = weeks
        .iter()
        .filter_map(|w| w.steep_share_pct.map(|s| (date_day(w.monday) + 3.5, s)))
        .collect();
    let g_top = gain.iter().map(|p| p.1).fold(1.0, f64::max) * 1.15;
    let s_top = steep.iter().map(|p| p.1).fold(5.0, f64::max) * 1.15;
    let n = gain.len();
    let top = panel(
        WEEKS_LABEL,
        (x0, x1),
        format!("climbing ({per})"),
        (0.0, g_top),
        vec![Series {
            name: "elevation gain per distance".into(),
            kind: SeriesKind::Bars {
                widths: vec![5.5; n],
            },
            color: Color::Orange,
            points: gain,
            breaks: Vec::new(),
        }],
    );
    let m = steep.len();
    let bottom = panel(
        WEEKS_LABEL,
        (x0, x1),
        "steep distance (%)".into(),
        (0.0, s_top),
        vec![Series {
            name: "share of distance steeper than ±5%".into(),
            kind: SeriesKind::Bars {
                widths: vec![5.5; m],
            },
            color: Color::Vermillion,
            points: steep,
            breaks: Vec::new(),
        }],
    );
    ChartSpec {
        id: "trend-hills",
        title: format!("Hill exposure per week, last {} weeks", weeks.len()),
        panels: vec![top, bottom],
    }
}

fn drift(t: &Trends) -> ChartSpec {
    let d: Vec<(f64, f64)> = t.drift_points.iter().map(|(x, y)| (day(*x), *y)).collect();
    let c: Vec<(f64, f64)> = t
        .decoupling_points
        .iter()
        .map(|(x, y)| (day(*x), *y))
        .collect();
    let x = span(d.iter().chain(&c).map(|p| p.0), 0.04, 7.0);
    let y = span(
        d.iter().chain(&c).map(|p| p.1).chain([0.0, 10.0]),
        0.1,
        10.0,
    );
    let mut p = panel(
        RUNS_LABEL,
        x,
        "percent".into(),
        y,
        vec![
            Series {
                name: "pace drift (GAP, 2nd half vs 1st)".into(),
                kind: SeriesKind::Marks,
                color: Color::Blue,
                points: d,
                breaks: Vec::new(),
            },
            Series {
                name: "aerobic decoupling".into(),
                kind: SeriesKind::Marks,
                color: Color::Vermillion,
                points: c,
                breaks: Vec::new(),
            },
        ],
    );
    p.bands.push(Band {
        label: "decoupling under 5% (good)".into(),
        axis: Axis::Y,
        from: y.0.max(-100.0),
        to: 5.0,
        color: Color::BluishGreen,
    });
    ChartSpec {
        id: "trend-drift",
        title: "Pace drift and aerobic decoupling per run".into(),
        panels: vec![p],
    }
}
