//! Seeds for the `vendor` fuzz target: the generated logs of `stridewise::synth::vendor` and
//! `stridewise::synth::apple_health`, each behind the byte that picks its reader (0 Suunto
//! JSON, 1 `.sml`, 2 Moveslink, 3 Polar JSON, 4 `.hrm`, 5 Apple Health), for the first
//! minute of the generated runs (small inputs mutate faster).
//!
//! ```text
//! cargo run --example fuzz_seeds -- OUT_DIR
//! ```

use anyhow::Context;
use std::path::PathBuf;
use stridewise::synth::apple_health::{export, AppleWorkout, RouteStyle};
use stridewise::synth::{self, vendor, Scenario};

fn main() -> anyhow::Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .context("usage: fuzz_seeds OUT_DIR")?;
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    for scenario in [Scenario::hilly_10k(), Scenario::run_walk_5_1()] {
        let mut run = synth::generate(&scenario)?;
        run.points.truncate(60);
        run.pauses.retain(|p| p.end_s < 60);
        let name = run.name.clone();
        let mut seeds = vec![
            (
                "suunto.json",
                0u8,
                vendor::suunto_json(&run, vendor::SuuntoHeart::Samples, 120),
            ),
            (
                "suunto-rr.json",
                0,
                vendor::suunto_json(&run, vendor::SuuntoHeart::RrOnly, 0),
            ),
            ("log.sml", 1, vendor::suunto_sml(&run)),
            ("quest.xml", 2, vendor::moveslink(&run, 60)),
            ("polar.json", 3, vendor::polar_json(&run, 60, Some(7))),
            ("s710.hrm", 4, vendor::hrm(&run)),
        ];
        for style in [RouteStyle::Inline, RouteStyle::None] {
            let (xml, _) = export(
                &[AppleWorkout {
                    activity_type: "HKWorkoutActivityTypeRunning",
                    run: &run,
                    route: style,
                    shift_days: 0,
                }],
                120,
            );
            seeds.push(("export.xml", 5, xml));
        }
        for (k, (file, which, text)) in seeds.into_iter().enumerate() {
            let path = dir.join(format!("gen-{name}-{k}-{file}"));
            let mut bytes = vec![which];
            bytes.extend_from_slice(text.as_bytes());
            std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
        }
    }
    Ok(())
}
