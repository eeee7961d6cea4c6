//! The `splits` chart (see the [module docs](super)).

use super::series::{r3, series_of, target_band, Ctx};
use super::{ChartSpec, Color, Marker, MarkerKind, Series, SeriesKind, Ticks};
use crate::round;
use stridewise_engine::units::{format_min_sec, Pace};

/// Most splits whose bars carry their value.
const MAX_VALUE_LABELS: usize = 30;

pub(super) fn splits_chart(cx: &Ctx<'_>) -> Option<ChartSpec> {
    let pa = cx.r.pace.as_ref()?;
    if !cx.by_distance || pa.splits.is_empty() {
        return None;
    }
    let per_unit = |s: f64| Pace { sec_per_km: s }.seconds_per(cx.units) / 60.0;
    // A last partial split shorter than a tenth of a split says nothing about pace (as in
    // the text report).
    let shown: Vec<(&stridewise_engine::analysis::pace::Split, Option<f64>)> = pa
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
    let bars =
        |value: &dyn Fn(&stridewise_engine::analysis::pace::Split, Option<f64>) -> Option<f64>| {
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

pub(super) fn bar_series(name: &str, color: Color, bars: &[(f64, f64, f64)]) -> Series {
    series_of(
        name,
        SeriesKind::Bars {
            widths: bars.iter().map(|b| round(b.1, 3)).collect(),
        },
        color,
        vec![bars.iter().map(|b| r3((b.0, b.2))).collect()],
    )
}

pub(super) fn value_labels(bars: &[(f64, f64, f64)], text: impl Fn(f64) -> String) -> Vec<Marker> {
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
