//! `stridewise`: parse the command line, run, turn the outcome into an exit code.

use clap::Parser;
use std::process::ExitCode;
use stridewise::app::{self, Exit};
use stridewise::cli::Cli;
use stridewise::config::Config;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match app::run(Config::from_cli(cli)) {
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
