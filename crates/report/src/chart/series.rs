//! What every chart shares: the per-run context ([`Ctx`]: x of each sample, weights,
//! speeds, pauses) and the series helpers (lines with breaks, scatter, bucket means,
//! rolling means, ranges), so each chart file only says what it draws.

use super::{
    Axis, Band, Color, Panel, Series, SeriesKind, Ticks, LINE_GAP_S, MAX_LINE_POINTS,
    MAX_SCATTER_POINTS, SLOWEST_PACE_S_PER_KM,
};
use crate::round;
use stridewise_engine::analysis::cadence::{sample_speeds, Gait};
use stridewise_engine::analysis::totals::{sample_weights, weight_cap, PauseSet};
use stridewise_engine::coach::review::Review;
use stridewise_engine::model::Activity;
use stridewise_engine::units::{Pace, UnitSystem, METERS_PER_MILE};

/// Per-sample values every chart uses.
pub(super) struct Ctx<'a> {
    pub(super) a: &'a Activity,
    pub(super) r: &'a Review,
    pub(super) units: UnitSystem,
    /// x of each sample in display units.
    pub(super) xs: Vec<Option<f64>>,
    /// True when x is distance (else elapsed minutes).
    pub(super) by_distance: bool,
    /// First sample distance, m (x origin).
    pub(super) d0: f64,
    pub(super) x_range: (f64, f64),
    pub(super) t: Vec<Option<f64>>,
    pub(super) w: Vec<f64>,
    pub(super) speeds: Vec<Option<f64>>,
    pub(super) pauses: PauseSet,
    /// Lines break across a recording gap longer than this, s: [`LINE_GAP_S`], or twice
    /// the weight cap of a sparse recording (a point a minute is still a line).
    pub(super) line_gap_s: f64,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(a: &'a Activity, r: &'a Review, units: UnitSystem) -> Option<Self> {
        let d0 = a.first_distance_m();
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

    pub(super) fn x_label(&self) -> String {
        if self.by_distance {
            format!("distance ({})", self.units.distance_label())
        } else {
            "elapsed time (min)".to_string()
        }
    }

    /// x of a distance along the run (analysis metres).
    pub(super) fn x_of_m(&self, m: f64) -> f64 {
        self.units.distance(m - self.d0)
    }

    pub(super) fn gaits(&self) -> &[Gait] {
        self.r.cadence.as_ref().map_or(&[], |c| c.gaits.as_slice())
    }

    pub(super) fn running(&self, i: usize) -> bool {
        self.gaits().get(i) == Some(&Gait::Running)
    }

    /// A panel with the shared x axis and no content yet.
    pub(super) fn panel(&self, y_label: String, y_range: (f64, f64), y_ticks: Ticks) -> Panel {
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
    pub(super) fn speed(&self, mps: f64) -> f64 {
        match self.units {
            UnitSystem::Metric => mps * 3.6,
            UnitSystem::Imperial => mps * 3600.0 / METERS_PER_MILE,
        }
    }

    pub(super) fn speed_label(&self) -> &'static str {
        match self.units {
            UnitSystem::Metric => "km/h",
            UnitSystem::Imperial => "mph",
        }
    }

    /// Pace in minutes per km or mile, `None` when slower than the plotting limit.
    pub(super) fn pace_min(&self, mps: f64) -> Option<f64> {
        (mps.is_finite() && mps > 1000.0 / SLOWEST_PACE_S_PER_KM)
            .then(|| Pace {
                sec_per_km: 1000.0 / mps,
            })
            .map(|p| p.seconds_per(self.units) / 60.0)
    }

    pub(super) fn pace_label(&self) -> String {
        format!("pace (min{}, faster up)", self.units.pace_label())
    }

    /// Points `(x, v)` of the samples where both exist, split where `v` is missing and
    /// across a pause or a recording gap longer than `line_gap_s` (nothing is known in
    /// between).
    pub(super) fn segments(&self, values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
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
    pub(super) fn points(&self, values: &[Option<f64>]) -> Vec<(f64, f64)> {
        self.xs
            .iter()
            .zip(values)
            .filter_map(|(x, v)| Some(((*x)?, v.filter(|v| v.is_finite())?)))
            .collect()
    }

    pub(super) fn rolling(&self, values: &[Option<f64>], window_s: f64) -> Vec<Option<f64>> {
        rolling_mean(&self.t, &self.w, values, window_s)
    }
}

pub(super) fn r3(p: (f64, f64)) -> (f64, f64) {
    (round(p.0, 3), round(p.1, 3))
}

/// A series from segments (already downsampled and rounded).
pub(super) fn series_of(
    name: &str,
    kind: SeriesKind,
    color: Color,
    segs: Vec<Vec<(f64, f64)>>,
) -> Series {
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
pub(super) fn line(
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
pub(super) fn scatter(name: &str, color: Color, pts: Vec<(f64, f64)>) -> Series {
    let k = pts.len().div_ceil(MAX_SCATTER_POINTS).max(1);
    series_of(
        name,
        SeriesKind::Points,
        color,
        vec![pts.into_iter().step_by(k).map(r3).collect()],
    )
}

pub(super) fn in_y_range(pts: Vec<(f64, f64)>, (lo, hi): (f64, f64)) -> Vec<(f64, f64)> {
    pts.into_iter().filter(|p| p.1 >= lo && p.1 <= hi).collect()
}

/// Bucket means of `(x, a, b)` over [`MAX_LINE_POINTS`] equal x buckets of the whole
/// x range (callers decide whether a series is long enough to need it).
pub(super) fn bucket3(pts: &[(f64, f64, f64)], (x0, x1): (f64, f64)) -> Vec<(f64, f64, f64)> {
    if x1 <= x0 {
        return pts.to_vec();
    }
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
pub(super) fn rolling_mean(
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
pub(super) fn quantile_range(v: &mut Vec<f64>, q_lo: f64, q_hi: f64) -> Option<(f64, f64)> {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return None;
    }
    let mut at = |q: f64| {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let k = (((v.len() - 1) as f64 * q).round() as usize).min(v.len() - 1);
        // The k-th smallest, as a full sort would place it, in linear time.
        *v.select_nth_unstable_by(k, f64::total_cmp).1
    };
    let lo = at(q_lo);
    Some((lo, at(q_hi)))
}

/// `lo..hi` widened to at least `min_span` around its middle, then padded by `pad` of the
/// span on each side, rounded; never empty, inverted or NaN.
pub(super) fn padded(lo: f64, hi: f64, pad: f64, min_span: f64) -> (f64, f64) {
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

pub(super) fn target_band(low: f64, high: f64) -> Band {
    Band {
        label: format!("target {low:.0}–{high:.0} spm"),
        axis: Axis::Y,
        from: round(low, 3),
        to: round(high, 3),
        color: Color::BluishGreen,
    }
}
