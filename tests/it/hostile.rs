//! Whatever the bytes, reading never panics, never hangs, and keeps what it can.

use stridewise::ingest::{self, IngestError};

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(crate::util::sample(name)).expect("sample")
}

/// xorshift64*: a fixed-seed generator, so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).expect("fits")
    }
}

#[test]
fn a_truncated_fit_keeps_the_records_before_the_cut() {
    let bytes = sample("hilly-10k.fit");
    let full = ingest::read_bytes(&bytes)
        .expect("full file reads")
        .remove(0);
    for cut in [bytes.len() / 4, bytes.len() / 2, bytes.len() * 3 / 4] {
        let a = ingest::read_bytes(&bytes[..cut])
            .expect("salvaged")
            .remove(0);
        assert!(
            a.samples.len() > full.samples.len() / 5,
            "cut {cut}: {}",
            a.samples.len()
        );
        assert!(a.samples.len() < full.samples.len());
        assert!(
            a.notes.iter().any(|n| n.contains("damaged")),
            "{:?}",
            a.notes
        );
        assert!(a.samples.iter().zip(&full.samples).all(|(x, y)| x == y));
    }
}

#[test]
fn every_truncation_reads_or_fails_cleanly() {
    for name in ["hilly-10k.fit", "hilly-10k.gpx", "treadmill.fit"] {
        let bytes = sample(name);
        let step = (bytes.len() / 150).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            match ingest::read_bytes(&bytes[..cut]) {
                Ok(acts) => assert!(!acts.is_empty()),
                Err(e) => assert!(!e.to_string().contains('\n'), "{name}@{cut}: {e}"),
            }
        }
    }
}

#[test]
fn random_byte_damage_never_panics() {
    let mut rng = Rng(0x5EED_CAFE);
    for name in ["hilly-10k.fit", "run-walk-5-1.fit", "hilly-10k.gpx"] {
        let original = sample(name);
        for _ in 0..120 {
            let mut bytes = original.clone();
            for _ in 0..=rng.below(8) {
                let i = rng.below(bytes.len());
                bytes[i] = u8::try_from(rng.next() & 0xff).expect("byte");
            }
            // Either result is fine; a panic or a hang fails the test.
            let _ = ingest::read_bytes(&bytes);
        }
    }
}

#[test]
fn a_gzip_bomb_is_refused_without_inflating_it_all() {
    use std::io::Write;
    // 300 MiB of zeros compress to ~300 KB; the cap is 256 MiB.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..300 {
        gz.write_all(&zeros).expect("gzip");
    }
    let bomb = gz.finish().expect("gzip");
    assert!(matches!(
        ingest::read_bytes(&bomb),
        Err(IngestError::TooLarge(_))
    ));
}

#[test]
fn empty_and_tiny_inputs_fail_cleanly() {
    assert_eq!(ingest::read_bytes(b""), Err(IngestError::Empty));
    for bytes in [
        &b"\x0e"[..],
        b"\x0e\x10\0\0\0\0\0\0.FIT",
        b"<gpx",
        b"\x1f\x8b",
        b"PK\x03\x04",
    ] {
        assert!(ingest::read_bytes(bytes).is_err(), "{bytes:?}");
    }
}
