//! Write a generated folder whose pain-log truth is known (`stridewise::synth::pain_folder`):
//! `DIR/runs/*.fit` and `DIR/pain.csv`, pain after the hilly runs only (or `long`, `every`,
//! `few` as a second argument). Used by `scripts/check-physio-print.sh`.
//!
//!     cargo run --example pain_folder -- /tmp/pf [hilly|long|every|few]

use stridewise::synth::pain_folder::{folder, Truth};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(std::path::PathBuf::from) else {
        eprintln!("usage: pain_folder DIR [hilly|long|every|few]");
        std::process::exit(2);
    };
    let truth = match args.next().as_deref() {
        None | Some("hilly") => Truth::HillyOnly,
        Some("long") => Truth::LongOnly,
        Some("every") => Truth::EveryRun,
        Some("few") => Truth::TooFewDays,
        Some(other) => {
            eprintln!("pain_folder: unknown truth {other:?} (hilly, long, every, few)");
            std::process::exit(2);
        }
    };
    let runs = dir.join("runs");
    std::fs::create_dir_all(&runs)?;
    let (files, log) = folder(truth);
    for (name, bytes) in files {
        std::fs::write(runs.join(name), bytes)?;
    }
    std::fs::write(dir.join("pain.csv"), log)
}
