//! The metronome click track of a planned run, as a WAV file (streamed with `hound`).
//!
//! * **Format**: mono, 8 kHz, 8-bit PCM. A click needs no sound above a few kHz, and 8 kHz
//!   (telephone rate) is the lowest rate every phone and player plays; 8 bits halve the size
//!   again. A minute is 480 KB, so a 30-minute run is about 14 MB, not the 300 MB of CD
//!   audio.
//! * **Beats**: beat `k` of a running stretch starts at sample `round(k × 60 ÷ spm × rate)`
//!   from the stretch's start, so the spacing never drifts: each interval is 60 ÷ spm s to
//!   within one sample (0.125 ms).
//! * **Click**: a 15 ms tone burst with an exponential decay (time constant 3 ms), starting
//!   at its peak so the onset is sharp: 1 kHz at 70% of full scale, and every
//!   [`ACCENT_EVERY`]th beat (the first of each group) 2 kHz at full scale, so the runner
//!   can count groups without counting beats.
//! * **Run/walk**: walk stretches are silent, and the beats restart with each run stretch.

use std::io::{Seek, Write};

/// Samples per second.
pub(crate) const SAMPLE_RATE: u32 = 8_000;
/// An accent on every 4th beat (our choice: a bar of four, the most familiar grouping).
pub const ACCENT_EVERY: u32 = 4;
/// Click length, s.
pub(crate) const CLICK_S: f64 = 0.015;

/// One stretch of the track: `seconds` long, clicking (running) or silent (walking).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stretch {
    /// Length, s.
    pub seconds: u32,
    /// Running: clicks at the target.
    pub clicking: bool,
}

/// The sample (−127..=127) of a click `i` samples after its onset (clamped first, so the
/// cast is exact).
#[allow(clippy::cast_possible_truncation)]
fn click_sample(i: usize, accent: bool) -> i8 {
    let t = i as f64 / f64::from(SAMPLE_RATE);
    let (freq, amp) = if accent {
        (2_000.0, 127.0)
    } else {
        (1_000.0, 89.0)
    };
    let v = amp * (-t / 0.003).exp() * (std::f64::consts::TAU * freq * t).cos();
    v.round().clamp(-127.0, 127.0) as i8
}

/// Bytes of the WAV header `hound` writes for this format (`RIFF`/`WAVE`, a 16-byte
/// PCMWAVEFORMAT `fmt ` chunk, the `data` chunk header): 12 + 24 + 8.
pub(crate) const WAV_HEADER_BYTES: u64 = 44;

/// Samples of a stretch of `seconds`.
fn samples_of(seconds: u32) -> u64 {
    u64::from(seconds) * u64::from(SAMPLE_RATE)
}

/// Samples (one byte each, mono) of a track over `stretches`.
#[must_use]
pub(crate) fn track_samples(stretches: &[Stretch]) -> u64 {
    stretches.iter().map(|s| samples_of(s.seconds)).sum()
}

/// Size of the WAV file of a track over `stretches`, bytes: the header and one byte per
/// sample (8-bit mono; a whole number of seconds at 8 kHz is an even number of bytes, so
/// the `data` chunk needs no pad byte).
#[must_use]
pub(crate) fn wav_bytes(stretches: &[Stretch]) -> u64 {
    WAV_HEADER_BYTES + track_samples(stretches)
}

/// `n` silent samples.
fn silence<W: Write + Seek>(w: &mut hound::WavWriter<W>, n: u64) -> Result<(), hound::Error> {
    for _ in 0..n {
        w.write_sample(0_i8)?;
    }
    Ok(())
}

/// Write the samples of one stretch, beat by beat: nothing is held but the writer's buffer.
/// A click is cut short by the end of the stretch; a beat that falls inside the previous
/// click (beats under 15 ms apart, 4,000 steps/min: never a runner's) is left out.
fn stretch<W: Write + Seek>(
    w: &mut hound::WavWriter<W>,
    seconds: u32,
    clicking: bool,
    spm: f64,
) -> Result<(), hound::Error> {
    let n = samples_of(seconds);
    if !clicking || !spm.is_finite() || spm <= 0.0 {
        return silence(w, n);
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let click_len = (CLICK_S * f64::from(SAMPLE_RATE)) as u64;
    let period = 60.0 / spm * f64::from(SAMPLE_RATE);
    let mut pos = 0_u64;
    for k in 0_u64.. {
        // Beat `k` from the stretch's start; `n` is at most 2^32 samples, exact in an f64.
        let at = (k as f64 * period).round();
        if at >= n as f64 {
            break;
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let at = at as u64;
        if at < pos {
            continue;
        }
        silence(w, at - pos)?;
        let accent = k % u64::from(ACCENT_EVERY) == 0;
        let len = click_len.min(n - at);
        for i in 0..len {
            w.write_sample(click_sample(usize::try_from(i).unwrap_or(0), accent))?;
        }
        pos = at + len;
    }
    silence(w, n - pos)
}

/// Stream the WAV of a click track at `spm` beats per minute over `stretches` into `out`
/// (a file, through a buffer): samples are generated and written as they go, so memory
/// stays flat however long the track. Returns the bytes written ([`wav_bytes`]).
///
/// # Errors
/// Write errors, and a WAV that `hound` cannot write (over 4 GiB: not for a run).
pub(crate) fn write_track<W: Write + Seek>(
    out: W,
    spm: f64,
    stretches: &[Stretch],
) -> Result<u64, hound::Error> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: SAMPLE_RATE,
        bits_per_sample: 8,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::new(out, spec)?;
    for s in stretches {
        stretch(&mut w, s.seconds, s.clicking, spm)?;
    }
    let bytes = WAV_HEADER_BYTES + u64::from(w.len());
    w.finalize()?;
    Ok(bytes)
}

/// The WAV bytes of a click track at `spm` beats per minute over `stretches`, in memory
/// (for the tests; the plan streams its tracks with [`write_track`]).
///
/// # Errors
/// A WAV that `hound` cannot write (over 4 GiB: not for a run).
#[cfg(test)]
pub(crate) fn click_track(spm: f64, stretches: &[Stretch]) -> Result<Vec<u8>, hound::Error> {
    let cap = usize::try_from(wav_bytes(stretches)).unwrap_or(0);
    let mut cursor = std::io::Cursor::new(Vec::with_capacity(cap));
    write_track(&mut cursor, spm, stretches)?;
    Ok(cursor.into_inner())
}

/// Onsets (sample indices) in `samples`: a sample with |x| ≥ `threshold` after at least
/// `gap` quiet samples. Used by the tests to measure the tempo of a written file.
#[must_use]
pub fn onsets(samples: &[i32], threshold: i32, gap: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut quiet = gap;
    for (i, &x) in samples.iter().enumerate() {
        if x.abs() >= threshold {
            if quiet >= gap {
                out.push(i);
            }
            quiet = 0;
        } else {
            quiet += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> (hound::WavSpec, Vec<i32>) {
        let r = hound::WavReader::new(std::io::Cursor::new(bytes)).unwrap();
        let spec = r.spec();
        let s = r
            .into_samples::<i8>()
            .map(|x| i32::from(x.unwrap()))
            .collect();
        (spec, s)
    }

    /// The tempo measured from the written file: every interval between click onsets is
    /// 60 ÷ spm s within 1 ms, for whole and fractional targets.
    // A positive beat count below 300.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    #[test]
    fn click_intervals_match_the_target_within_a_millisecond() {
        for spm in [168.0, 172.0, 176.0, 171.3, 150.0, 190.0] {
            let wav = click_track(
                spm,
                &[Stretch {
                    seconds: 60,
                    clicking: true,
                }],
            )
            .unwrap();
            let (spec, s) = read(&wav);
            assert_eq!(
                (spec.channels, spec.sample_rate, spec.bits_per_sample),
                (1, 8_000, 8)
            );
            assert_eq!(s.len(), 60 * 8_000);
            let on = onsets(&s, 20, 40);
            // Beats at 0, 1, … while k × 60/spm < 60 s.
            let want_n = (spm - 1e-9).floor() as usize + 1;
            assert_eq!(on.len(), want_n, "{spm}");
            let want = 60.0 / spm;
            for w in on.windows(2) {
                let dt = (w[1] - w[0]) as f64 / 8_000.0;
                assert!((dt - want).abs() < 0.001, "{spm}: {dt} vs {want}");
            }
            // And no drift: the last onset is where k × 60/spm puts it.
            let last = *on.last().unwrap() as f64 / 8_000.0;
            assert!((last - (want_n - 1) as f64 * want).abs() < 0.001);
        }
    }

    #[test]
    fn every_fourth_beat_is_accented() {
        let wav = click_track(
            180.0,
            &[Stretch {
                seconds: 5,
                clicking: true,
            }],
        )
        .unwrap();
        let (_, s) = read(&wav);
        let on = onsets(&s, 20, 40);
        let peaks: Vec<i32> = on.iter().map(|&i| s[i]).collect();
        for (k, p) in peaks.iter().enumerate() {
            if k % 4 == 0 {
                assert_eq!(*p, 127, "beat {k}");
            } else {
                assert_eq!(*p, 89, "beat {k}");
            }
        }
    }

    #[test]
    fn walks_are_silent_and_beats_restart() {
        let wav = click_track(
            120.0,
            &[
                Stretch {
                    seconds: 3,
                    clicking: true,
                },
                Stretch {
                    seconds: 2,
                    clicking: false,
                },
                Stretch {
                    seconds: 3,
                    clicking: true,
                },
            ],
        )
        .unwrap();
        let (_, s) = read(&wav);
        let on = onsets(&s, 20, 40);
        // 2 beats/s: 0, 0.5, …, 2.5 s, then from 5.0 s again (accented).
        let secs: Vec<f64> = on.iter().map(|&i| i as f64 / 8_000.0).collect();
        assert_eq!(
            secs,
            vec![0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 5.0, 5.5, 6.0, 6.5, 7.0, 7.5]
        );
        assert_eq!(s[40_000], 127);
        assert!(s[24_000..40_000].iter().all(|&x| x == 0));
    }
}
