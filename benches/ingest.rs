//! Ingest throughput on real corpus files (FIT, GPX, TCX) and on the project's own
//! samples. Run: `cargo bench --bench ingest`. Reports time per file; divide the file size
//! divan prints bytes/s (input bytes, decompressed) beside each timing.

fn main() {
    divan::main();
}

fn corpus(rel: &str) -> Vec<u8> {
    // STRIDEWISE_CORPUS, else ../shared/corpus (`stridewise::corpus`).
    let p = stridewise::corpus::path().join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

const FIT_RUN: &str = "sports-alliance__sports-lib/src__specs__fixtures__runs__fit__6782987395.fit";
const GPX_RUN: &str = "sports-alliance__sports-lib/src__specs__fixtures__runs__gpx__6782987395.gpx";
const TCX_RUN: &str = "sports-alliance__sports-lib/src__specs__fixtures__runs__tcx__6782987395.tcx";
const FIT_DYNAMICS: &str = "GoldenCheetah__GoldenCheetah/test__roundtrip__Fr955v19.28andStryd.fit";

#[divan::bench(args = [FIT_RUN, FIT_DYNAMICS, GPX_RUN, TCX_RUN])]
fn read_bytes(bencher: divan::Bencher, file: &str) {
    let bytes = corpus(file);
    bencher
        .counter(divan::counter::BytesCount::of_slice(&bytes))
        .bench(|| stridewise::ingest::read_bytes(divan::black_box(&bytes)));
}

#[divan::bench]
fn read_gzipped_fit(bencher: divan::Bencher) {
    use std::io::Write;
    let bytes = corpus(FIT_RUN);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bytes).expect("gzip");
    let gz = gz.finish().expect("gzip");
    bencher
        .counter(divan::counter::BytesCount::of_slice(&bytes))
        .bench(|| stridewise::ingest::read_bytes(divan::black_box(&gz)));
}

/// Read and review a generated run of N timer pauses (`Scenario::stop_and_go`: three
/// samples per pause, so the samples double with the pauses), as FIT and as a GPX that
/// shows each stop only as a time gap. Linear work doubles the time as N doubles; the
/// scan of every pause per sample it replaced quadrupled it (issue 22; figures in the
/// README's "Benchmarks").
#[divan::bench(args = [5_000, 10_000, 20_000, 40_000])]
fn many_pauses_fit(bencher: divan::Bencher, stops: usize) {
    use stridewise::synth::{fit, generate, Scenario};
    let run = generate(&Scenario::stop_and_go(stops)).expect("generates");
    let bytes = fit::encode(&run, &fit::FitOptions::default());
    read_and_review(bencher, &bytes);
}

/// [`many_pauses_fit`] as a GPX whose stops are time gaps (the readers' gap pauses).
#[divan::bench(args = [5_000, 10_000, 20_000, 40_000])]
fn many_pauses_gpx(bencher: divan::Bencher, stops: usize) {
    use stridewise::synth::{generate, gpx, Scenario};
    let run = generate(&Scenario::stop_and_go(stops)).expect("generates");
    let text = gpx::write(&run, &gpx::GpxOptions::default()).expect("writes");
    read_and_review(bencher, text.as_bytes());
}

fn read_and_review(bencher: divan::Bencher, bytes: &[u8]) {
    let rules = stridewise::coach::rules::Rules::default();
    bencher.bench(|| {
        let acts = stridewise::ingest::read_bytes(divan::black_box(bytes)).expect("reads");
        acts.iter()
            .map(|a| stridewise::coach::review::review(a, &rules))
            .collect::<Vec<_>>()
    });
}

/// An Apple Health `export.xml` of about 230 MB (the generated hilly 10 km as 460
/// running workouts a day apart, each with the records a watch writes during it: heart
/// rate every 5 s, steps, speed, stride, contact time, oscillation and distance every
/// 10 s), written once to a temporary file, then streamed by the reader in its two
/// passes (MB/s of the file; compare the GPX reader's above).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn apple_health_export_230mb(bencher: divan::Bencher) {
    use std::io::Write;
    use stridewise::synth::apple_health::{write_workout, AppleWorkout};
    use stridewise::synth::{generate, Scenario};
    let run = generate(&Scenario::hilly_10k()).expect("generates");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("export.xml");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<HealthData locale=\"en_US\">\n")
        .expect("write");
    let mut workouts = String::new();
    for day in 0..460 {
        let (mut records, mut routes) = (String::new(), Vec::new());
        let w = AppleWorkout {
            activity_type: "HKWorkoutActivityTypeRunning",
            run: &run,
            route: stridewise::synth::apple_health::RouteStyle::None,
            shift_days: day,
        };
        write_workout(&w, 60, &mut records, &mut workouts, &mut routes);
        out.write_all(records.as_bytes()).expect("write");
    }
    out.write_all(workouts.as_bytes()).expect("write");
    out.write_all(b"</HealthData>\n").expect("write");
    out.flush().expect("flush");
    drop(out);
    let size = std::fs::metadata(&path).expect("size").len();
    bencher
        .counter(divan::counter::BytesCount::new(size))
        .bench(|| {
            stridewise::ingest::apple_health::read_file(divan::black_box(&path)).expect("reads")
        });
}
