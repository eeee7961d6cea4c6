//! Regenerate `sample_data/`: synthetic runs with known truth.
//!
//! ```text
//! cargo run --example make_sample_data [-- OUT_DIR]
//! ```
//!
//! Writes `hilly-10k.fit`, `hilly-10k.gpx`, `run-walk-5-1.fit`, `treadmill.fit` and a
//! `<name>.truth.json` per scenario into OUT_DIR (default `sample_data/`). The output is
//! deterministic: running it twice gives identical bytes (see `stridewise::synth`).

use anyhow::Context;
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("sample_data"), PathBuf::from);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    for file in stridewise::synth::sample_files()? {
        let path = dir.join(&file.name);
        std::fs::write(&path, &file.bytes)
            .with_context(|| format!("writing {}", path.display()))?;
        println!("{:>9} bytes  {}", file.bytes.len(), path.display());
    }
    Ok(())
}
