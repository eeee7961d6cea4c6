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
