//! The `stride` chart (see the [module docs](super)).

use super::series::{padded, quantile_range, r3, scatter, series_of, target_band, Ctx};
use super::{ChartSpec, Color, Panel, SeriesKind, Ticks};
use stridewise_engine::analysis::stride::Baseline;
use stridewise_engine::units::UnitSystem;

pub(super) fn stride_chart(cx: &Ctx<'_>, baseline: Option<&Baseline>) -> Option<ChartSpec> {
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
