//! Vendor GPX extensions in real exports: Cluetrust `gpxdata:cadence` (Movescount, and an
//! export that uses the prefix without declaring its namespace) beside Garmin's
//! `TrackPointExtension`.

use crate::corpus;
use stridewise::ingest;

fn share(path: &str, has: impl Fn(&stridewise::model::Sample) -> bool) -> f64 {
    let a = ingest::read_path(&corpus::dir().join(path))
        .expect("reads")
        .remove(0);
    let n = a.samples.len().max(1);
    a.samples.iter().filter(|s| has(s)).count() as f64 / n as f64
}

#[test]
fn cluetrust_cadence_is_read_from_real_exports() {
    corpus::require!();
    // Movescount: gpxtpx:hr and gpxdata:cadence on each of its 1590 points.
    let p = "sports-alliance__sports-lib/samples__gpx__movescount.gpx";
    assert!(share(p, |s| s.cadence.is_some()) > 0.95);
    assert!(share(p, |s| s.heart_rate_bpm.is_some()) > 0.95);
    // gpxdata:cadence with no xmlns:gpxdata declaration.
    let p = "sports-alliance__sports-lib/src__specs__fixtures__runs__gpx__6048438275.gpx";
    assert!(share(p, |s| s.cadence.is_some()) > 0.95);
}
