//! Normalization shared by every reader: time order, cumulative distance, pauses from
//! time gaps, altitude source.
//!
//! * Backwards time steps are data errors, not pauses: such samples are dropped and
//!   counted in a note (docs/METHODS.md, pauses).
//! * GPX/TCX pauses: a time gap longer than 10 × the median sampling interval
//!   (Runalyze's rule), and never shorter than [`MIN_GAP_PAUSE_S`], across which the
//!   runner did not move ([`GAP_MOVING_MPS`]): a gap covered at moving speed is lost
//!   recording (tunnel, logger), counted as moving time.
//! * Distance from positions: haversine on a sphere of mean Earth radius
//!   6 371 008.8 m (IUGG mean radius R₁), summed over consecutive fixes, except across a
//!   pause both fixes lie outside (a timer stop, a GPX `<trkseg>` or TCX `<Track>`
//!   boundary, which the readers mark as pauses).
//! * Altitude source: no format says whether altitude is barometric, so it is decided
//!   from what the recording device can measure ([`super::altimeter`], the makers'
//!   specifications): a device with a barometric altimeter gives `barometric`, one
//!   without gives `gps`. An unknown device is never assumed barometric: its trace is
//!   `smoothed` when it is smooth (the median absolute second difference of altitude
//!   over consecutive samples ≤ 10 s apart at most [`GPS_JITTER_M`], our choice,
//!   README's limits: a barometer the table does not list, or GPS altitude smoothed by
//!   the device, an app or a terrain model) and `gps` when it jitters like GPS.

use super::altimeter::{self, Altimeter};
use crate::model::{Activity, AltitudeSource, Format, Pause};

/// Mean Earth radius in metres (IUGG R₁).
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Shortest time gap treated as a pause in GPX/TCX, in seconds (our choice).
pub const MIN_GAP_PAUSE_S: f64 = 10.0;

/// Gap factor over the median sampling interval (Runalyze).
pub(crate) const GAP_FACTOR: f64 = 10.0;

/// A long gap across which the runner covered ground at this speed or more (m/s) is lost
/// recording while moving, not a pause (our choice: 0.5 m/s = 1.8 km/h, above the
/// ~1 km/h stillness limit gpxpy uses).
pub const GAP_MOVING_MPS: f64 = 0.5;

/// Seconds of rounding allowed between TCX lap timer totals and the track (our choice: a
/// lap's `TotalTimeSeconds` is rounded, a handful of laps add a few seconds).
pub(crate) const LAP_TIMER_SLACK_S: f64 = 5.0;

/// Median |second difference| of altitude above which the trace is treated as GPS (m).
pub const GPS_JITTER_M: f64 = 0.25;

/// Great-circle distance in metres between two points given in degrees (haversine).
#[must_use]
pub fn haversine_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
}

/// Distance in metres between two nearby points (degrees) on the local flat-earth
/// (equirectangular) approximation, with `cos_lat` the cosine of a latitude of the area:
/// within 0.1% of [`haversine_m`] over a run's extent (a few tens of km, latitude moving by
/// well under a degree), and no trigonometry per pair, for the checks that only compare
/// distances with a wide margin.
#[must_use]
pub(crate) fn local_distance_m(cos_lat: f64, lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let dy = (lat2 - lat1).to_radians();
    let dx = (lon2 - lon1).to_radians() * cos_lat;
    EARTH_RADIUS_M * (dx * dx + dy * dy).sqrt()
}

/// Bring a freshly decoded activity to the model's invariants.
pub fn finish(a: &mut Activity) {
    normalize_pauses(a);
    drop_backwards_time(a);
    drop_impossible_fixes(a);
    drop_impossible_values(a);
    fill_distance(a);
    if a.format != Format::Fit {
        gap_pauses(a);
    }
    if a.format == Format::Tcx {
        a.notes.extend(lap_coverage_note(a));
    }
    classify_altitude(a);
}

/// Share of one side (trackpoints or laps) the other must reach before a TCX activity is
/// called partial (our choice: a complete track and complete laps agree within a few
/// percent on time and distance).
pub(crate) const PARTIAL_TRACK_SHARE: f64 = 0.9;

/// A note when a TCX activity's trackpoints cover only part of its laps (a truncated
/// track), or its laps only part of the trackpoints (laps not written to the end): the
/// track's timer time (span minus pauses) or distance below [`PARTIAL_TRACK_SHARE`] of the laps' sums, or the
/// other way round.
fn lap_coverage_note(a: &Activity) -> Option<String> {
    let laps = a.summary.as_ref()?;
    let first = |f: &dyn Fn(&crate::model::Sample) -> Option<f64>| a.samples.iter().find_map(f);
    let last =
        |f: &dyn Fn(&crate::model::Sample) -> Option<f64>| a.samples.iter().rev().find_map(f);
    // Timer time of the track: its span minus its pauses.
    let paused: f64 = a.pauses.iter().map(Pause::duration_s).sum();
    let span = first(&|s| s.t_s)
        .zip(last(&|s| s.t_s))
        .map(|(x, y)| y - x - paused);
    let distance = first(&|s| s.distance_m)
        .zip(last(&|s| s.distance_m))
        .map(|(x, y)| y - x);
    for (ours, theirs, unit) in [(span, laps.timer_s, "s"), (distance, laps.distance_m, "m")] {
        let (Some(o), Some(l)) = (ours, theirs) else {
            continue;
        };
        if l > 0.0 && o < PARTIAL_TRACK_SHARE * l {
            return Some(format!(
                "trackpoints cover only {o:.0} {unit} of the laps' {l:.0} {unit}: figures describe the track"
            ));
        }
        if o > 0.0 && l < PARTIAL_TRACK_SHARE * o {
            return Some(format!(
                "laps cover only {l:.0} {unit} of the track's {o:.0} {unit}: figures describe the track"
            ));
        }
    }
    None
}

/// The readers' pauses as the model promises them: finite, each ending after it starts,
/// sorted by start, overlapping ones merged (a FIT file's timer events or a GPX's segment
/// times may be out of order). Every lookup below and in the analyses then bisects the
/// list instead of scanning it per sample, which made a file of many pauses quadratic
/// (issue 22).
fn normalize_pauses(a: &mut Activity) {
    a.pauses
        .retain(|p| p.start_s.is_finite() && p.end_s.is_finite() && p.end_s > p.start_s);
    a.pauses.sort_by(|x, y| x.start_s.total_cmp(&y.start_s));
    let mut merged: Vec<Pause> = Vec::with_capacity(a.pauses.len());
    for p in a.pauses.drain(..) {
        match merged.last_mut() {
            Some(last) if p.start_s < last.end_s => last.end_s = last.end_s.max(p.end_s),
            _ => merged.push(p),
        }
    }
    a.pauses = merged;
}

/// Whether a pause lies wholly within `[t0, t1]` (`pauses` sorted and disjoint): the
/// first pause starting at or after `t0` ends first among those, so it is the one to test.
fn pause_within(pauses: &[Pause], t0: f64, t1: f64) -> bool {
    let k = pauses.partition_point(|p| p.start_s < t0);
    pauses.get(k).is_some_and(|p| p.end_s <= t1)
}

/// Whether a pause overlaps the open interval `(t0, t1)` (`pauses` sorted and disjoint):
/// the first pause ending after `t0` is the one to test.
fn pause_overlaps(pauses: &[Pause], t0: f64, t1: f64) -> bool {
    let k = pauses.partition_point(|p| p.end_s <= t0);
    pauses.get(k).is_some_and(|p| p.start_s < t1)
}

/// Fastest a person moves on foot, m/s: Usain Bolt's peak speed in his 9.58 s 100 m
/// world record (Berlin, 2009), 12.4 m/s between 60 and 80 m (Graubner & Nixdorf 2011,
/// "Biomechanical analysis of the sprint and hurdles events at the 2009 IAAF World
/// Championships in Athletics", New Studies in Athletics 26(1/2):19–53). A run, walk or
/// hike whose positions jump faster than this holds a bad fix.
pub(crate) const MAX_FOOT_SPEED_MPS: f64 = 12.4;

/// Fastest implied speed between two fixes of any other sport, m/s: the readers' plausible
/// recorded speed (360 km/h, beyond any bicycle or skier; our choice).
pub(crate) const MAX_OTHER_SPEED_MPS: f64 = 100.0;

/// How far a good fix may sit from the truth, m, added to the distance the speed limit
/// allows between two fixes, so that ordinary GPS noise is never taken for a jump: a
/// phone is within 4.9 m 95% of the time under open sky (GPS.gov, "GPS Accuracy"), and
/// trees and buildings make it tens of metres; 50 m is our choice.
pub(crate) const GPS_FIX_ERROR_M: f64 = 50.0;

/// Drop positions no runner could have reached: fixes at 0°, 0° ("null island", what a
/// receiver writes without a fix), and fixes whose distance from their neighbours implies
/// a speed above [`MAX_FOOT_SPEED_MPS`] (any other sport: [`MAX_OTHER_SPEED_MPS`]) beyond
/// [`GPS_FIX_ERROR_M`]. One such fix made a 7.2 km run 607 km; one at 0°, 0° 10,466 km
/// (issue 22). Only the position is dropped (the sample keeps its time, heart rate,
/// cadence), with a note.
///
/// Which side of a jump is wrong: the fixes are cut into stretches at each impossible
/// step; the longest stretch is trusted, and the track is extended from it forwards and
/// backwards, each fix kept when it is reachable from the last one kept. Bad fixes (one, or
/// a burst of them) anywhere, the first included, are unreachable from the track around
/// them and are dropped; the track on either side of them stays. A route without times
/// is only checked for null island (no speed to judge by).
fn drop_impossible_fixes(a: &mut Activity) {
    let mut null_island = 0usize;
    for s in &mut a.samples {
        if s.lat_deg.zip(s.lon_deg) == Some((0.0, 0.0)) {
            s.lat_deg = None;
            s.lon_deg = None;
            null_island += 1;
        }
    }
    if null_island > 0 {
        a.notes.push(format!(
            "{null_island} GPS fixes at 0°, 0° (no fix) were dropped"
        ));
    }
    let limit = if a.is_foot_sport() {
        MAX_FOOT_SPEED_MPS
    } else {
        MAX_OTHER_SPEED_MPS
    };
    // (sample index, lat, lon, time) of every timed fix.
    let mut fixes: Vec<(usize, f64, f64, f64)> = Vec::with_capacity(a.samples.len());
    fixes.extend(
        a.samples
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((i, s.lat_deg?, s.lon_deg?, s.t_s?))),
    );
    let reachable = |x: usize, y: usize| {
        let (Some(p), Some(q)) = (fixes.get(x), fixes.get(y)) else {
            return true;
        };
        let allowed = limit * (q.3 - p.3).abs() + GPS_FIX_ERROR_M;
        // The flat-earth distance at the pair's own latitude (within 0.1% for steps of a
        // few km) decides clear cases without trigonometry beyond one cosine; only a pair
        // near the limit is measured exactly. The cosine is 1 at most, so the distance
        // taken with 1 bounds the flat one from above: a step well inside the limit on
        // that bound (nearly every one) needs no cosine at all (issue 24: one per fix
        // cost 0.6% of a folder review). The decisions are the same.
        if local_distance_m(1.0, p.1, p.2, q.1, q.2) < 0.9 * allowed {
            return true;
        }
        let flat = local_distance_m(p.1.to_radians().cos(), p.1, p.2, q.1, q.2);
        if flat < 0.9 * allowed {
            return true;
        }
        haversine_m(p.1, p.2, q.1, q.2) <= allowed
    };
    // The longest stretch of fixes each reachable from the one before.
    let (mut best, mut start) = ((0usize, 0usize), 0usize);
    for i in 1..=fixes.len() {
        if i == fixes.len() || !reachable(i - 1, i) {
            if i - start > best.1 - best.0 {
                best = (start, i);
            }
            start = i;
        }
    }
    if best.1 - best.0 == fixes.len() {
        return;
    }
    let mut keep = vec![false; fixes.len()];
    for k in keep.iter_mut().take(best.1).skip(best.0) {
        *k = true;
    }
    let mut last = best.1.saturating_sub(1);
    for (i, k) in keep.iter_mut().enumerate().skip(best.1) {
        if reachable(last, i) {
            *k = true;
            last = i;
        }
    }
    let mut last = best.0;
    for (i, k) in keep.iter_mut().enumerate().take(best.0).rev() {
        if reachable(i, last) {
            *k = true;
            last = i;
        }
    }
    let mut dropped = 0usize;
    for (f, kept) in fixes.iter().zip(&keep) {
        if !kept {
            if let Some(s) = a.samples.get_mut(f.0) {
                s.lat_deg = None;
                s.lon_deg = None;
                dropped += 1;
            }
        }
    }
    if dropped > 0 {
        let who = if a.is_foot_sport() {
            "faster than anyone on foot"
        } else {
            "faster than the sport allows"
        };
        a.notes.push(format!(
            "{dropped} GPS fixes implying more than {limit} m/s ({who}) were dropped"
        ));
    }
}

/// Drop every sample value outside its physically possible range ([`super::plausible`]),
/// with one note per channel saying how many and the range. Exactly 0 is a device's "no
/// reading" and is left alone; non-finite values are always dropped. Cadence is checked
/// for foot sports only (other sports record a pedal or stroke rate).
fn drop_impossible_values(a: &mut Activity) {
    use super::plausible as p;
    let foot = a.is_foot_sport();
    let channels: [(&str, &str, &std::ops::RangeInclusive<f64>); 7] = [
        ("heart rate", "bpm", &p::HEART_RATE_BPM),
        ("ground contact time", "ms", &p::GROUND_CONTACT_MS),
        (
            "ground contact balance",
            "% left",
            &p::STANCE_BALANCE_LEFT_PCT,
        ),
        ("vertical oscillation", "mm", &p::VERTICAL_OSCILLATION_MM),
        ("vertical ratio", "%", &p::VERTICAL_RATIO_PCT),
        ("step length", "mm", &p::STEP_LENGTH_MM),
        ("power", "W", &p::POWER_W),
    ];
    let mut dropped = [0usize; 8];
    // Channel `k` of a sample, by field: called directly (not through a table of
    // accessor pointers), so it inlines (issue 24).
    let check = |k: usize, v: &mut Option<f64>, dropped: &mut [usize; 8]| {
        let range = channels[k].2;
        if v.is_some_and(|x| x != 0.0 && !range.contains(&x)) {
            *v = None;
            dropped[k] += 1;
        }
    };
    for s in &mut a.samples {
        check(0, &mut s.heart_rate_bpm, &mut dropped);
        check(1, &mut s.stance_time_ms, &mut dropped);
        check(2, &mut s.stance_balance_left_pct, &mut dropped);
        check(3, &mut s.vertical_oscillation_mm, &mut dropped);
        check(4, &mut s.vertical_ratio_pct, &mut dropped);
        check(5, &mut s.step_length_mm, &mut dropped);
        check(6, &mut s.power_w, &mut dropped);
        if foot
            && s.cadence
                .is_some_and(|c| !p::FOOT_CADENCE_SPM.contains(&c.0))
        {
            s.cadence = None;
            dropped[7] += 1;
        }
    }
    let cadence = ("cadence", "steps/min", &p::FOOT_CADENCE_SPM);
    for ((name, unit, range), n) in channels.into_iter().chain([cadence]).zip(dropped) {
        if n > 0 {
            a.notes.push(format!(
                "{n} {name} values outside {}–{} {unit} (not physically possible) were dropped",
                range.start(),
                range.end()
            ));
        }
    }
}

fn drop_backwards_time(a: &mut Activity) {
    let before = a.samples.len();
    let mut last = f64::NEG_INFINITY;
    a.samples.retain(|s| match s.t_s {
        Some(t) if t < last => false,
        Some(t) => {
            last = t;
            true
        }
        None => true,
    });
    let dropped = before - a.samples.len();
    if dropped > 0 {
        a.notes.push(format!(
            "{dropped} samples whose time went backwards were dropped"
        ));
    }
}

/// Largest ratio between recorded distance and the integral of recorded speed before the
/// recorded distance is distrusted (our choice; catches broken accumulation of FIT
/// compressed speed/distance fields, which inflate distance many-fold).
pub(crate) const DISTANCE_SPEED_MAX_RATIO: f64 = 1.5;

/// Cumulative distance: recorded distance when the file has it (forward-filled over
/// gaps, never decreasing), else the haversine sum over positions, else the integral
/// of recorded speed.
fn fill_distance(a: &mut Activity) {
    let mut recorded = a.samples.iter().filter(|s| s.distance_m.is_some()).count();
    if let Some(why) = (recorded > 0)
        .then(|| recorded_distance_is_implausible(a))
        .flatten()
    {
        for s in &mut a.samples {
            s.distance_m = None;
        }
        recorded = 0;
        a.notes.push(why);
    }
    if recorded * 2 >= a.samples.len() && recorded > 0 {
        let first = a.samples.iter().find_map(|s| s.distance_m).unwrap_or(0.0);
        let mut last = first;
        for s in &mut a.samples {
            let d = s.distance_m.unwrap_or(last).max(last);
            s.distance_m = Some(d);
            last = d;
        }
        return;
    }
    let has_pos = a.samples.iter().any(|s| s.lat_deg.is_some());
    if !has_pos && recorded == 0 && speed_integral(a).is_some() {
        let mut total = 0.0;
        let mut prev: Option<(f64, f64)> = None;
        for s in &mut a.samples {
            if let (Some(t), Some(v)) = (s.t_s, s.speed) {
                if let Some((pt, pv)) = prev {
                    total += 0.5 * (pv + v.0) * (t - pt).min(MIN_GAP_PAUSE_S);
                }
                prev = Some((t, v.0));
            }
            s.distance_m = Some(total);
        }
        return;
    }
    if !has_pos {
        if recorded > 0 {
            // Sparse recorded distance without positions: forward fill.
            let mut last = 0.0_f64;
            for s in &mut a.samples {
                let d = s.distance_m.unwrap_or(last).max(last);
                s.distance_m = Some(d);
                last = d;
            }
        }
        return;
    }
    let mut total = 0.0;
    let mut prev: Option<(f64, f64, Option<f64>)> = None;
    let pauses = &a.pauses;
    // No distance across a pause the samples straddle (a timer stop, a GPX segment or TCX
    // track boundary): the runner was not recording there.
    let across_pause = |t0: Option<f64>, t1: Option<f64>| match (t0, t1) {
        (Some(t0), Some(t1)) => pause_within(pauses, t0, t1),
        _ => false,
    };
    for s in &mut a.samples {
        if let (Some(la), Some(lo)) = (s.lat_deg, s.lon_deg) {
            if let Some((pla, plo, pt)) = prev {
                if !across_pause(pt, s.t_s) {
                    total += haversine_m(pla, plo, la, lo);
                }
            }
            prev = Some((la, lo, s.t_s));
        }
        s.distance_m = Some(total);
    }
}

/// ∫ speed dt over the samples (trapezoids, gaps capped at [`MIN_GAP_PAUSE_S`]), when
/// most samples carry a speed.
fn speed_integral(a: &Activity) -> Option<f64> {
    let with_speed = a
        .samples
        .iter()
        .filter(|s| s.speed.is_some() && s.t_s.is_some())
        .count();
    if with_speed < 2 || with_speed * 2 < a.samples.len() {
        return None;
    }
    let mut total = 0.0;
    let mut prev: Option<(f64, f64)> = None;
    for s in &a.samples {
        if let (Some(t), Some(v)) = (s.t_s, s.speed) {
            if let Some((pt, pv)) = prev {
                total += 0.5 * (pv + v.0) * (t - pt).min(MIN_GAP_PAUSE_S);
            }
            prev = Some((t, v.0));
        }
    }
    Some(total)
}

/// Why the file's own distance cannot be the distance run, when it cannot: far longer
/// than its recorded speed covers, or far shorter than the path its positions trace
/// (less than [`DISTANCE_POSITIONS_MIN_RATIO`] of it: a counter stuck at 0.18 m while the
/// positions cover 5.3 km). GPS jitter lengthens a path by a few percent, never by half.
fn recorded_distance_is_implausible(a: &Activity) -> Option<String> {
    let first = a.samples.iter().find_map(|s| s.distance_m)?;
    let last = a.samples.iter().rev().find_map(|s| s.distance_m)?;
    let recorded = last - first;
    if let Some(by_speed) = speed_integral(a) {
        if by_speed > 100.0 && recorded > by_speed * DISTANCE_SPEED_MAX_RATIO {
            return Some(
                "recorded distance disagrees with recorded speed: distance recomputed".into(),
            );
        }
    }
    let pts: Vec<(f64, f64)> = a
        .samples
        .iter()
        .filter_map(|s| Some((s.lat_deg?, s.lon_deg?)))
        .collect();
    let cos_lat = pts.first().map_or(1.0, |p| p.0.to_radians().cos());
    let path: f64 = pts
        .windows(2)
        .map(|w| local_distance_m(cos_lat, w[0].0, w[0].1, w[1].0, w[1].1))
        .sum();
    (path >= 200.0 && recorded < DISTANCE_POSITIONS_MIN_RATIO * path).then(|| {
        format!(
            "recorded distance covers {recorded:.0} m while the positions trace {path:.0} m: \
             distance recomputed from the positions"
        )
    })
}

/// The file's distance must cover at least this share of its positions' path (0.5, see
/// `recorded_distance_is_implausible`).
pub(crate) const DISTANCE_POSITIONS_MIN_RATIO: f64 = 0.5;

/// GPX/TCX have no timer events: a long time gap between samples is a pause.
fn gap_pauses(a: &mut Activity) {
    // (time, cumulative distance) of timed samples.
    let points: Vec<(f64, Option<f64>)> = a
        .samples
        .iter()
        .filter_map(|s| s.t_s.map(|t| (t, s.distance_m)))
        .collect();
    let mut steps: Vec<f64> = points
        .windows(2)
        .map(|w| w[1].0 - w[0].0)
        .filter(|d| *d > 0.0)
        .collect();
    if steps.is_empty() {
        return;
    }
    steps.sort_by(f64::total_cmp);
    let median = steps[steps.len() / 2];
    let limit = (median * GAP_FACTOR).max(MIN_GAP_PAUSE_S);
    let mut moving_gaps = 0usize;
    let mut pauses: Vec<Pause> = Vec::new();
    for w in points.windows(2) {
        let dt = w[1].0 - w[0].0;
        if dt <= limit {
            continue;
        }
        // A gap the runner covered ground through is lost recording, not a stop.
        let covered = match (w[0].1, w[1].1) {
            (Some(d0), Some(d1)) => d1 - d0,
            _ => 0.0,
        };
        // A boundary the reader already marked (GPX segment, TCX track) is a pause.
        let marked = pause_overlaps(&a.pauses, w[0].0, w[1].0);
        if marked {
            continue;
        }
        if covered / dt >= GAP_MOVING_MPS {
            moving_gaps += 1;
            continue;
        }
        pauses.push(Pause {
            start_s: w[0].0,
            end_s: w[1].0,
        });
    }
    if moving_gaps > 0 {
        a.notes.push(format!(
            "{moving_gaps} recording gaps covered ground at moving speed: counted as moving time"
        ));
    }
    // TCX laps say how long the timer really ran: gaps beyond the stopped time they leave
    // (elapsed − laps' timer time − pauses already marked) were stops with the timer
    // running (smart recording writes nothing while standing), not pauses. The longest
    // gaps that fit are kept.
    if let (Some(timer), Some((t0, t1))) = (
        a.summary.as_ref().and_then(|s| s.timer_s),
        points.first().map(|p| p.0).zip(points.last().map(|p| p.0)),
    ) {
        if a.format == Format::Tcx && timer > 0.0 {
            let marked: f64 = a.pauses.iter().map(Pause::duration_s).sum();
            let mut room = (t1 - t0) - timer - marked + LAP_TIMER_SLACK_S;
            pauses.sort_by(|x, y| y.duration_s().total_cmp(&x.duration_s()));
            let before = pauses.len();
            pauses.retain(|p| {
                let keep = p.duration_s() <= room;
                if keep {
                    room -= p.duration_s();
                }
                keep
            });
            let dropped = before - pauses.len();
            if dropped > 0 {
                a.notes.push(format!(
                    "{dropped} recording gaps fall within the laps' timer time: stops with the timer running, not pauses"
                ));
            }
        }
    }
    a.pauses.append(&mut pauses);
    a.pauses.sort_by(|x, y| x.start_s.total_cmp(&y.start_s));
}

/// |second difference| of altitude over each three consecutive samples with an altitude
/// whose times (when both known) are at most 20 s apart, in sample order: one pass over
/// the samples, the altitudes not copied first (issue 24).
fn second_differences(samples: &[crate::model::Sample]) -> Vec<f64> {
    let mut second: Vec<f64> = Vec::with_capacity(samples.len());
    let mut alts = samples
        .iter()
        .filter_map(|s| s.altitude_m.map(|h| (s.t_s, h)));
    if let (Some(mut w0), Some(mut w1)) = (alts.next(), alts.next()) {
        for w2 in alts {
            let near = match (w0.0, w2.0) {
                (Some(t0), Some(t2)) => t2 - t0 <= 20.0,
                _ => true,
            };
            if near {
                second.push((w2.1 - 2.0 * w1.1 + w0.1).abs());
            }
            (w0, w1) = (w1, w2);
        }
    }
    second
}

fn classify_altitude(a: &mut Activity) {
    // Whether any sample has an altitude, and whether every one is 0: one pass, no copy.
    let (mut any, mut all_zero) = (false, true);
    for h in a.samples.iter().filter_map(|s| s.altitude_m) {
        any = true;
        if h != 0.0 {
            all_zero = false;
            break;
        }
    }
    if !any {
        a.altitude_source = AltitudeSource::None;
        return;
    }
    if all_zero {
        for s in &mut a.samples {
            s.altitude_m = None;
        }
        a.altitude_source = AltitudeSource::None;
        a.notes
            .push("altitude is zero throughout: treated as missing".into());
        return;
    }
    // A reader that saw the pressure sensor's own readings in the file (Suunto's
    // `AbsPressure` beside `Altitude`) has set barometric already.
    if a.altitude_source == AltitudeSource::Barometric {
        return;
    }
    match altimeter::of_device(&a.device).map(|r| r.altimeter) {
        Some(Altimeter::Barometric) => {
            a.altitude_source = AltitudeSource::Barometric;
            return;
        }
        Some(Altimeter::GpsOnly) => {
            a.altitude_source = AltitudeSource::Gps;
            return;
        }
        None => {}
    }
    // Taken only when neither the reader nor the device table decided (issue 24).
    let mut second = second_differences(&a.samples);
    if second.len() < 10 {
        a.altitude_source = AltitudeSource::Gps;
        return;
    }
    second.sort_by(f64::total_cmp);
    let median = second[second.len() / 2];
    // Mean too: integer-metre GPS altitude has a median of zero but a large mean.
    let mean = second.iter().sum::<f64>() / second.len() as f64;
    a.altitude_source = if median <= GPS_JITTER_M && mean <= 4.0 * GPS_JITTER_M {
        AltitudeSource::Smoothed
    } else {
        AltitudeSource::Gps
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sample;

    // The passes as they were before issue 24's round five, the oracles of
    // `finish_equals_the_passes_it_replaced`.
    fn old_drop_impossible_values(a: &mut Activity) {
        use crate::ingest::plausible as p;
        use crate::model::Sample;
        type Get = fn(&mut Sample) -> &mut Option<f64>;
        let foot = a.is_foot_sport();
        let channels: [(&str, &str, &std::ops::RangeInclusive<f64>, Get); 7] = [
            ("heart rate", "bpm", &p::HEART_RATE_BPM, |s| {
                &mut s.heart_rate_bpm
            }),
            ("ground contact time", "ms", &p::GROUND_CONTACT_MS, |s| {
                &mut s.stance_time_ms
            }),
            (
                "ground contact balance",
                "% left",
                &p::STANCE_BALANCE_LEFT_PCT,
                |s| &mut s.stance_balance_left_pct,
            ),
            (
                "vertical oscillation",
                "mm",
                &p::VERTICAL_OSCILLATION_MM,
                |s| &mut s.vertical_oscillation_mm,
            ),
            ("vertical ratio", "%", &p::VERTICAL_RATIO_PCT, |s| {
                &mut s.vertical_ratio_pct
            }),
            ("step length", "mm", &p::STEP_LENGTH_MM, |s| {
                &mut s.step_length_mm
            }),
            ("power", "W", &p::POWER_W, |s| &mut s.power_w),
        ];
        let mut dropped = [0usize; 8];
        for s in &mut a.samples {
            for (k, (_, _, range, get)) in channels.iter().enumerate() {
                let v = get(s);
                if v.is_some_and(|x| x != 0.0 && !range.contains(&x)) {
                    *v = None;
                    dropped[k] += 1;
                }
            }
            if foot
                && s.cadence
                    .is_some_and(|c| !p::FOOT_CADENCE_SPM.contains(&c.0))
            {
                s.cadence = None;
                dropped[7] += 1;
            }
        }
        let cadence = ("cadence", "steps/min", &p::FOOT_CADENCE_SPM);
        let names = channels
            .iter()
            .map(|(name, unit, range, _)| (*name, *unit, *range))
            .chain([cadence]);
        for ((name, unit, range), n) in names.zip(dropped) {
            if n > 0 {
                a.notes.push(format!(
                    "{n} {name} values outside {}–{} {unit} (not physically possible) were dropped",
                    range.start(),
                    range.end()
                ));
            }
        }
    }

    fn old_classify_altitude(a: &mut Activity) {
        let alts: Vec<(Option<f64>, f64)> = a
            .samples
            .iter()
            .filter_map(|s| s.altitude_m.map(|h| (s.t_s, h)))
            .collect();
        if alts.is_empty() {
            a.altitude_source = AltitudeSource::None;
            return;
        }
        if alts.iter().all(|(_, h)| *h == 0.0) {
            for s in &mut a.samples {
                s.altitude_m = None;
            }
            a.altitude_source = AltitudeSource::None;
            a.notes
                .push("altitude is zero throughout: treated as missing".into());
            return;
        }
        let mut second: Vec<f64> = alts
            .windows(3)
            .filter(|w| match (w[0].0, w[2].0) {
                (Some(t0), Some(t2)) => t2 - t0 <= 20.0,
                _ => true,
            })
            .map(|w| (w[2].1 - 2.0 * w[1].1 + w[0].1).abs())
            .collect();
        // A reader that saw the pressure sensor's own readings in the file (Suunto's
        // `AbsPressure` beside `Altitude`) has set barometric already.
        if a.altitude_source == AltitudeSource::Barometric {
            return;
        }
        match altimeter::of_device(&a.device).map(|r| r.altimeter) {
            Some(Altimeter::Barometric) => {
                a.altitude_source = AltitudeSource::Barometric;
                return;
            }
            Some(Altimeter::GpsOnly) => {
                a.altitude_source = AltitudeSource::Gps;
                return;
            }
            None => {}
        }
        if second.len() < 10 {
            a.altitude_source = AltitudeSource::Gps;
            return;
        }
        second.sort_by(f64::total_cmp);
        let median = second[second.len() / 2];
        // Mean too: integer-metre GPS altitude has a median of zero but a large mean.
        let mean = second.iter().sum::<f64>() / second.len() as f64;
        a.altitude_source = if median <= GPS_JITTER_M && mean <= 4.0 * GPS_JITTER_M {
            AltitudeSource::Smoothed
        } else {
            AltitudeSource::Gps
        };
    }

    /// [`finish`] with the passes as they were.
    fn old_finish(a: &mut Activity) {
        normalize_pauses(a);
        drop_backwards_time(a);
        drop_impossible_fixes(a);
        old_drop_impossible_values(a);
        fill_distance(a);
        if a.format != Format::Fit {
            gap_pauses(a);
        }
        if a.format == Format::Tcx {
            a.notes.extend(lap_coverage_note(a));
        }
        old_classify_altitude(a);
    }

    /// A generated run (hilly, flat or mountain; stops; GPS or barometric altitude
    /// error) as a reader hands it to [`finish`], disturbed from `seed`: samples dropped,
    /// silences, times backwards, values out of range or 0, altitude missing or all 0,
    /// smooth or jittery, a known barometric, a known GPS-only or an unknown device.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    fn generated(seed: u64) -> Activity {
        use crate::model::DeviceSummary;
        use crate::synth::altitude::{self, GpsNoise, Terrain};
        use crate::synth::{self, SplitMix64};
        use crate::units::{MetersPerSecond, StepsPerMin};
        let mut rng = SplitMix64::new(seed);
        let terrain = [Terrain::Flat, Terrain::OneHill, Terrain::Mountain][(seed % 3) as usize];
        let scenario = altitude::route_with_stops(terrain, &mut rng);
        let mut run = synth::generate(&scenario).unwrap();
        match seed % 5 {
            0 | 1 => {
                let duration = run.points.last().map_or(0, |p| p.t_s);
                GpsNoise::random(&mut rng, duration).apply(&mut run);
            }
            2 => altitude::barometric(&mut run, &mut rng),
            _ => {} // the route's exact, smooth profile
        }
        let format = [Format::Gpx, Format::Tcx, Format::Fit][(seed / 3 % 3) as usize];
        let mut a = Activity::new(format);
        a.device.product = match seed / 9 % 3 {
            0 => Some("fenix 6".into()),
            1 => Some("Forerunner 245".into()),
            _ => None,
        };
        let (drop, odd) = (0.2 * rng.uniform(), 0.03 * rng.uniform());
        let zero_alt = seed % 23 == 5;
        let mut shift = 0.0;
        for p in &run.points {
            let u = rng.uniform();
            if u < drop {
                continue;
            }
            let mut s = Sample {
                t_s: Some(f64::from(p.t_s) + shift),
                lat_deg: p.lat_deg,
                lon_deg: p.lon_deg,
                distance_m: seed.is_multiple_of(2).then_some(p.distance_m),
                speed: Some(MetersPerSecond(p.speed_mps)),
                altitude_m: if zero_alt { Some(0.0) } else { p.altitude_m },
                heart_rate_bpm: Some(f64::from(p.heart_rate_bpm)),
                cadence: Some(StepsPerMin(p.cadence_spm)),
                stance_time_ms: p.stance_time_ms,
                vertical_oscillation_mm: p.vertical_oscillation_mm,
                step_length_mm: p.step_length_mm,
                vertical_ratio_pct: p.vertical_ratio_pct,
                stance_balance_left_pct: p.stance_time_balance_pct,
                ..Sample::default()
            };
            if u > 1.0 - odd {
                match (u * 1e6) as u64 % 8 {
                    0 => s.t_s = s.t_s.map(|t| t - 5.0),        // time backwards
                    1 => shift += 20.0 + 600.0 * rng.uniform(), // a silence
                    2 => s.heart_rate_bpm = Some(400.0),        // out of range
                    3 => s.cadence = Some(StepsPerMin(900.0)),
                    4 => s.power_w = Some(if u > 0.99 { 0.0 } else { 1e6 }),
                    5 => s.altitude_m = None,
                    6 => (s.lat_deg, s.lon_deg) = (Some(0.0), Some(0.0)),
                    _ => s.t_s = None,
                }
            }
            a.samples.push(s);
        }
        if format == Format::Tcx {
            a.summary = Some(DeviceSummary {
                timer_s: run.points.last().map(|p| f64::from(p.t_s) * 0.9),
                distance_m: run.points.last().map(|p| p.distance_m),
                ..DeviceSummary::default()
            });
        }
        a
    }

    /// The second differences taken in one pass are, bit for bit, those taken over the
    /// collected altitudes: the runs of `generated`, half of them with altitudes and
    /// times removed here and there.
    #[test]
    fn second_differences_equal_those_of_the_collected_altitudes() {
        for seed in 0..300_u64 {
            let mut a = generated(0x5ECD_0000 + seed);
            if seed % 2 == 0 {
                for (i, s) in a.samples.iter_mut().enumerate() {
                    if i % 7 == 3 {
                        s.altitude_m = None;
                    }
                    if i % 11 == 5 {
                        s.t_s = None;
                    }
                }
            }
            let alts: Vec<(Option<f64>, f64)> = a
                .samples
                .iter()
                .filter_map(|s| s.altitude_m.map(|h| (s.t_s, h)))
                .collect();
            let want: Vec<u64> = alts
                .windows(3)
                .filter(|w| match (w[0].0, w[2].0) {
                    (Some(t0), Some(t2)) => t2 - t0 <= 20.0,
                    _ => true,
                })
                .map(|w| (w[2].1 - 2.0 * w[1].1 + w[0].1).abs().to_bits())
                .collect();
            let got: Vec<u64> = second_differences(&a.samples)
                .iter()
                .map(|x| x.to_bits())
                .collect();
            assert_eq!(got, want, "seed {seed}");
        }
    }

    /// `finish` gives, field for field and bit for bit (the debug form shows every
    /// float's shortest round-trip digits and the sign of zero), what the passes it
    /// replaced gave: 600 generated runs.
    #[test]
    fn finish_equals_the_passes_it_replaced() {
        let mut kinds = std::collections::BTreeSet::new();
        for seed in 0..600_u64 {
            let mut a = generated(0xC1EA_0000 + seed);
            let mut b = a.clone();
            finish(&mut a);
            old_finish(&mut b);
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "seed {seed}");
            kinds.insert(a.altitude_source.as_str());
        }
        // Every altitude decision is reached.
        assert_eq!(kinds.len(), 4, "{kinds:?}");
    }

    fn at(t: f64) -> Sample {
        Sample {
            t_s: Some(t),
            ..Sample::default()
        }
    }

    #[test]
    fn a_distance_counter_stuck_near_zero_gives_way_to_the_positions() {
        // 1,060 s at 5 m/s along a meridian (5.3 km) with a distance field stopping at
        // 0.18 m, as a file of the issue did.
        // 1 Hz along a meridian, with the file's distance as `recorded(true distance)`.
        let track = |recorded: &dyn Fn(f64) -> f64| {
            let mut a = Activity::new(Format::Gpx);
            for k in 0..1060 {
                let d = 5.0 * f64::from(k);
                a.samples.push(Sample {
                    lat_deg: Some(45.0 + d / 111_195.08),
                    lon_deg: Some(7.0),
                    distance_m: Some(recorded(d)),
                    ..at(f64::from(k))
                });
            }
            finish(&mut a);
            a
        };
        let a = track(&|d| (d / 1000.0).min(0.18));
        let last = a
            .samples
            .last()
            .and_then(|s| s.distance_m)
            .expect("distance");
        assert!((last - 5295.0).abs() < 5.0, "{last}");
        assert!(
            a.notes.iter().any(|n| n.contains("positions trace")),
            "{:?}",
            a.notes
        );
        // A counter that agrees with its positions within GPS jitter is kept.
        let b = track(&|d| 0.97 * d);
        let last = b
            .samples
            .last()
            .and_then(|s| s.distance_m)
            .expect("distance");
        assert!((last - 0.97 * 5295.0).abs() < 1.0, "{last}");
    }

    #[test]
    fn haversine_one_degree_of_latitude() {
        // 1° of arc on the mean sphere = R × π/180 = 111 195.08 m.
        let d = haversine_m(0.0, 0.0, 1.0, 0.0);
        assert!((d - 111_195.08).abs() < 0.01, "{d}");
        assert_eq!(haversine_m(45.0, 7.0, 45.0, 7.0), 0.0);
    }

    #[test]
    fn backwards_samples_are_dropped_and_noted() {
        let mut a = Activity::new(Format::Gpx);
        a.samples = vec![at(0.0), at(1.0), at(0.5), at(2.0)];
        finish(&mut a);
        assert_eq!(a.samples.len(), 3);
        assert!(a.notes[0].contains("1 samples"));
    }

    #[test]
    fn gaps_over_ten_median_intervals_are_pauses() {
        let mut a = Activity::new(Format::Gpx);
        a.samples = (0..100).map(|i| at(f64::from(i))).collect();
        a.samples.extend((0..100).map(|i| at(f64::from(i) + 200.0)));
        finish(&mut a);
        assert_eq!(
            a.pauses,
            vec![Pause {
                start_s: 99.0,
                end_s: 200.0
            }]
        );
    }

    #[test]
    fn a_gap_covered_at_running_speed_is_not_a_pause() {
        let mut a = Activity::new(Format::Gpx);
        // 3 m/s throughout, with 100 s missing in the middle (a tunnel).
        a.samples = (0..100)
            .chain(200..300)
            .map(|i| Sample {
                distance_m: Some(f64::from(i) * 3.0),
                ..at(f64::from(i))
            })
            .collect();
        finish(&mut a);
        assert!(a.pauses.is_empty(), "{:?}", a.pauses);
        assert!(a.notes.iter().any(|n| n.contains("counted as moving")));
    }

    #[test]
    fn the_device_decides_and_an_unknown_one_is_never_barometric() {
        let smooth = |product: Option<&str>| {
            let mut a = Activity::new(Format::Fit);
            a.device.product = product.map(str::to_string);
            a.samples = (0..100)
                .map(|i| Sample {
                    altitude_m: Some(100.0 + f64::from(i) * 0.1),
                    ..at(f64::from(i))
                })
                .collect();
            finish(&mut a);
            a.altitude_source
        };
        assert_eq!(smooth(Some("fenix6")), AltitudeSource::Barometric);
        assert_eq!(smooth(Some("Forerunner 310XT")), AltitudeSource::Gps);
        assert_eq!(smooth(Some("stridewise synth")), AltitudeSource::Smoothed);
        assert_eq!(smooth(None), AltitudeSource::Smoothed);
    }

    #[test]
    fn smooth_altitude_of_an_unknown_device_is_smoothed_and_jitter_is_gps() {
        let mut a = Activity::new(Format::Fit);
        a.samples = (0..100)
            .map(|i| Sample {
                altitude_m: Some(100.0 + f64::from(i) * 0.1),
                ..at(f64::from(i))
            })
            .collect();
        finish(&mut a);
        assert_eq!(a.altitude_source, AltitudeSource::Smoothed);
        let mut b = Activity::new(Format::Gpx);
        b.samples = (0..100)
            .map(|i| Sample {
                altitude_m: Some(100.0 + if i % 2 == 0 { 2.0 } else { 0.0 }),
                ..at(f64::from(i))
            })
            .collect();
        finish(&mut b);
        assert_eq!(b.altitude_source, AltitudeSource::Gps);
    }
}
