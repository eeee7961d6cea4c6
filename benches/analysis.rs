//! Cost of each analysis, the whole review, chart data and PNG rendering, on a real
//! 83-minute run (1 s samples) and on a generated 10 km. Run: `cargo bench --bench analysis`.

use stridewise::analysis::{cadence, elevation, pace, stride, totals};
use stridewise::coach::review::{review, Params};
use stridewise::coach::rules::Rules;
use stridewise::model::Activity;
use stridewise::report::{chart, png};
use stridewise::units::UnitSystem;

fn main() {
    divan::main();
}

const TRAIL_RUN: &str =
    "sports-alliance__sports-lib/src__specs__fixtures__runs__fit__6782987395.fit";

fn activity() -> Activity {
    // STRIDEWISE_CORPUS, else ../shared/corpus (`stridewise::corpus`).
    let p = stridewise::corpus::path().join(TRAIL_RUN);
    stridewise::ingest::read_path(&p)
        .expect("corpus run")
        .remove(0)
}

fn params() -> Params {
    Params::from_rules(&Rules::default(), 1000.0)
}

#[divan::bench]
fn totals_(b: divan::Bencher) {
    let a = activity();
    b.bench(|| totals::totals(divan::black_box(&a)));
}

#[divan::bench]
fn elevation_grades(b: divan::Bencher) {
    let (a, p) = (activity(), params());
    b.bench(|| elevation::grades(divan::black_box(&a), &p.elevation));
}

#[divan::bench]
fn elevation_analyze(b: divan::Bencher) {
    let (a, p) = (activity(), params());
    b.bench(|| elevation::analyze(divan::black_box(&a), &p.elevation));
}

#[divan::bench]
fn pace_analyze(b: divan::Bencher) {
    let (a, p) = (activity(), params());
    let g = elevation::grades(&a, &p.elevation);
    b.bench(|| pace::analyze(divan::black_box(&a), &g, &p.pace));
}

#[divan::bench]
fn cadence_analyze(b: divan::Bencher) {
    let (a, p) = (activity(), params());
    let g = elevation::grades(&a, &p.elevation);
    b.bench(|| cadence::analyze(divan::black_box(&a), &g, &p.cadence));
}

#[divan::bench]
fn stride_analyze(b: divan::Bencher) {
    let (a, p) = (activity(), params());
    let g = elevation::grades(&a, &p.elevation);
    let c = cadence::analyze(&a, &g, &p.cadence).expect("cadence");
    let running = cadence::running_mask(&c.gaits);
    b.bench(|| stride::analyze(divan::black_box(&a), &g, &running, &p.stride));
}

#[divan::bench]
fn whole_review(b: divan::Bencher) {
    let a = activity();
    let rules = Rules::default();
    b.bench(|| review(divan::black_box(&a), &rules));
}

#[divan::bench]
fn chart_data(b: divan::Bencher) {
    let a = activity();
    let r = review(&a, &Rules::default());
    b.bench(|| chart::build(divan::black_box(&a), &r, UnitSystem::Metric));
}

#[divan::bench(args = ["cadence", "pace", "elevation", "stride", "splits"])]
fn render_png(b: divan::Bencher, id: &str) {
    let a = activity();
    let r = review(&a, &Rules::default());
    let spec = chart::build(&a, &r, UnitSystem::Metric)
        .into_iter()
        .find(|s| s.id == id)
        .expect("chart");
    b.bench(|| {
        png::render(
            divan::black_box(&spec),
            png::DEFAULT_WIDTH,
            png::DEFAULT_HEIGHT,
        )
    });
}
