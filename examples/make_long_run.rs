//! Writes a 24-hour run at one sample per second (86,400 records) as FIT, for the scaling
//! benchmark: `cargo run --release --example make_long_run -- OUT.fit [HOURS]`. An `OUT`
//! ending in `.gpx.gz` (or `.gpx`) is written as gzipped (plain) GPX instead, as for the
//! plan's memory benchmark (README, Benchmarks).

use std::io::Write;
use stridewise::synth::{self, fit, gpx, Scenario, Segment, Until};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .ok_or("usage: make_long_run OUT.fit|OUT.gpx|OUT.gpx.gz [HOURS]")?;
    let hours: u32 = args.next().map_or(Ok(24), |h| h.parse())?;
    let mut s = Scenario::hilly_10k();
    s.name = format!("ultra-{hours}h");
    s.pauses.clear();
    // Alternate 55 min running and 5 min walking, as ultra runners do.
    let mut segments = Vec::new();
    let mut left = hours * 3600;
    while left > 0 {
        let run = left.min(55 * 60);
        segments.push(Segment::run("run", Until::DurationS(run), 2.6, 164.0));
        left -= run;
        if left > 0 {
            let walk = left.min(5 * 60);
            segments.push(Segment::walk("walk", Until::DurationS(walk), 1.4, 112.0));
            left -= walk;
        }
    }
    s.segments = segments;
    let run = synth::generate(&s)?;
    if out.ends_with(".gpx.gz") {
        let text = gpx::write(&run, &gpx::GpxOptions::default())?;
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(text.as_bytes())?;
        std::fs::write(&out, z.finish()?)?;
    } else if out.ends_with(".gpx") {
        std::fs::write(&out, gpx::write(&run, &gpx::GpxOptions::default())?)?;
    } else {
        std::fs::write(&out, fit::encode(&run, &fit::FitOptions::default()))?;
    }
    eprintln!(
        "{out}: {} samples, {:.1} km",
        run.points.len(),
        run.truth.total_distance_m / 1000.0
    );
    Ok(())
}
