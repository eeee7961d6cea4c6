//! The `elevation` chart and the altitude profile it shares with the `pace` chart (see
//! the [module docs](super)).

use super::series::{bucket3, padded, r3, series_of, Ctx};
use super::{ChartSpec, Color, Marker, MarkerKind, SeriesKind, Ticks, MAX_LINE_POINTS};
use crate::folder::text::counted;
use crate::round;
use stridewise_engine::analysis::elevation::{Elevation, Section};

/// Rows of climb/descent labels above the profile.
const LABEL_ROWS: usize = 3;
/// Share of the plot height one label row takes.
const LABEL_ROW_SHARE: f64 = 0.085;
/// Width of one label character as a share of the plot width (about 7.5 px of a 1100 px
/// wide plot at the renderer's 12 px label font).
const LABEL_CHAR_SHARE: f64 = 7.5 / 1100.0;

/// The altitude profile the analysis computed: `(x, height, grade)` in display units
/// (grade as a fraction), downsampled.
pub(super) fn profile(cx: &Ctx<'_>) -> Vec<(f64, f64, f64)> {
    let full: Vec<(f64, f64, f64)> =
        cx.r.profile
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

pub(super) fn profile_range(cx: &Ctx<'_>, prof: &[(f64, f64, f64)]) -> (f64, f64) {
    let lo = prof.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let hi = prof.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    padded(lo, hi, 0.08, cx.units.elevation(10.0))
}

pub(super) fn elevation_chart(cx: &Ctx<'_>) -> Option<ChartSpec> {
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
        let y = data_range.1 + (row as f64 + 0.55) * LABEL_ROW_SHARE * total;
        m.y = round(y, 3);
        p.markers.push(m);
    }
    let u = cx.units.elevation_label();
    let mut title = format!(
        "Elevation: +{:.0} {u} / -{:.0} {u}, {}, {}",
        cx.units.elevation(e.gain_m),
        cx.units.elevation(e.loss_m),
        counted(e.climbs.len(), "climb", "climbs"),
        counted(e.descents.len(), "descent", "descents")
    );
    if e.source == stridewise_engine::model::AltitudeSource::Gps {
        title.push_str(" (GPS altitude, smoothed)");
    } else if e.low_confidence {
        title.push_str(&format!(" ({})", e.altitude_words()));
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
pub(super) fn section_labels(cx: &Ctx<'_>, e: &Elevation) -> (Vec<(usize, Marker)>, usize) {
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
