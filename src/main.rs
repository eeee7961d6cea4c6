//! `stridewise`: parse the command line, run, turn the outcome into an exit code.
//!
//! The command line lives with the binary: [`cli`] (the clap structs), [`config`]
//! (validated, typed settings) and [`app`] (runs them, prints, picks the exit code). The
//! library below it knows nothing of clap or exit codes.

mod app;
mod cli;
mod config;

use app::Exit;
use clap::Parser;
use cli::Cli;
use config::Config;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Decoder panics on malformed files are caught and reported as one line per file;
    // keep the default report for every other panic (a bug of ours).
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !stridewise::ingest::in_decoder() {
            default_hook(info);
        }
    }));
    // Ctrl-C, SIGTERM and SIGHUP (ctrlc's `termination` feature) only ask the workers to
    // stop (see `stridewise::cancel`); the main thread removes the temporary files once
    // they have, and exits 130. A second signal exits at once.
    let _ = ctrlc::set_handler(|| {
        if stridewise::cancel::request() {
            std::process::exit(Exit::Interrupted as i32);
        }
    });
    let cli = Cli::parse();
    let config = match Config::from_cli(cli) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("stridewise: error: {e:#}");
            return ExitCode::from(Exit::Fatal as u8);
        }
    };
    let result = app::run(config);
    if stridewise::cancel::requested() {
        stridewise::report::outdir::remove_in_progress();
        eprintln!("stridewise: interrupted");
        return ExitCode::from(Exit::Interrupted as u8);
    }
    match result {
        Ok(exit) => ExitCode::from(exit as u8),
        Err(e) => {
            // A closed pipe (`stridewise ... | head`) is not an error worth a message.
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::from(Exit::Ok as u8);
            }
            eprintln!("stridewise: error: {e:#}");
            ExitCode::from(Exit::Fatal as u8)
        }
    }
}
