//! The device's own figures beside ours (issue 25, item 5): for each figure the file's
//! session summary has (FIT `session`, TCX lap totals), ours and the device's as shown
//! to the runner, and where the two shown values differ, why, in plain words. Nothing is
//! judged: two honest methods can differ, and the runner sees both.

use stridewise_engine::analysis::totals;
use stridewise_engine::coach::review::Review;
use stridewise_engine::model::Activity;
use stridewise_engine::units::{format_duration, UnitSystem};

/// One figure, ours beside the device's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceRow {
    /// What it is ("distance").
    pub what: &'static str,
    /// Ours, as shown.
    pub ours: String,
    /// The device's, as shown.
    pub device: String,
    /// Why they differ, when the shown values do.
    pub why: Option<&'static str>,
}

/// Why our distance and the device's can differ.
pub(crate) const WHY_DISTANCE: &str = "ours is the recorded distance after cleaning (implausible \
    jumps dropped), or summed from positions; the watch keeps its own running total";
/// Why our timer time and the device's can differ.
pub(crate) const WHY_TIMER: &str = "ours adds up the recorded samples between the timer's stop \
    and start events; the watch counts its timer itself, to the second";
/// Why our elapsed time and the device's can differ.
pub(crate) const WHY_ELAPSED: &str = "ours runs from the first recorded sample to the last; the \
    watch's from its start button to its stop";
/// Why our climbing and the device's can differ.
pub const WHY_CLIMB: &str = "ours is counted on the smoothed altitude trace, only rises \
    and drops beyond its noise margin; the watch counts its own raw (barometric or GPS) \
    readings with its own threshold";
/// Why our average cadence and the device's can differ.
pub(crate) const WHY_CADENCE: &str = "ours averages every step over the timer time, walking and \
    standing included, as Garmin defines it; a watch or app that counts running only, or \
    weighs its readings its own way, shows another figure";
/// Why our average heart rate and the device's can differ.
pub(crate) const WHY_AVERAGE: &str = "ours weighs each reading by the timer time it stands for; \
    the watch averages its own way (some count every second, some every reading)";

/// The rows, in a fixed order, for the figures both have.
#[must_use]
pub fn rows(a: &Activity, r: &Review, u: UnitSystem) -> Vec<DeviceRow> {
    let Some(s) = &a.summary else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut push = |what, ours: Option<String>, device: Option<String>, why| {
        if let (Some(ours), Some(device)) = (ours, device) {
            let why = (ours != device).then_some(why);
            out.push(DeviceRow {
                what,
                ours,
                device,
                why,
            });
        }
    };
    let dist = |m: f64| format!("{:.2} {}", u.distance(m), u.distance_label());
    let height = |m: f64| format!("{:.0} {}", u.elevation(m), u.elevation_label());
    let pos = |v: Option<f64>| v.filter(|v| v.is_finite() && *v > 0.0);
    push(
        "distance",
        pos(r.totals.distance_m).map(dist),
        pos(s.distance_m).map(dist),
        WHY_DISTANCE,
    );
    let moving = !a.is_route();
    push(
        "timer time",
        pos(Some(r.motion.timer_s))
            .filter(|_| moving)
            .map(format_duration),
        pos(s.timer_s).map(format_duration),
        WHY_TIMER,
    );
    push(
        "elapsed time",
        pos(Some(r.motion.elapsed_s))
            .filter(|_| moving)
            .map(format_duration),
        pos(s.elapsed_s).map(format_duration),
        WHY_ELAPSED,
    );
    let e = r.elevation.as_ref();
    push(
        "climbing",
        e.map(|e| height(e.gain_m)),
        s.ascent_m.filter(|v| v.is_finite()).map(height),
        WHY_CLIMB,
    );
    push(
        "descent",
        e.map(|e| height(e.loss_m)),
        s.descent_m.filter(|v| v.is_finite()).map(height),
        WHY_CLIMB,
    );
    let avg = totals::averages(a);
    let bpm = |v: f64| format!("{v:.0} bpm");
    push(
        "average heart rate",
        pos(avg.avg_heart_rate_bpm).map(bpm),
        pos(s.avg_heart_rate_bpm).map(bpm),
        WHY_AVERAGE,
    );
    let spm = |v: f64| format!("{v:.0} steps/min");
    push(
        "average cadence",
        pos(r.totals.device_method_cadence.map(|c| c.0)).map(spm),
        pos(s.avg_cadence_spm).map(spm),
        WHY_CADENCE,
    );
    out
}
