//! What the logged pain follows: the pain log set against the kind of each run (issue 26,
//! the physio's four questions: is the pain worse with hills, with speed work, with long
//! distances, and does it affect one side more). Numbers only; the finding is typed and
//! worded in [`crate::coach::folder::PainPatternFinding`]. The method, with its sources,
//! is in `docs/pain-pattern.md`.
//!
//! * **Followed by pain.** A run on day *d* (UTC date of its start) is *followed by pain*
//!   when a sore day (pain ≥ [`PatternParams::sore_pain`], the pain log's own sore-day
//!   limit, [`crate::coach::pain::PainParams::sore_pain`]) is logged on *d* + 1 or
//!   *d* + 2: the 24–48 h after the run at the resolution of a day-level log. Its outcome
//!   is *known* when the log has any entry on those days; runs without one are left out
//!   (a missing entry is not a pain-free day).
//! * **Traits** ([`RunTrait`]), each against the runner's own history:
//!   * *hilly*: steep share (up and down, the analysis' `steep_share_pct`) ≥
//!     [`PatternParams::hilly_steep_share_pct`] (10%: the rules' hill warning,
//!     `steep_share_warn_pct`) or gain per km ≥ [`PatternParams::hilly_gain_m_per_km`]
//!     (10 m/km: half the distance climbing at the 2% Runalyze counts as a climb, see
//!     [`crate::coach::rules`]). Runs without elevation figures are left out of this one.
//!   * *fast or structured*: a structured session ([`SessionKind::Structured`]) or an
//!     average moving speed more than [`PatternParams::fast_over_easy_pct`] (10%) above the
//!     folder's easy-pace ceiling ([`crate::history::trends::Trends::easy_speed_mps`]).
//!     10% is our choice, from Daniels' paces (Daniels' Running Formula, 3rd ed.: easy
//!     running at 59–74% of VO₂max, marathon pace at 75–84%; the ratio of their nearest
//!     edges is about 1.1 in speed).
//!   * *long*: moving time ≥ [`PatternParams::long_over_usual`] (1.5) × the median moving
//!     time of the folder's dated runs. Our choice; the comparison is against the runner's
//!     own runs because the risk of a session grows with its size against the runner's
//!     own recent longest (Frandsen et al. 2025, Br J Sports Med, "How much running is too
//!     much?", 5,205 runners).
//!   * *off balance*: flat-running left share of ground contact more than
//!     [`PatternParams::balance_shift_pp`] (0.7 percentage points) from the runner's own
//!     median over the folder: the width of Garmin's green balance zone (50.0–50.7%), so
//!     a run this far off the runner's usual lies in another of Garmin's zones or at its
//!     edge. Runs without a balance reading are left out of this one.
//! * **Minimums.** Below [`PatternParams::min_runs`] (10) runs with a known outcome or
//!   [`PatternParams::min_sore_days`] (3) sore days over the runs' dates, the finding says
//!   "not enough logged days to tell" and nothing more. A trait is tested only with at
//!   least [`PatternParams::min_group_runs`] (3) runs on each side.
//! * **Test.** A 2 × 2 table per trait (trait or not × followed or not), one-sided Fisher's
//!   exact test (Fisher 1935; the probability under the hypergeometric law of this many or
//!   more pain-followed runs among the runs with the trait, from `statrs`), then Holm's
//!   step-down correction over the traits tested (Holm 1979, Scand J Statist 6:65). A
//!   trait is *named* when pain followed it more often than the others and its corrected
//!   p-value is below [`PatternParams::alpha`] (0.05). When pain follows every run alike,
//!   every p-value is 1 and nothing is named.

use crate::analysis::session::SessionKind;
use crate::coach::folder::{PainPatternFinding, RunTrait, TraitComparison};
use crate::history::row::RunRow;
use chrono::{Days, NaiveDate};
use statrs::distribution::{DiscreteCDF, Hypergeometric};
use std::collections::BTreeMap;

/// Thresholds of the pain pattern; every default is documented in the module docs.
#[derive(Clone, Debug, PartialEq)]
pub struct PatternParams {
    /// A sore day has pain at least this (4, as the pain log's sore day).
    pub sore_pain: u8,
    /// Days after the run whose pain counts (1 and 2: the 24–48 h after it).
    pub after_days: (u64, u64),
    /// Fewest runs with a known outcome (10).
    pub min_runs: usize,
    /// Fewest sore days over the runs' dates (3).
    pub min_sore_days: usize,
    /// Fewest runs on each side of a trait for it to be tested (3).
    pub min_group_runs: usize,
    /// Level of the Holm-corrected test (0.05).
    pub alpha: f64,
    /// Hilly: steep share at least this, percent (10).
    pub hilly_steep_share_pct: f64,
    /// Hilly: gain per km at least this, m/km (10).
    pub hilly_gain_m_per_km: f64,
    /// Fast: average speed this much above the easy ceiling, percent (10).
    pub fast_over_easy_pct: f64,
    /// Long: moving time at least this times the median (1.5).
    pub long_over_usual: f64,
    /// Off balance: this far from the runner's median left share, percentage points (0.7).
    pub balance_shift_pp: f64,
}

impl Default for PatternParams {
    fn default() -> Self {
        Self {
            sore_pain: crate::coach::pain::PainParams::default().sore_pain,
            after_days: (1, 2),
            min_runs: 10,
            min_sore_days: 3,
            min_group_runs: 3,
            alpha: 0.05,
            hilly_steep_share_pct: 10.0,
            hilly_gain_m_per_km: 10.0,
            fast_over_easy_pct: 10.0,
            long_over_usual: 1.5,
            balance_shift_pp: 0.7,
        }
    }
}

/// One run's traits (`None`: cannot tell) and outcome.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunTraits {
    /// Start date (UTC).
    pub date: NaiveDate,
    /// Hilly.
    pub hilly: Option<bool>,
    /// Fast or structured.
    pub fast: Option<bool>,
    /// Long.
    pub long: Option<bool>,
    /// Balance off the runner's own.
    pub off_balance: Option<bool>,
    /// Pain followed (`None`: nothing logged on the days after).
    pub followed: Option<bool>,
}

impl RunTraits {
    /// The trait's value.
    #[must_use]
    pub fn has(&self, t: RunTrait) -> Option<bool> {
        match t {
            RunTrait::Hilly => self.hilly,
            RunTrait::FastOrStructured => self.fast,
            RunTrait::Long => self.long,
            RunTrait::OffBalance => self.off_balance,
        }
    }
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// Is a run hilly (`None` without elevation figures)?
#[must_use]
pub(crate) fn is_hilly(r: &RunRow, p: &PatternParams) -> Option<bool> {
    let steep = r.steep_share_pct.filter(|x| x.is_finite());
    let per_km = match (r.gain_m, r.distance_m) {
        (Some(g), Some(d)) if d > 0.0 && g.is_finite() => Some(g / (d / 1000.0)),
        _ => None,
    };
    if steep.is_none() && per_km.is_none() {
        return None;
    }
    Some(
        steep.is_some_and(|s| s >= p.hilly_steep_share_pct)
            || per_km.is_some_and(|g| g >= p.hilly_gain_m_per_km),
    )
}

/// Is a run fast or structured (`None` without a speed and not structured)?
#[must_use]
pub(crate) fn is_fast(r: &RunRow, easy_speed_mps: Option<f64>, p: &PatternParams) -> Option<bool> {
    if r.session_kind == Some(SessionKind::Structured) {
        return Some(true);
    }
    let (v, easy) = (r.avg_speed_mps?, easy_speed_mps?);
    (v.is_finite() && easy > 0.0).then(|| v > easy * (1.0 + p.fast_over_easy_pct / 100.0))
}

/// Each dated run's traits and outcome against the pain log (`days`: the highest pain of
/// each logged date).
#[must_use]
pub fn traits(
    rows: &[RunRow],
    days: &BTreeMap<NaiveDate, u8>,
    easy_speed_mps: Option<f64>,
    p: &PatternParams,
) -> Vec<RunTraits> {
    let dated: Vec<&RunRow> = rows.iter().filter(|r| r.start_time.is_some()).collect();
    let usual_s = median(dated.iter().filter_map(|r| r.moving_s).collect());
    let own_balance = median(
        dated
            .iter()
            .filter_map(|r| r.flat_balance_left_pct)
            .collect(),
    );
    let mut out: Vec<RunTraits> = dated
        .iter()
        .filter_map(|r| {
            let date = r.local_date()?;
            let after = |k: u64| date.checked_add_days(Days::new(k));
            let logged: Vec<u8> = (p.after_days.0..=p.after_days.1)
                .filter_map(|k| after(k).and_then(|d| days.get(&d).copied()))
                .collect();
            let followed = (!logged.is_empty()).then(|| logged.iter().any(|&x| x >= p.sore_pain));
            Some(RunTraits {
                date,
                hilly: is_hilly(r, p),
                fast: is_fast(r, easy_speed_mps, p),
                long: match (r.moving_s, usual_s) {
                    (Some(m), Some(u)) if u > 0.0 => Some(m >= p.long_over_usual * u),
                    _ => None,
                },
                off_balance: match (r.flat_balance_left_pct, own_balance) {
                    (Some(b), Some(o)) => Some((b - o).abs() > p.balance_shift_pp),
                    _ => None,
                },
                followed,
            })
        })
        .collect();
    out.sort_by_key(|t| t.date);
    out
}

/// One-sided Fisher's exact test of a 2 × 2 table: P(X ≥ `with_pain`) for X hypergeometric
/// (population `with_runs + without_runs`, `with_pain + without_pain` successes,
/// `with_runs` draws). 1 when nothing is drawn or no run was followed.
#[must_use]
pub(crate) fn fisher_one_sided(
    with_pain: usize,
    with_runs: usize,
    without_pain: usize,
    without_runs: usize,
) -> f64 {
    let n = (with_runs + without_runs) as u64;
    let k = (with_pain + without_pain) as u64;
    let draws = with_runs as u64;
    if with_pain == 0 || n == 0 {
        return 1.0;
    }
    match Hypergeometric::new(n, k, draws) {
        // sf(x) = P(X > x), so P(X ≥ a) = sf(a − 1).
        Ok(h) => h.sf(with_pain as u64 - 1).clamp(0.0, 1.0),
        Err(_) => 1.0,
    }
}

/// Holm's step-down adjustment of `p` (same order out as in).
#[must_use]
pub(crate) fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let mut out = vec![1.0; m];
    let mut running: f64 = 0.0;
    for (rank, &i) in order.iter().enumerate() {
        let factor = (m - rank) as f64;
        running = running.max((factor * p[i]).min(1.0));
        out[i] = running;
    }
    out
}

/// Sore days over the runs' dates (from the first run to `after_days.1` days after the last).
fn sore_days(t: &[RunTraits], days: &BTreeMap<NaiveDate, u8>, p: &PatternParams) -> usize {
    let (Some(first), Some(last)) = (t.first(), t.last()) else {
        return 0;
    };
    let end = last
        .date
        .checked_add_days(Days::new(p.after_days.1))
        .unwrap_or(last.date);
    days.range(first.date..=end)
        .filter(|(_, &pain)| pain >= p.sore_pain)
        .count()
}

/// What the pain follows, with the default [`PatternParams`]; `None` without a pain log.
#[must_use]
pub fn pattern(
    rows: &[RunRow],
    days: &BTreeMap<NaiveDate, u8>,
    easy_speed_mps: Option<f64>,
) -> Option<PainPatternFinding> {
    pattern_with(rows, days, easy_speed_mps, &PatternParams::default())
}

/// What the pain follows (see the module docs); `None` without a pain log.
#[must_use]
pub(crate) fn pattern_with(
    rows: &[RunRow],
    days: &BTreeMap<NaiveDate, u8>,
    easy_speed_mps: Option<f64>,
    p: &PatternParams,
) -> Option<PainPatternFinding> {
    if days.is_empty() {
        return None;
    }
    let all = traits(rows, days, easy_speed_mps, p);
    let sore = sore_days(&all, days, p);
    let known: Vec<&RunTraits> = all.iter().filter(|t| t.followed.is_some()).collect();
    if known.len() < p.min_runs || sore < p.min_sore_days {
        return Some(PainPatternFinding::TooFewDays {
            runs: known.len(),
            sore_days: sore,
            min_runs: p.min_runs,
            min_sore_days: p.min_sore_days,
        });
    }
    let followed = known.iter().filter(|t| t.followed == Some(true)).count();
    let mut comparisons: Vec<TraitComparison> = RunTrait::ALL
        .iter()
        .map(|&tr| {
            let (mut wp, mut wr, mut op, mut or) = (0, 0, 0, 0);
            for t in &known {
                let f = usize::from(t.followed == Some(true));
                match t.has(tr) {
                    Some(true) => (wp, wr) = (wp + f, wr + 1),
                    Some(false) => (op, or) = (op + f, or + 1),
                    None => {}
                }
            }
            let tested = wr >= p.min_group_runs && or >= p.min_group_runs;
            TraitComparison {
                run_trait: tr,
                with_pain: wp,
                with_runs: wr,
                without_pain: op,
                without_runs: or,
                p_value: tested.then(|| fisher_one_sided(wp, wr, op, or)),
                p_holm: None,
                named: false,
            }
        })
        .collect();
    let tested: Vec<usize> = (0..comparisons.len())
        .filter(|&i| comparisons[i].p_value.is_some())
        .collect();
    let raw: Vec<f64> = tested
        .iter()
        .filter_map(|&i| comparisons[i].p_value)
        .collect();
    for (&i, adj) in tested.iter().zip(holm(&raw)) {
        let c = &mut comparisons[i];
        c.p_holm = Some(adj);
        // Rates compared by cross-multiplication: with_pain/with_runs > without/others.
        let more = c.with_pain * c.without_runs > c.without_pain * c.with_runs;
        c.named = more && adj < p.alpha;
    }
    Some(PainPatternFinding::Pattern {
        runs: known.len(),
        followed,
        sore_days: sore,
        comparisons,
        alpha: p.alpha,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coach::warning::Advice;
    use crate::history::baseline::tests::row;
    use crate::history::row::SpeedBins;
    use chrono::{TimeZone, Utc};

    fn day(n: u64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 4, 1)
            .and_then(|d| d.checked_add_days(Days::new(n)))
            .expect("date")
    }

    /// A run on day `n` (from 2024-04-01): 40 min at 3 m/s, flat unless `hilly`.
    fn run(n: u64, hilly: bool) -> RunRow {
        let t = Utc
            .with_ymd_and_hms(2024, 4, 1, 7, 0, 0)
            .single()
            .map(|t| t + chrono::Duration::days(i64::try_from(n).expect("n")));
        let mut r = row(t, SpeedBins::new());
        r.distance_m = Some(7_200.0);
        r.moving_s = Some(2_400.0);
        r.avg_speed_mps = Some(3.0);
        r.gain_m = Some(if hilly { 150.0 } else { 10.0 });
        r.steep_share_pct = Some(if hilly { 20.0 } else { 0.0 });
        r.session_kind = Some(SessionKind::SteadyRun);
        r
    }

    #[test]
    fn fisher_matches_the_hypergeometric_by_hand() {
        // 6 of 7 against 0 of 7: C(7,6)·C(7,0)/C(14,6) + C(7,7)·C(7,−1)… = 7/3003.
        let p = fisher_one_sided(6, 7, 0, 7);
        assert!((p - 7.0 / 3003.0).abs() < 1e-12, "{p}");
        // Every run followed: nothing to tell.
        assert!((fisher_one_sided(7, 7, 7, 7) - 1.0).abs() < 1e-12);
        assert!((fisher_one_sided(0, 7, 3, 7) - 1.0).abs() < 1e-12);
        // 2×2 with 3 of 4 vs 1 of 4: P(X ≥ 3), N = 8, K = 4, n = 4:
        // [C(4,3)C(4,1) + C(4,4)C(4,0)] / C(8,4) = 17/70.
        assert!((fisher_one_sided(3, 4, 1, 4) - 17.0 / 70.0).abs() < 1e-12);
    }

    #[test]
    fn holm_steps_down_and_stays_monotone() {
        let a = holm(&[0.01, 0.04, 0.03]);
        // Sorted 0.01, 0.03, 0.04 × 3, 2, 1 = 0.03, 0.06, 0.04 → monotone 0.03, 0.06, 0.06.
        assert!((a[0] - 0.03).abs() < 1e-12);
        assert!((a[2] - 0.06).abs() < 1e-12);
        assert!((a[1] - 0.06).abs() < 1e-12);
        assert_eq!(holm(&[]), Vec::<f64>::new());
        assert!((holm(&[0.9, 0.8])[0] - 1.0).abs() < 1e-12);
    }

    /// 14 runs every other day, hilly on the odd ones; pain after the hilly ones only.
    fn hilly_folder() -> (Vec<RunRow>, BTreeMap<NaiveDate, u8>) {
        let mut rows = Vec::new();
        let mut days = BTreeMap::new();
        for k in 0..14u64 {
            let hilly = k % 2 == 1;
            rows.push(run(3 * k, hilly));
            days.insert(day(3 * k + 1), if hilly { 5 } else { 1 });
        }
        (rows, days)
    }

    #[test]
    fn pain_after_hilly_runs_names_hills_only() {
        let (rows, days) = hilly_folder();
        let f = pattern(&rows, &days, Some(3.1)).expect("a log");
        assert_eq!(f.named(), vec![RunTrait::Hilly]);
        assert_eq!(f.code().as_str(), "pain_follows");
        let m = f.message().to_string();
        assert!(
            m.starts_with("Pain followed 7 of 7 hilly runs and 0 of 7 flat runs (p < 0.001"),
            "{m}"
        );
        assert!(m.contains("not a cause or a diagnosis"), "{m}");
        // Every run the same length and pace: long and fast are not tested.
        assert!(!m.contains("long runs"), "{m}");
    }

    #[test]
    fn pain_after_every_run_names_nothing() {
        let (rows, mut days) = hilly_folder();
        for v in days.values_mut() {
            *v = 6;
        }
        let f = pattern(&rows, &days, Some(3.1)).expect("a log");
        assert!(f.named().is_empty());
        assert_eq!(f.code().as_str(), "pain_follows_no_kind");
        assert!(f
            .message()
            .to_string()
            .starts_with("Pain followed 14 of 14 runs, and no kind of run stands out"));
    }

    #[test]
    fn too_few_days_says_so_and_nothing_more() {
        let (rows, days) = hilly_folder();
        let few: BTreeMap<_, _> = days.into_iter().take(9).collect();
        let f = pattern(&rows, &few, Some(3.1)).expect("a log");
        assert!(
            matches!(f, PainPatternFinding::TooFewDays { runs: 9, .. }),
            "{f:?}"
        );
        assert_eq!(
            f.message().to_string(),
            "Not enough logged days to tell what the pain follows."
        );
        assert!(pattern(&rows, &BTreeMap::new(), None).is_none());
    }

    #[test]
    fn traits_follow_the_limits() {
        let p = PatternParams::default();
        let mut r = run(0, false);
        assert_eq!(is_hilly(&r, &p), Some(false));
        r.gain_m = Some(72.0); // 10 m/km over 7.2 km
        assert_eq!(is_hilly(&r, &p), Some(true));
        r.gain_m = None;
        r.steep_share_pct = None;
        assert_eq!(is_hilly(&r, &p), None);
        assert_eq!(is_fast(&r, Some(3.0), &p), Some(false));
        r.avg_speed_mps = Some(3.31);
        assert_eq!(is_fast(&r, Some(3.0), &p), Some(true));
        r.avg_speed_mps = Some(2.0);
        r.session_kind = Some(SessionKind::Structured);
        assert_eq!(is_fast(&r, None, &p), Some(true));
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig {
                cases: 64,
                rng_seed: proptest::test_runner::RngSeed::Fixed(26),
                ..ProptestConfig::default()
            })]

            /// Below either minimum, only "not enough logged days".
            #[test]
            fn below_the_minimums_nothing_is_named(n in 1usize..10, sore in 0u8..=10) {
                let (rows, days) = hilly_folder();
                let days: BTreeMap<_, _> = days.into_iter().take(n).map(|(d, _)| (d, sore)).collect();
                let f = pattern(&rows, &days, Some(3.1)).expect("a log");
                let too_few = matches!(f, PainPatternFinding::TooFewDays { .. });
                prop_assert!(too_few);
                prop_assert!(f.named().is_empty());
            }

            /// Pain after exactly the hilly runs, in a random mix of at least 5 of each:
            /// hills named, and nothing else; the same pain after every run names nothing.
            #[test]
            fn the_trait_pain_follows_is_the_one_named(
                hills in proptest::collection::vec(any::<bool>(), 12..30),
                pain in 4u8..=10,
            ) {
                let n_hilly = hills.iter().filter(|&&h| h).count();
                prop_assume!(n_hilly >= 5 && hills.len() - n_hilly >= 5);
                let mut rows = Vec::new();
                let mut days = BTreeMap::new();
                let mut all = BTreeMap::new();
                for (k, &h) in hills.iter().enumerate() {
                    let k = k as u64;
                    rows.push(run(3 * k, h));
                    days.insert(day(3 * k + 1), if h { pain } else { 0 });
                    all.insert(day(3 * k + 1), pain);
                }
                let f = pattern(&rows, &days, Some(3.1)).expect("a log");
                prop_assert_eq!(f.named(), vec![RunTrait::Hilly]);
                let g = pattern(&rows, &all, Some(3.1)).expect("a log");
                prop_assert!(g.named().is_empty());
            }
        }
    }
}
