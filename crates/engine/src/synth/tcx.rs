//! TCX (Garmin Training Center Database v2) writer for synthetic runs.
//!
//! Layout follows `TrainingCenterDatabasev2.xsd` and Garmin's `ActivityExtensionv2.xsd`:
//! `Activities/Activity[@Sport="Running"]` with `Id`, one `Lap` per auto lap
//! (`TotalTimeSeconds`, `DistanceMeters`, `MaximumSpeed`, `Calories`, heart rate,
//! `Intensity`, `TriggerMethod`, `Track`s, `Extensions/ns3:LX` with `AvgSpeed` and
//! `AvgRunCadence`), then `Creator`. A lap's `Track` is split where the timer was paused, as
//! Garmin devices do. Each `Trackpoint` has `Time`, `Position` (when the run has positions),
//! `AltitudeMeters` (when it has altitude), `DistanceMeters`, `HeartRateBpm/Value` and
//! `Extensions/ns3:TPX` with `ns3:Speed` and `ns3:RunCadence`.
//!
//! `RunCadence` is strides/min in Garmin's files; some exporters write it doubled (steps/min),
//! so both are offered ([`TcxCadence`]).

use super::gpx::escape;
use super::{rfc3339, SynthRun};

/// How `ns3:RunCadence` is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TcxCadence {
    /// `round(steps/min ÷ 2)`: strides per minute, as Garmin writes.
    Strides,
    /// `round(steps/min)`: already doubled to steps per minute.
    Steps,
}

impl TcxCadence {
    /// The integer written for a step rate.
    #[must_use]
    pub fn value(self, steps_per_min: f64) -> f64 {
        match self {
            Self::Strides => (steps_per_min / 2.0).round(),
            Self::Steps => steps_per_min.round(),
        }
    }
}

/// What the TCX holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TcxOptions {
    /// `Creator/Name`.
    pub creator: String,
    /// Cadence convention.
    pub cadence: TcxCadence,
}

impl Default for TcxOptions {
    fn default() -> Self {
        Self {
            creator: "stridewise synth".to_string(),
            cadence: TcxCadence::Strides,
        }
    }
}

/// Write a run as TCX.
#[must_use]
pub fn write(run: &SynthRun, opts: &TcxOptions) -> String {
    let mut out = String::with_capacity(run.points.len() * 420 + 2048);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<TrainingCenterDatabase \
         xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\" \
         xmlns:ns3=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2 \
         http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd\">\n",
    );
    out.push_str(" <Activities>\n  <Activity Sport=\"Running\">\n");
    out.push_str(&format!("   <Id>{}</Id>\n", rfc3339(run.start)));
    for lap in &run.laps {
        let s = &lap.stats;
        out.push_str(&format!(
            "   <Lap StartTime=\"{}\">\n",
            rfc3339(run.time_at(lap.start_s))
        ));
        out.push_str(&format!(
            "    <TotalTimeSeconds>{:.1}</TotalTimeSeconds>\n",
            lap.timer_s
        ));
        out.push_str(&format!(
            "    <DistanceMeters>{:.2}</DistanceMeters>\n",
            lap.distance_m
        ));
        if let Some(v) = s.max_speed_mps {
            out.push_str(&format!("    <MaximumSpeed>{v:.3}</MaximumSpeed>\n"));
        }
        out.push_str("    <Calories>0</Calories>\n");
        if let Some(hr) = s.avg_heart_rate_bpm {
            out.push_str(&format!(
                "    <AverageHeartRateBpm><Value>{hr:.0}</Value></AverageHeartRateBpm>\n"
            ));
        }
        if let Some(hr) = s.max_heart_rate_bpm {
            out.push_str(&format!(
                "    <MaximumHeartRateBpm><Value>{hr}</Value></MaximumHeartRateBpm>\n"
            ));
        }
        out.push_str("    <Intensity>Active</Intensity>\n");
        out.push_str(&format!(
            "    <TriggerMethod>{}</TriggerMethod>\n",
            match lap.trigger {
                super::LapTrigger::Distance => "Distance",
                super::LapTrigger::SessionEnd => "Manual",
            }
        ));
        out.push_str("    <Track>\n");
        let pts = run
            .points
            .get(lap.first_point..=lap.last_point)
            .unwrap_or(&[]);
        let mut prev_t: Option<u32> = None;
        for p in pts {
            if let Some(pt) = prev_t {
                if run.paused_between(pt, p.t_s) > 0 {
                    out.push_str("    </Track>\n    <Track>\n");
                }
            }
            prev_t = Some(p.t_s);
            out.push_str("     <Trackpoint>");
            out.push_str(&format!("<Time>{}</Time>", rfc3339(run.time_at(p.t_s))));
            if let (Some(la), Some(lo)) = (p.lat_deg, p.lon_deg) {
                out.push_str(&format!(
                    "<Position><LatitudeDegrees>{la:.7}</LatitudeDegrees>\
                     <LongitudeDegrees>{lo:.7}</LongitudeDegrees></Position>"
                ));
            }
            if let Some(a) = p.altitude_m {
                out.push_str(&format!("<AltitudeMeters>{a:.1}</AltitudeMeters>"));
            }
            out.push_str(&format!(
                "<DistanceMeters>{:.2}</DistanceMeters>",
                p.distance_m
            ));
            out.push_str(&format!(
                "<HeartRateBpm><Value>{}</Value></HeartRateBpm>",
                p.heart_rate_bpm
            ));
            out.push_str(&format!(
                "<Extensions><ns3:TPX><ns3:Speed>{:.3}</ns3:Speed>\
                 <ns3:RunCadence>{:.0}</ns3:RunCadence></ns3:TPX></Extensions>",
                p.speed_mps,
                opts.cadence.value(p.cadence_spm)
            ));
            out.push_str("</Trackpoint>\n");
        }
        out.push_str("    </Track>\n");
        out.push_str("    <Extensions><ns3:LX>");
        if let Some(v) = lap.avg_speed_mps() {
            out.push_str(&format!("<ns3:AvgSpeed>{v:.3}</ns3:AvgSpeed>"));
        }
        if let Some(c) = s.avg_running_cadence_spm {
            out.push_str(&format!(
                "<ns3:AvgRunCadence>{:.0}</ns3:AvgRunCadence>",
                opts.cadence.value(c)
            ));
        }
        out.push_str("</ns3:LX></Extensions>\n");
        out.push_str("   </Lap>\n");
    }
    out.push_str(&format!(
        "   <Creator xsi:type=\"Device_t\"><Name>{}</Name><UnitId>{}</UnitId>\
         <ProductID>{}</ProductID><Version><VersionMajor>0</VersionMajor>\
         <VersionMinor>1</VersionMinor></Version></Creator>\n",
        escape(&opts.creator),
        super::fit::SERIAL_NUMBER,
        super::fit::PRODUCT
    ));
    out.push_str("  </Activity>\n </Activities>\n</TrainingCenterDatabase>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::{generate, Scenario};
    use super::*;

    fn values(s: &str, tag: &str) -> Vec<f64> {
        let open = format!("<{tag}>");
        s.split(open.as_str())
            .skip(1)
            .filter_map(|x| x.split('<').next()?.parse().ok())
            .collect()
    }

    #[test]
    fn tcx_holds_every_sample_and_lap() {
        for scenario in Scenario::all() {
            let run = generate(&scenario).unwrap();
            let text = write(&run, &TcxOptions::default());
            assert_eq!(text.matches("<Trackpoint>").count(), run.points.len());
            assert_eq!(text.matches("<Lap ").count(), run.laps.len());
            let laps = values(&text, "TotalTimeSeconds");
            assert!((laps.iter().sum::<f64>() - run.truth.timer_time_s).abs() < 1e-6);
            let cad = values(&text, "ns3:RunCadence");
            assert_eq!(cad.len(), run.points.len());
            assert!(cad.iter().all(|c| *c < 100.0));
            let has_pos = text.contains("<Position>");
            assert_eq!(has_pos, run.truth.has_positions, "{}", run.name);
            assert_eq!(text.contains("<AltitudeMeters>"), run.truth.has_altitude);
            // A track per stretch between pauses, in each lap.
            let tracks = text.matches("<Track>").count();
            let inside = run
                .pauses
                .iter()
                .filter(|p| !run.laps.iter().any(|l| l.end_s == p.start_s))
                .count();
            assert_eq!(tracks, run.laps.len() + inside);
            assert_eq!(inside, run.pauses.len());
            // Well-formed XML.
            let mut reader = quick_xml::Reader::from_str(&text);
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(_) => {}
                    Err(e) => panic!("{}: {e}", run.name),
                }
            }
        }
    }

    #[test]
    fn doubled_cadence_option() {
        let run = generate(&Scenario::treadmill()).unwrap();
        let text = write(
            &run,
            &TcxOptions {
                cadence: TcxCadence::Steps,
                ..TcxOptions::default()
            },
        );
        let cad = values(&text, "ns3:RunCadence");
        let mean = cad.iter().sum::<f64>() / cad.len() as f64;
        assert!((mean - run.truth.avg_running_cadence_spm.unwrap()).abs() < 0.5);
    }
}
