//! The `cadence` chart (see the [module docs](super)).

use super::series::{in_y_range, line, padded, quantile_range, scatter, target_band, Ctx};
use super::{Axis, Band, ChartSpec, Color, SeriesKind, Ticks, ROLLING_WINDOW_S};
use crate::round;

pub(super) fn cadence_chart(cx: &Ctx<'_>) -> Option<ChartSpec> {
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
        format!(
            "{title}; {}",
            crate::folder::text::counted(c.walk_break_count, "walk break", "walk breaks")
        )
    } else {
        title
    };
    Some(ChartSpec {
        id: "cadence",
        title,
        panels: vec![p],
    })
}
