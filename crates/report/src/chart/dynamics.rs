//! The `dynamics` chart (see the [module docs](super)).

use super::series::{in_y_range, line, padded, quantile_range, scatter, Ctx};
use super::{ChartSpec, Color, SeriesKind, Ticks, ROLLING_WINDOW_S};

pub(super) fn dynamics_chart(cx: &Ctx<'_>) -> Option<ChartSpec> {
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
