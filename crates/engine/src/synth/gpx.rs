//! GPX 1.1 writer for synthetic runs, with Garmin's TrackPointExtension v1.
//!
//! Layout follows the GPX 1.1 schema (<http://www.topografix.com/GPX/1/1>): `metadata`,
//! then one `trk` with one `trkseg` of `trkpt lat lon` holding `ele`, `time` and
//! `extensions/gpxtpx:TrackPointExtension` with `gpxtpx:hr` and `gpxtpx:cad`
//! (namespace `http://www.garmin.com/xmlschemas/TrackPointExtension/v1`). Pauses are not
//! marked (Garmin Connect writes one segment too); a reader sees them as time gaps.
//!
//! Cadence is written the two ways found in the wild ([`CadenceStyle`]): Garmin Connect
//! writes strides/min (one foot, as FIT stores it), Strava's export writes steps/min. A
//! reader must infer which (see [`crate::ingest::cadence_unit`]).
//!
//! Numbers: latitude and longitude with 7 decimals (about 1 cm), elevation with 1 decimal
//! (the samples are multiples of 0.2 m, so nothing is lost), times RFC 3339 UTC with `Z`.

use super::{rfc3339, SynthError, SynthRun};

/// How `gpxtpx:cad` is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CadenceStyle {
    /// `round(steps/min ÷ 2)`: strides per minute, as Garmin Connect exports.
    GarminStrides,
    /// `round(steps/min)`: steps per minute, as Strava exports.
    StravaSteps,
}

impl CadenceStyle {
    /// The integer written for a step rate.
    #[must_use]
    pub fn value(self, steps_per_min: f64) -> f64 {
        match self {
            Self::GarminStrides => (steps_per_min / 2.0).round(),
            Self::StravaSteps => steps_per_min.round(),
        }
    }
}

/// What the GPX holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GpxOptions {
    /// The `creator` attribute.
    pub creator: String,
    /// Track name; `None` uses the run's name.
    pub name: Option<String>,
    /// Cadence style; `None` leaves `gpxtpx:cad` out.
    pub cadence: Option<CadenceStyle>,
    /// Write `gpxtpx:hr`.
    pub heart_rate: bool,
    /// Write `<time>` (false gives a planned-route style file without timestamps).
    pub times: bool,
    /// Write `<ele>`.
    pub elevation: bool,
    /// Where heart rate and cadence are written.
    pub extensions: ExtensionStyle,
    /// Start a new `<trkseg>` after each timer pause (what many apps write).
    pub segment_per_pause: bool,
    /// Recording off between these seconds (points with `from <= t_s < to` left out)
    /// while the runner moves on; the track goes on in a new `<trkseg>`.
    pub off_between: Option<(u32, u32)>,
}

/// How a GPX writer stores heart rate and cadence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtensionStyle {
    /// Garmin's `gpxtpx:TrackPointExtension` (`hr`, `cad`).
    Garmin,
    /// Cluetrust `gpxdata:hr` and `gpxdata:cadence` directly under `<extensions>`.
    Cluetrust,
    /// `<hr>`/`<cad>` without a prefix or namespace declaration.
    Unprefixed,
    /// SportTracks: `<st:heartRateTrack>`/`<st:cadenceTrack>` series of
    /// `time`-stamped values in the track's `<extensions>`, beside the points.
    SportTracks,
}

impl Default for GpxOptions {
    fn default() -> Self {
        Self {
            creator: "stridewise synth".to_string(),
            name: None,
            cadence: Some(CadenceStyle::GarminStrides),
            heart_rate: true,
            times: true,
            elevation: true,
            extensions: ExtensionStyle::Garmin,
            segment_per_pause: false,
            off_between: None,
        }
    }
}

/// Escape text for XML character data and attribute values.
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Write a run as GPX 1.1.
///
/// # Errors
/// [`SynthError::NoPositions`] when the run has no positions (a treadmill run).
pub fn write(run: &SynthRun, opts: &GpxOptions) -> Result<String, SynthError> {
    if run
        .points
        .iter()
        .any(|p| p.lat_deg.is_none() || p.lon_deg.is_none())
    {
        return Err(SynthError::NoPositions(run.name.clone()));
    }
    let name = escape(opts.name.as_deref().unwrap_or(&run.name));
    let mut out = String::with_capacity(run.points.len() * 240 + 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<gpx version=\"1.1\" creator=\"{}\" \
         xmlns=\"http://www.topografix.com/GPX/1/1\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\" \
         {}xsi:schemaLocation=\"http://www.topografix.com/GPX/1/1 \
         http://www.topografix.com/GPX/1/1/gpx.xsd \
         http://www.garmin.com/xmlschemas/TrackPointExtension/v1 \
         http://www.garmin.com/xmlschemas/TrackPointExtensionv1.xsd\">\n",
        escape(&opts.creator),
        match opts.extensions {
            ExtensionStyle::Cluetrust =>
                "xmlns:gpxdata=\"http://www.cluetrust.com/XML/GPXDATA/1/0\" ",
            ExtensionStyle::SportTracks =>
                "xmlns:st=\"urn:uuid:D0EB2ED5-49B6-44e3-B13C-CF15BE7DD7DD\" ",
            ExtensionStyle::Garmin | ExtensionStyle::Unprefixed => "",
        }
    ));
    out.push_str(&format!(" <metadata>\n  <name>{name}</name>\n"));
    if opts.times {
        out.push_str(&format!("  <time>{}</time>\n", rfc3339(run.start)));
    }
    out.push_str(" </metadata>\n");
    out.push_str(&format!(
        " <trk>\n  <name>{name}</name>\n  <type>running</type>\n"
    ));
    let off = |t: u32| opts.off_between.is_some_and(|(a, b)| (a..b).contains(&t));
    if opts.extensions == ExtensionStyle::SportTracks && opts.times {
        let series = |tag: &str, attr: &str, value: &dyn Fn(&super::SynthPoint) -> String| {
            let mut s = format!("   <st:{tag}Track>\n");
            for p in run.points.iter().filter(|p| !off(p.t_s)) {
                s.push_str(&format!(
                    "    <st:{tag} time=\"{}\" {attr}=\"{}\"/>\n",
                    rfc3339(run.time_at(p.t_s)),
                    value(p)
                ));
            }
            s.push_str(&format!("   </st:{tag}Track>\n"));
            s
        };
        out.push_str("  <extensions><st:activity>\n");
        if opts.heart_rate {
            out.push_str(&series("heartRate", "bpm", &|p| {
                p.heart_rate_bpm.to_string()
            }));
        }
        if let Some(style) = opts.cadence {
            out.push_str(&series("cadence", "rpm", &|p| {
                format!("{:.0}", style.value(p.cadence_spm))
            }));
        }
        out.push_str("  </st:activity></extensions>\n");
    }
    out.push_str("  <trkseg>\n");
    let mut prev_t: Option<u32> = None;
    let mut next_pause = 0_usize;
    for p in &run.points {
        let (Some(lat), Some(lon)) = (p.lat_deg, p.lon_deg) else {
            continue;
        };
        if off(p.t_s) {
            continue;
        }
        if let Some(pt) = prev_t {
            let gap = opts.off_between.is_some_and(|(a, _)| pt < a && p.t_s > a);
            // Pauses are sorted and disjoint (as generated): skip those over before `pt`.
            while next_pause < run.pauses.len() && run.pauses[next_pause].end_s <= pt {
                next_pause += 1;
            }
            let paused = run.pauses[next_pause..]
                .first()
                .is_some_and(|q| q.start_s < p.t_s);
            if gap || (opts.segment_per_pause && paused) {
                out.push_str("  </trkseg>\n  <trkseg>\n");
            }
        }
        prev_t = Some(p.t_s);
        out.push_str(&format!("   <trkpt lat=\"{lat:.7}\" lon=\"{lon:.7}\">"));
        if opts.elevation {
            if let Some(a) = p.altitude_m {
                out.push_str(&format!("<ele>{a:.1}</ele>"));
            }
        }
        if opts.times {
            out.push_str(&format!("<time>{}</time>", rfc3339(run.time_at(p.t_s))));
        }
        let (open, close, hr, cad) = match opts.extensions {
            ExtensionStyle::Garmin => (
                "<gpxtpx:TrackPointExtension>",
                "</gpxtpx:TrackPointExtension>",
                "gpxtpx:hr",
                "gpxtpx:cad",
            ),
            ExtensionStyle::Cluetrust => ("", "", "gpxdata:hr", "gpxdata:cadence"),
            ExtensionStyle::Unprefixed => ("", "", "hr", "cad"),
            ExtensionStyle::SportTracks => ("", "", "", ""),
        };
        if !hr.is_empty() && (opts.heart_rate || opts.cadence.is_some()) {
            out.push_str("<extensions>");
            out.push_str(open);
            if opts.heart_rate {
                out.push_str(&format!("<{hr}>{}</{hr}>", p.heart_rate_bpm));
            }
            if let Some(style) = opts.cadence {
                out.push_str(&format!("<{cad}>{:.0}</{cad}>", style.value(p.cadence_spm)));
            }
            out.push_str(close);
            out.push_str("</extensions>");
        }
        out.push_str("</trkpt>\n");
    }
    out.push_str("  </trkseg>\n </trk>\n</gpx>\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::{generate, haversine_m, Scenario};
    use super::*;

    #[test]
    fn gpx_parses_and_keeps_the_samples() {
        let run = generate(&Scenario::hilly_10k()).unwrap();
        let text = write(&run, &GpxOptions::default()).unwrap();
        let g = gpx::read(text.as_bytes()).expect("valid GPX 1.1");
        assert_eq!(g.version, gpx::GpxVersion::Gpx11);
        assert_eq!(g.creator.as_deref(), Some("stridewise synth"));
        let pts = &g.tracks[0].segments[0].points;
        assert_eq!(pts.len(), run.points.len());
        for (w, p) in pts.iter().zip(&run.points) {
            let (lon, lat) = w.point().x_y();
            assert!((lat - p.lat_deg.unwrap()).abs() <= 5e-8);
            assert!((lon - p.lon_deg.unwrap()).abs() <= 5e-8);
            assert!((w.elevation.unwrap() - p.altitude_m.unwrap()).abs() < 1e-9);
            let t = w.time.unwrap().format().unwrap();
            let t = chrono::DateTime::parse_from_rfc3339(&t).unwrap();
            assert_eq!(t.with_timezone(&chrono::Utc), run.time_at(p.t_s));
        }
        // Positions at 7 decimals keep each step within a few cm of speed × 1 s.
        for (w, p) in pts.windows(2).zip(run.points.iter().skip(1)) {
            let (a, b) = (w[0].point(), w[1].point());
            let d = haversine_m(a.y(), a.x(), b.y(), b.x());
            assert!((d - p.speed_mps).abs() < 0.03);
        }
    }

    #[test]
    fn cadence_styles() {
        let run = generate(&Scenario::hilly_10k()).unwrap();
        let garmin = write(&run, &GpxOptions::default()).unwrap();
        let strava = write(
            &run,
            &GpxOptions {
                cadence: Some(CadenceStyle::StravaSteps),
                ..GpxOptions::default()
            },
        )
        .unwrap();
        let cads = |s: &str| -> Vec<f64> {
            s.split("<gpxtpx:cad>")
                .skip(1)
                .filter_map(|x| x.split('<').next()?.parse().ok())
                .collect()
        };
        let (g, s) = (cads(&garmin), cads(&strava));
        assert_eq!(g.len(), run.points.len());
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let truth = run.truth.avg_running_cadence_spm.unwrap();
        assert!((2.0 * mean(&g) - truth).abs() < 0.5, "{}", mean(&g));
        assert!((mean(&s) - truth).abs() < 0.5);
        assert!(g.iter().all(|c| *c < 100.0) && s.iter().all(|c| *c > 140.0));
    }

    #[test]
    fn route_style_and_escaping() {
        let run = generate(&Scenario::run_walk_5_1()).unwrap();
        let opts = GpxOptions {
            creator: "A & B <\"x\">".to_string(),
            name: Some("Run & 'walk' <5:1>".to_string()),
            cadence: None,
            heart_rate: false,
            times: false,
            elevation: false,
            ..GpxOptions::default()
        };
        let text = write(&run, &opts).unwrap();
        assert!(!text.contains("<time>") && !text.contains("<ele>"));
        assert!(!text.contains("<extensions>"));
        let g = gpx::read(text.as_bytes()).expect("valid GPX");
        assert_eq!(g.creator.as_deref(), Some("A & B <\"x\">"));
        assert_eq!(g.tracks[0].name.as_deref(), Some("Run & 'walk' <5:1>"));
        assert!(g.tracks[0].segments[0]
            .points
            .iter()
            .all(|p| p.time.is_none()));
    }

    #[test]
    fn treadmill_has_no_gpx() {
        let run = generate(&Scenario::treadmill()).unwrap();
        assert!(matches!(
            write(&run, &GpxOptions::default()),
            Err(SynthError::NoPositions(_))
        ));
    }
}
