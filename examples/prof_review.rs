//! Twenty reviews of one real run, for profiling:
//! `cargo build --release --example prof_review && valgrind --tool=callgrind target/release/examples/prof_review`
//! (callgrind counts instructions, so the figures repeat whatever else the machine does).

fn main() {
    // STRIDEWISE_CORPUS, else ../shared/corpus (`stridewise::corpus`).
    let p = stridewise::corpus::path()
        .join("sports-alliance__sports-lib/src__specs__fixtures__runs__fit__6782987395.fit");
    let a = stridewise::ingest::read_path(&p).unwrap().remove(0);
    let rules = stridewise::coach::rules::Rules::default();
    for _ in 0..20 {
        let r = stridewise::coach::review::review(&a, &rules);
        let row = r.row("x", &a);
        std::hint::black_box(row);
    }
}
