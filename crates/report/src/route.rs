//! The route trace (`route.png`): the run's track drawn from latitude and longitude alone,
//! offline (no map tiles, nothing fetched), coloured by grade, with the descents and the
//! long-step stretches marked. Chart data only; [`super::png`] draws it.
//!
//! * **Projection**: equirectangular about the track's mean latitude φ₀,
//!   `x = R·Δλ·cos φ₀`, `y = R·Δφ` (R = 6 371 km, angles in radians), in km or mi. Over
//!   the few kilometres of a run the distortion is far below a line's width (Snyder 1987,
//!   "Map Projections: A Working Manual", USGS PP 1395, p. 90). The ranges are padded to
//!   the plot's aspect ratio so a kilometre east is as long as a kilometre north.
//! * **Colour by grade**: each segment takes the grade of its first sample (the review's
//!   windowed grade), in the elevation chart's five bands (edges ±2 % and ±steep, 5 % by
//!   default); segments without a grade are grey.
//! * **Descents**: the descents the `steep_descents` finding counts
//!   ([`stridewise_engine::coach::review::hard_descents`]) are labelled `D3 -45 m -8.1%` at their
//!   middle sample, numbered as the elevation chart numbers all descents (so a descent
//!   has one label on both); the gentle and short ones are left to the grade colours.
//! * **Start and finish**: a dot and the word each.
//! * **Long steps**: the review's stretches where the step is longer than this run's at
//!   that speed ([`stridewise_engine::analysis::stride::long_step_stretches`], computed by the review,
//!   never here) are dotted. Dots are thinned to one per [`DOT_SPACING`] of the plot's
//!   span so the grade colour shows between them.

use super::chart::{ChartSpec, Color, Marker, MarkerKind, Panel, Series, SeriesKind, Ticks};
use super::round;
use stridewise_engine::analysis::stride;
use stridewise_engine::coach::review::{hard_descents, Review};
use stridewise_engine::coach::rules::Rules;
use stridewise_engine::model::Activity;
use stridewise_engine::units::{UnitSystem, METERS_PER_MILE};

/// Mean Earth radius, m (IUGG).
const EARTH_RADIUS_M: f64 = 6_371_000.0;
/// Least distance between two long-step dots, as a share of the plot's larger span.
pub const DOT_SPACING: f64 = 0.025;
/// Grade band edge between flat and gentle, percent (the elevation analysis's edge).
const GENTLE_PCT: f64 = 2.0;
/// Pixel size the route is drawn at (square, so the aspect ratio holds).
pub(crate) const ROUTE_PX: (u32, u32) = (900, 900);
/// Share of the width the plot area takes at [`ROUTE_PX`] against its height (the
/// renderer's title and axis margins), used to pad ranges to equal scales.
const PLOT_ASPECT: f64 = 0.93;

/// The route chart, `None` without at least two positions. `rules` give the steep grade
/// of the colours and the descents worth a label.
#[must_use]
pub fn build(a: &Activity, r: &Review, u: UnitSystem, rules: &Rules) -> Option<ChartSpec> {
    let steep_pct = rules.steep_grade_pct;
    let pos: Vec<(usize, f64, f64)> = a
        .samples
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match (s.lat_deg, s.lon_deg) {
            (Some(la), Some(lo))
                if la.is_finite() && lo.is_finite() && la.abs() <= 90.0 && lo.abs() <= 180.0 =>
            {
                Some((i, la, lo))
            }
            _ => None,
        })
        .collect();
    if pos.len() < 2 {
        return None;
    }
    let n = pos.len() as f64;
    let lat0 = pos.iter().map(|p| p.1).sum::<f64>() / n;
    let lon0 = pos.first().map_or(0.0, |p| p.2);
    let scale = match u {
        UnitSystem::Metric => 1000.0,
        UnitSystem::Imperial => METERS_PER_MILE,
    };
    let cos0 = lat0.to_radians().cos();
    let xy: Vec<(usize, f64, f64)> = pos
        .iter()
        .map(|&(i, la, lo)| {
            // Wrap across the antimeridian.
            let mut dl = lo - lon0;
            if dl > 180.0 {
                dl -= 360.0;
            } else if dl < -180.0 {
                dl += 360.0;
            }
            let x = EARTH_RADIUS_M * dl.to_radians() * cos0 / scale;
            let y = EARTH_RADIUS_M * (la - lat0).to_radians() / scale;
            (i, round(x, 4), round(y, 4))
        })
        .collect();
    let class = |i: usize| -> usize {
        match r.grades.get(i).copied().flatten() {
            None => 5,
            Some(g) => {
                let pct = g * 100.0;
                if pct < -steep_pct {
                    0
                } else if pct < -GENTLE_PCT {
                    1
                } else if pct <= GENTLE_PCT {
                    2
                } else if pct <= steep_pct {
                    3
                } else {
                    4
                }
            }
        }
    };
    let names = [
        format!("steep down (< -{steep_pct:.0}%)"),
        "down".to_string(),
        "flat (±2%)".to_string(),
        "up".to_string(),
        format!("steep up (> {steep_pct:.0}%)"),
        "grade unknown".to_string(),
    ];
    let colors = [
        Color::Blue,
        Color::SkyBlue,
        Color::Grey,
        Color::Orange,
        Color::Vermillion,
        Color::LightGrey,
    ];
    let mut series: Vec<Series> = Vec::new();
    for (c, (name, color)) in names.iter().zip(colors).enumerate() {
        let mut points = Vec::new();
        let mut breaks = Vec::new();
        let mut open = false;
        for w in xy.windows(2) {
            let [(i, x0, y0), (_, x1, y1)] = w else {
                continue;
            };
            if class(*i) == c {
                if !open {
                    if !points.is_empty() {
                        breaks.push(points.len());
                    }
                    points.push((*x0, *y0));
                    open = true;
                }
                points.push((*x1, *y1));
            } else {
                open = false;
            }
        }
        if !points.is_empty() {
            series.push(Series {
                name: name.clone(),
                kind: SeriesKind::Line,
                color,
                points,
                breaks,
            });
        }
    }
    // Long steps: the review's stretches ([`stride::long_step_stretches`]), dotted on
    // the positions that fall in them.
    if !r.long_steps.is_empty() {
        let span = (xy.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max)
            - xy.iter().map(|p| p.1).fold(f64::INFINITY, f64::min))
        .max(
            xy.iter().map(|p| p.2).fold(f64::NEG_INFINITY, f64::max)
                - xy.iter().map(|p| p.2).fold(f64::INFINITY, f64::min),
        );
        let gap = span * DOT_SPACING;
        let mut stretches = r.long_steps.iter().peekable();
        let mut long: Vec<(f64, f64)> = Vec::new();
        for &(i, x, y) in &xy {
            while stretches.next_if(|&&(_, last)| last < i).is_some() {}
            let inside = stretches.peek().is_some_and(|&&(first, _)| first <= i);
            if inside
                && long
                    .last()
                    .is_none_or(|&(lx, ly)| (x - lx).hypot(y - ly) >= gap)
            {
                long.push((x, y));
            }
        }
        if !long.is_empty() {
            let pct = stride::LongStepParams::default().long_step_pct;
            series.push(Series {
                name: format!("steps > {pct:.0}% longer than this run's at that speed"),
                kind: SeriesKind::Marks,
                color: Color::ReddishPurple,
                points: long,
                breaks: Vec::new(),
            });
        }
    }
    let at = |i: usize| {
        xy.iter()
            .min_by_key(|(j, _, _)| j.abs_diff(i))
            .map(|&(_, x, y)| (x, y))
    };
    let mut markers = Vec::new();
    // Start and finish: a dot each (green, vermillion) with its word, so the direction
    // of the loop is readable.
    let ends = [
        ("start", xy.first(), Color::BluishGreen),
        ("finish", xy.last(), Color::Vermillion),
    ];
    for (word, p, color) in ends {
        if let Some(&(_, x, y)) = p {
            series.push(Series {
                name: word.to_string(),
                kind: SeriesKind::Marks,
                color,
                points: vec![(x, y)],
                breaks: Vec::new(),
            });
            markers.push(Marker {
                text: word.to_string(),
                x,
                y,
                kind: MarkerKind::Above,
                color,
            });
        }
    }
    if let Some(e) = &r.elevation {
        // Numbered as the elevation chart numbers every descent (D1 the first of the
        // run), so one descent has one label on both charts.
        for d in hard_descents(e, rules) {
            let Some(k) = e.descents.iter().position(|x| std::ptr::eq(x, d)) else {
                continue;
            };
            if let Some((x, y)) = at((d.start_index + d.end_index) / 2) {
                markers.push(Marker {
                    text: format!(
                        "D{} -{:.0} {} {:.1}%",
                        k + 1,
                        u.elevation(-d.altitude_change_m),
                        u.elevation_label(),
                        d.mean_grade_pct
                    ),
                    x,
                    y,
                    kind: MarkerKind::Above,
                    color: Color::Black,
                });
            }
        }
    }
    let (mut x_lo, mut x_hi, mut y_lo, mut y_hi) = xy.iter().fold(
        (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ),
        |(a, b, c, d), &(_, x, y)| (a.min(x), b.max(x), c.min(y), d.max(y)),
    );
    // Equal scales: widen the narrower side about its centre; never an empty range.
    let (w, h) = ((x_hi - x_lo).max(0.05), (y_hi - y_lo).max(0.05));
    let (w, h) = if w / h > PLOT_ASPECT {
        (w, w / PLOT_ASPECT)
    } else {
        (h * PLOT_ASPECT, h)
    };
    let (cx, cy) = ((x_lo + x_hi) / 2.0, (y_lo + y_hi) / 2.0);
    (x_lo, x_hi) = (cx - w * 0.55, cx + w * 0.55);
    (y_lo, y_hi) = (cy - h * 0.55, cy + h * 0.6);
    let unit = u.distance_label();
    Some(ChartSpec {
        id: "route",
        title: "Route trace, coloured by grade (north up; no map)".into(),
        panels: vec![Panel {
            x_label: format!("east ({unit})"),
            y_label: format!("north ({unit})"),
            x_range: (round(x_lo, 3), round(x_hi, 3)),
            y_range: (round(y_lo, 3), round(y_hi, 3)),
            x_ticks: Ticks::Decimals(1),
            y_ticks: Ticks::Decimals(1),
            y_inverted: false,
            height: 1.0,
            series,
            bands: Vec::new(),
            markers,
        }],
    })
}
