//! Prints each sample of a file (time, distance, cadence) and its pauses: a debugging aid.
//! `cargo run --example dump_samples -- FILE`
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump_samples FILE");
        std::process::exit(2);
    };
    match stridewise::read_path(std::path::Path::new(&path)) {
        Ok(acts) => {
            for a in acts {
                println!("pauses {:?}", a.pauses);
                for s in &a.samples {
                    println!(
                        "{:?}\t{:?}\t{:?}\t{:?}",
                        s.t_s,
                        s.distance_m,
                        s.cadence.map(|c| c.0),
                        s.speed
                    );
                }
            }
        }
        Err(e) => eprintln!("{path}: {e}"),
    }
}
