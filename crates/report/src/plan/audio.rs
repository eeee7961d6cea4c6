//! The plan's click tracks: one per distinct target cadence and click pattern, each a
//! loop the runner repeats for the whole run, never one per run or per week.
//!
//! * **Which tracks**: every run with the metronome on needs the clicks at its week's
//!   target, continuous or in run/walk repeats. Runs that share the target and the pattern
//!   share the file, so a 26-week plan has a handful of tracks (one per step of the target,
//!   and one more per step while sore), not one per week (25 tracks of 288 MB each for a
//!   runner of 10-hour weeks before).
//! * **Loops, not runs**: a track lasts one loop, and the runner sets the player to repeat
//!   it ("repeat one"). A continuous track lasts [`CONTINUOUS_LOOP_S`]: for a whole target
//!   (targets are whole steps/min, `target::target_spm`) that is exactly `4 × spm` beats, a
//!   whole number of bars of [`ACCENT_EVERY`], so the beat and the accent carry on across the
//!   wrap with no gap and no drift. A run/walk track is one repeat (run, then walk in
//!   silence): the beats restart with each run stretch anyway, so the loop is exact at any
//!   target, and any remaining running after the last repeat is the start of the next loop.
//!   The size no longer grows with the run: 1.9 MB a continuous track (240 s × 8,000
//!   bytes/s), 2.9 MB a 5:1 run/walk track.
//! * **Size**: every track's size is known before it is written ([`Track::bytes`]), so the
//!   plan's text, `plan.json` and `plan.html` state it, and the writer checks each written
//!   file against it.

use super::metronome::{self, Stretch, ACCENT_EVERY};
use super::{Plan, PlanWeek, PlannedRun};

/// Length of a continuous track's loop, s: 4 minutes hold `4 × spm` beats at a whole
/// `spm`, a whole number of bars of [`ACCENT_EVERY`] beats, so the loop wraps on a bar line
/// at every whole target (a minute would do only for targets divisible by 4).
pub const CONTINUOUS_LOOP_S: u32 = 60 * ACCENT_EVERY;

/// What the clicks do over a loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pattern {
    /// Clicks all the way.
    Continuous,
    /// Run/walk: clicks for `run_s`, then silence for `walk_s`.
    RunWalk {
        /// Running per repeat, s.
        run_s: u32,
        /// Walking per repeat, s.
        walk_s: u32,
    },
}

/// One click track of the plan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Track {
    /// The target, steps/min (whole).
    pub spm: f64,
    /// Continuous or run/walk.
    pub pattern: Pattern,
}

impl Track {
    /// The track a run plays: its week's target and its pattern.
    #[must_use]
    pub fn of(w: &PlanWeek, r: &PlannedRun) -> Self {
        Self {
            spm: w.target_spm.round(),
            pattern: match r.run_walk {
                Some(rw) => Pattern::RunWalk {
                    run_s: rw.run_s,
                    walk_s: rw.walk_s,
                },
                None => Pattern::Continuous,
            },
        }
    }

    /// File name, relative to the plan folder: `audio/172spm.wav`, or
    /// `audio/172spm-run300s-walk60s.wav` for run/walk.
    #[must_use]
    pub fn file(&self) -> String {
        match self.pattern {
            Pattern::Continuous => format!("audio/{:.0}spm.wav", self.spm),
            Pattern::RunWalk { run_s, walk_s } => {
                format!("audio/{:.0}spm-run{run_s}s-walk{walk_s}s.wav", self.spm)
            }
        }
    }

    /// The stretches of one loop.
    #[must_use]
    pub fn stretches(&self) -> Vec<Stretch> {
        match self.pattern {
            Pattern::Continuous => vec![Stretch {
                seconds: CONTINUOUS_LOOP_S,
                clicking: true,
            }],
            Pattern::RunWalk { run_s, walk_s } => vec![
                Stretch {
                    seconds: run_s,
                    clicking: true,
                },
                Stretch {
                    seconds: walk_s,
                    clicking: false,
                },
            ],
        }
    }

    /// Length of the loop, s.
    #[must_use]
    pub fn loop_s(&self) -> u32 {
        self.stretches().iter().map(|s| s.seconds).sum()
    }

    /// Size of the file, bytes.
    #[must_use]
    pub fn bytes(&self) -> u64 {
        metronome::wav_bytes(&self.stretches())
    }
}

/// The plan's tracks, each once, in the order the weeks first play them.
#[must_use]
pub fn tracks(p: &Plan) -> Vec<Track> {
    let mut out: Vec<Track> = Vec::new();
    for w in &p.weeks {
        for r in w.runs.iter().filter(|r| r.metronome) {
            let t = Track::of(w, r);
            if !out.iter().any(|o| o.file() == t.file()) {
                out.push(t);
            }
        }
    }
    out
}

/// Total size of the tracks, bytes.
#[must_use]
pub fn total_bytes(tracks: &[Track]) -> u64 {
    tracks.iter().map(Track::bytes).sum()
}

/// A size in words: "1.9 MB" (decimal megabytes, as file managers on phones show them).
#[must_use]
pub(crate) fn size_words(bytes: u64) -> String {
    let mb = bytes as f64 / 1e6;
    format!("{mb:.1} MB")
}

#[cfg(test)]
mod tests {
    use super::super::schedule::{Feedback, RunWalk};
    use super::*;
    use chrono::NaiveDate;

    fn week(spm: f64, rw: Option<RunWalk>, fb: Feedback) -> PlanWeek {
        PlanWeek {
            number: 1,
            monday: NaiveDate::from_ymd_opt(2024, 5, 6).unwrap(),
            increase_pct: 5.0,
            target_spm: spm,
            band_spm: (spm - 3.0, spm + 3.0),
            feedback: fb,
            cut_pct: 0.0,
            runs: (0..3)
                .map(|r| PlannedRun {
                    number: r + 1,
                    duration_s: 36_000,
                    run_walk: rw,
                    metronome: fb.plays_on(r),
                })
                .collect(),
            cross_training: None,
            strength: Vec::new(),
            flat_routes: false,
        }
    }

    /// One file per distinct target and pattern, in order of first use; a week without the
    /// metronome adds none.
    #[test]
    fn one_track_per_target_and_pattern() {
        let rw = Some(RunWalk {
            run_s: 300,
            walk_s: 60,
            repeats: 100,
            tail_run_s: 0,
        });
        let mut weeks = vec![
            week(172.0, rw, Feedback::EveryRun),
            week(172.0, None, Feedback::EveryRun),
            week(172.0, None, Feedback::EveryOther),
            week(176.0, None, Feedback::EveryRun),
            week(176.0, None, Feedback::EveryOther),
            week(180.0, None, Feedback::None),
        ];
        for (k, w) in weeks.iter_mut().enumerate() {
            w.number = k + 1;
        }
        let p = Plan {
            start: super::super::target::Start {
                easy_speed_mps: 2.6,
                cadence_spm: 164.0,
                source: super::super::target::CadenceSource::Baseline {
                    runs: 3,
                    sd_spm: 1.0,
                },
            },
            band_spm: (170.0, 180.0),
            history: super::super::schedule::History {
                runs_per_week: 3,
                weekly_moving_s: 108_000.0,
                weekly_distance_m: 280_000.0,
                weeks: 4,
            },
            soreness: super::super::schedule::Soreness::default(),
            runs_used: 3,
            weeks,
            pain_follows: Vec::new(),
            shares_before: crate::plan::Shares::default(),
        };
        let t = tracks(&p);
        let files: Vec<String> = t.iter().map(Track::file).collect();
        assert_eq!(
            files,
            [
                "audio/172spm-run300s-walk60s.wav",
                "audio/172spm.wav",
                "audio/176spm.wav"
            ]
        );
        // Loops, not 10-hour runs: 240 s and one 6-min repeat, 8,000 bytes a second.
        assert_eq!(t[0].loop_s(), 360);
        assert_eq!(t[1].loop_s(), 240);
        assert_eq!(t[0].bytes(), 44 + 360 * 8_000);
        assert_eq!(total_bytes(&t), 44 * 3 + (360 + 240 + 240) * 8_000);
        assert_eq!(size_words(total_bytes(&t)), "6.7 MB");
    }

    /// A continuous loop holds a whole number of bars at every whole target, so the track
    /// repeats on the beat and on the accent: the onsets of the file played twice are
    /// evenly spaced across the wrap, and the first beat after it is an accent.
    #[test]
    fn a_continuous_loop_wraps_on_the_beat_and_the_bar() {
        for spm in [150.0, 166.0, 171.0, 172.0, 177.0, 190.0] {
            let t = Track {
                spm,
                pattern: Pattern::Continuous,
            };
            let wav = metronome::click_track(spm, &t.stretches()).unwrap();
            assert_eq!(wav.len() as u64, t.bytes());
            let r = hound::WavReader::new(std::io::Cursor::new(&wav)).unwrap();
            let one: Vec<i32> = r
                .into_samples::<i8>()
                .map(|x| i32::from(x.unwrap()))
                .collect();
            let twice = [one.clone(), one.clone()].concat();
            let on = metronome::onsets(&twice, 20, 40);
            assert_eq!(on.len() as f64, 2.0 * 4.0 * spm, "{spm}");
            let want = 60.0 / spm;
            for p in on.windows(2) {
                let dt = (p[1] - p[0]) as f64 / 8_000.0;
                assert!((dt - want).abs() < 0.001, "{spm}: {dt} vs {want}");
            }
            assert_eq!(twice[one.len()], 127, "{spm}: the wrap starts a bar");
        }
    }
}
