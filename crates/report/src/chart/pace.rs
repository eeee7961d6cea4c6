//! The `pace` chart (see the [module docs](super)).

use super::elevation::{profile, profile_range};
use super::series::{line, padded, quantile_range, Ctx};
use super::{ChartSpec, Color, SeriesKind, Ticks, PACE_WINDOW_S};
use stridewise_engine::units::Pace;

pub(super) fn pace_chart(cx: &Ctx<'_>) -> Option<ChartSpec> {
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
        cx.rolling(&cx.r.gap_speeds, PACE_WINDOW_S)
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
