//! The binary against hostile input: bombs, interrupts. (Byte-level damage is in
//! `hostile.rs`; escaping and unwritable folders in `report.rs`; hashing of inputs around
//! a batch in `batch.rs`.)

use crate::util::stridewise;
use std::io::Write;

/// A gzip file that inflates to `members` × 64 MiB of zeros: one small member repeated
/// (gzip allows concatenated members), so it costs nothing to build.
fn gzip_bomb(members: usize) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..64 {
        gz.write_all(&zeros).expect("gzip");
    }
    let member = gz.finish().expect("gzip");
    member.repeat(members)
}

/// Run the binary with `args` and return (exit code, stderr, peak resident memory in MiB)
/// of that one run. Measured from a small Python parent (`getrusage(RUSAGE_CHILDREN)`):
/// a child forked from this large test process would inherit its resident size in the
/// count. Python 3 is needed (the test fails, it is not skipped, without it).
pub(crate) fn run_measured(args: &[&std::ffi::OsStr]) -> (i32, String, f64) {
    run_measured_with_python(args).expect("python3 runs the binary and reports its peak memory")
}

fn run_measured_with_python(args: &[&std::ffi::OsStr]) -> Option<(i32, String, f64)> {
    const PY: &str = "import resource, subprocess, sys\n\
        r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n\
        sys.stdout.write(f'{r.returncode} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\\n')\n\
        sys.stdout.write(r.stderr.decode('utf-8', 'replace'))\n";
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(PY)
        .arg(assert_cmd::cargo::cargo_bin("stridewise"))
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (first, stderr) = text.split_once('\n')?;
    let (code, kib) = first.split_once(' ')?;
    let kib: f64 = kib.trim().parse().ok()?;
    Some((code.parse().ok()?, stderr.to_string(), kib / 1024.0))
}

#[test]
fn a_gzip_bomb_of_gigabytes_fails_fast_in_bounded_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bomb = dir.path().join("activity.fit.gz");
    // 64 members × 64 MiB = 4 GiB of zeros.
    std::fs::write(&bomb, gzip_bomb(64)).expect("write");
    let (code, stderr, peak) = run_measured(&["inspect".as_ref(), bomb.as_os_str()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("too large: gzip expands past 128 MiB"),
        "{stderr}"
    );
    // Stops at the cap instead of inflating 4 GiB: the cap (128 MiB) plus the compressed file and the program itself.
    assert!(peak > 1.0 && peak < 300.0, "peak RSS {peak:.0} MiB");
}

#[test]
fn ctrl_c_leaves_no_half_written_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report");
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("stridewise"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--charts", "all", "--out"])
        .arg(&out)
        .arg("sample_data")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(150));
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    // SAFETY: sending SIGINT to our own child process.
    unsafe {
        libc::kill(pid, libc::SIGINT);
    }
    let status = child.wait_with_output().expect("wait").status;
    // Interrupted (130) or already done (0): either way nothing half-written remains.
    assert!(matches!(status.code(), Some(0 | 130)), "{status:?}");
    let mut stack = vec![dir.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("ls").flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            assert!(
                !name.contains(".tmp-") && !name.contains(".new-") && !name.contains(".old-"),
                "left behind: {}",
                e.path().display()
            );
            if e.path().is_dir() {
                stack.push(e.path());
            }
        }
    }
}

#[test]
fn a_zip_bomb_member_costs_one_line_and_the_rest_is_reviewed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("export");
    std::fs::create_dir_all(&root).expect("mkdir");
    // One member that inflates to 192 MiB of zeros, past the 128 MiB cap.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    w.start_file("bomb.fit", opts).expect("entry");
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..192 {
        w.write_all(&zeros).expect("write");
    }
    std::fs::write(root.join("bomb.zip"), w.finish().expect("zip").into_inner()).expect("write");
    std::fs::copy(
        format!("{}/sample_data/treadmill.fit", env!("CARGO_MANIFEST_DIR")),
        root.join("treadmill.fit"),
    )
    .expect("copy");
    let o = stridewise()
        .args(["--json", "--no-charts", "--out"])
        .arg(dir.path().join("r"))
        .arg(&root)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.contains("bomb.zip/bomb.fit"))
            .count(),
        1,
        "{stderr}"
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["runs"].as_array().map(Vec::len), Some(1));
}

/// A FIT file around `messages` (12-byte header, file CRC).
fn fit_file(messages: &[u8]) -> Vec<u8> {
    let size = u32::try_from(messages.len()).expect("small");
    let mut f = vec![12, 0x10, 0x2D, 0x08];
    f.extend_from_slice(&size.to_le_bytes());
    f.extend_from_slice(b".FIT");
    f.extend_from_slice(messages);
    let crc = stridewise::synth::fit::crc16(&f);
    f.extend_from_slice(&crc.to_le_bytes());
    f
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("gzip");
    gz.finish().expect("gzip")
}

/// `n` one-byte `record` messages with compressed timestamp headers (FIT SDK "Compressed
/// Timestamp Header": local type 1 of a definition without fields), after one record with
/// a full timestamp.
fn compressed_timestamp_records(n: usize) -> Vec<u8> {
    let t0: u32 = 1_000_000_000;
    let mut m = vec![0x40, 0, 0, 20, 0, 1, 253, 4, 0x86, 0x00];
    m.extend_from_slice(&t0.to_le_bytes());
    m.extend_from_slice(&[0x41, 0, 0, 20, 0, 0]);
    // Local type 1 in bits 5-6, the time offset in bits 0-4.
    m.extend((1..n).map(|i| 0x80 | 0x20 | u8::try_from((t0 as usize + i) & 0x1F).expect("5 bits")));
    fit_file(&m)
}

/// `sessions` one-byte `session` messages then `laps` one-byte `lap` messages
/// (definitions without fields).
fn empty_sessions_and_laps(sessions: usize, laps: usize) -> Vec<u8> {
    let mut m = vec![0x40, 0, 0, 18, 0, 0, 0x41, 0, 0, 19, 0, 0];
    m.extend(std::iter::repeat_n(0x00, sessions));
    m.extend(std::iter::repeat_n(0x01, laps));
    fit_file(&m)
}

/// Issue 15 item 6: a 5 KB gzip of 2,000,001 compressed-timestamp records cost ~850 MB
/// before it was refused (3.4 GB with `--jobs 4`). Now counted before anything is
/// allocated: refused in one line, in bounded memory per file whatever `--jobs`.
/// Just under the record cap, records that hold only a timestamp are never stored: a
/// 5 KB gzip of 1,999,999 of them peaked at 538 MB before (all were kept, then dropped).
#[test]
fn records_holding_only_a_timestamp_are_not_stored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("empty-records.fit.gz");
    let bomb = gzip(&compressed_timestamp_records(1_999_999));
    assert!(bomb.len() < 10_000, "{} bytes", bomb.len());
    std::fs::write(&file, &bomb).expect("write");
    let (code, stderr, peak) = run_measured(&["inspect".as_ref(), file.as_os_str()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("no records"), "{stderr}");
    eprintln!("1,999,999 empty records: peak RSS {peak:.0} MiB");
    assert!(peak < 100.0, "peak RSS {peak:.0} MiB");
}

#[test]
fn two_million_and_one_compressed_records_are_refused_before_allocating() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("runs");
    std::fs::create_dir_all(&root).expect("mkdir");
    let bomb = gzip(&compressed_timestamp_records(2_000_001));
    assert!(bomb.len() < 10_000, "{} bytes", bomb.len());
    for i in 0..4 {
        std::fs::write(root.join(format!("bomb{i}.fit.gz")), &bomb).expect("write");
    }
    let one = root.join("bomb0.fit.gz");
    let (code, stderr, peak) = run_measured(&["inspect".as_ref(), one.as_os_str()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("too large: 2000001 record messages, more than the 2000000 supported"),
        "{stderr}"
    );
    eprintln!("2,000,001 records: peak RSS {peak:.0} MiB");
    assert!(peak < 100.0, "peak RSS {peak:.0} MiB");
    // Four at once: each costs its own small bound.
    std::fs::copy(
        format!("{}/sample_data/treadmill.fit", env!("CARGO_MANIFEST_DIR")),
        root.join("treadmill.fit"),
    )
    .expect("copy");
    let out = dir.path().join("report");
    let (code, stderr, peak) = run_measured(&[
        "--jobs".as_ref(),
        "4".as_ref(),
        "--no-charts".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        root.as_os_str(),
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stderr.matches("too large: 2000001 record messages").count(),
        4,
        "{stderr}"
    );
    eprintln!("2,000,001 records x4, --jobs 4: peak RSS {peak:.0} MiB");
    assert!(peak < 150.0, "peak RSS {peak:.0} MiB with --jobs 4");
}

/// Issue 15 item 5: a few KB of empty session and lap messages made every session copy
/// every lap (32 KB aborted on a failed allocation of gigabytes). Sessions are capped and
/// a lap without a start time is copied into no session of several.
#[test]
fn empty_sessions_and_laps_cost_little() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 16,000 of each in 32 KB: over the session cap, refused in one line.
    let over = dir.path().join("over.fit");
    std::fs::write(&over, empty_sessions_and_laps(16_000, 16_000)).expect("write");
    let (code, stderr, peak) = run_measured(&["inspect".as_ref(), over.as_os_str()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("too large: 16000 session messages, more than the 256 supported"),
        "{stderr}"
    );
    assert_eq!(
        stderr.lines().filter(|l| l.contains("too large")).count(),
        1,
        "{stderr}"
    );
    eprintln!("16,000 sessions and laps: peak RSS {peak:.0} MiB");
    assert!(peak < 100.0, "peak RSS {peak:.0} MiB");
    // At the caps (256 sessions, 10,000 laps): read, in bounded memory.
    let at = dir.path().join("at.fit");
    std::fs::write(&at, empty_sessions_and_laps(256, 10_000)).expect("write");
    let (_, stderr, peak) = run_measured(&["inspect".as_ref(), at.as_os_str()]);
    assert!(!stderr.contains("panicked"), "{stderr}");
    eprintln!("256 sessions, 10,000 laps: peak RSS {peak:.0} MiB");
    assert!(peak < 100.0, "peak RSS {peak:.0} MiB");
}

/// Issue 15 item 5: millions of one-byte messages cost about 1 KB of memory per input
/// byte (a 114 KB gzip asked for 9.9 GB and aborted the folder review). Now refused by
/// the count in one line, and the rest of the folder is reviewed.
#[test]
fn millions_of_one_byte_messages_are_refused_and_the_folder_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("runs");
    std::fs::create_dir_all(&root).expect("mkdir");
    // 30 MB of one-byte messages (the 114 KB gzip of the issue inflated to 100 MB; the
    // cost per byte was the same, and debug-build tests stay fast).
    let bomb = gzip(&empty_sessions_and_laps(20_000_000, 10_000_000));
    assert!(bomb.len() < 100_000, "{} bytes", bomb.len());
    std::fs::write(root.join("bomb.fit.gz"), &bomb).expect("write");
    std::fs::copy(
        format!("{}/sample_data/treadmill.fit", env!("CARGO_MANIFEST_DIR")),
        root.join("treadmill.fit"),
    )
    .expect("copy");
    let out = dir.path().join("report");
    let (code, stderr, peak) = run_measured(&[
        // `--charts none`: the folder files without run pages (`--no-charts` writes none).
        "--charts".as_ref(),
        "none".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        root.as_os_str(),
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.contains("too large: 20000000 session messages"))
            .count(),
        1,
        "{stderr}"
    );
    // The inflated 30 MB and the program (was about 1 KB per input byte: 30 GB).
    eprintln!("one-byte messages: peak RSS {peak:.0} MiB");
    assert!(peak < 200.0, "peak RSS {peak:.0} MiB");
    assert!(out.join("index.html").exists());
}

/// `inspect` writes each run as it is read and keeps none (issue 22 item 10: 300 runs
/// peaked at 273 MB): 150 copies of the 10 km sample (about 0.8 MB each as an activity,
/// 120 MB if all were kept) stay well under 60 MiB, as text and as JSON.
#[test]
fn inspect_of_many_runs_holds_one_at_a_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = std::fs::read(crate::util::sample("hilly-10k.fit")).expect("sample");
    for k in 0..150 {
        std::fs::write(dir.path().join(format!("run-{k:03}.fit")), &bytes).expect("write");
    }
    for json in [false, true] {
        let mut args: Vec<&std::ffi::OsStr> = vec!["inspect".as_ref()];
        if json {
            args.push("--json".as_ref());
        }
        args.push(dir.path().as_os_str());
        let (code, stderr, mib) = run_measured(&args);
        assert_eq!(code, 0, "{stderr}");
        assert!(mib < 60.0, "json {json}: peak {mib:.0} MiB");
    }
}

/// `plan --weeks 26` from one 10-hour run (a generated GPX.gz, 55 min run / 5 min walk):
/// the click tracks are streamed to disk, one per distinct target, each a 4-minute loop,
/// so memory stays near the review's and `audio/` holds three small files (before: one
/// 288 MB track per week held and copied in memory, 7.3 GB peak and 7.2 GB on disk;
/// README, Benchmarks).
#[test]
fn a_26_week_plan_from_a_10_hour_run_streams_a_few_small_tracks() {
    use stridewise::synth::{self, gpx, Scenario, Segment, Until};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = Scenario::hilly_10k();
    s.name = "ultra-10h".into();
    s.pauses.clear();
    s.segments = (0..10)
        .flat_map(|_| {
            [
                Segment::run("run", Until::DurationS(55 * 60), 2.6, 164.0),
                Segment::walk("walk", Until::DurationS(5 * 60), 1.4, 112.0),
            ]
        })
        .collect();
    let run = synth::generate(&s).expect("scenario");
    let text = gpx::write(&run, &gpx::GpxOptions::default()).expect("gpx");
    let file = dir.path().join("ultra-10h.gpx.gz");
    std::fs::write(&file, gzip(text.as_bytes())).expect("write");
    let out = dir.path().join("plan");
    let (code, stderr, mib) = run_measured(&[
        "plan".as_ref(),
        file.as_os_str(),
        "--weeks".as_ref(),
        "26".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("plan.json")).expect("plan.json"))
            .expect("json");
    assert_eq!(json["weeks"][0]["runs"][0]["duration_s"], 36_000);
    let mut sizes = 0;
    let mut files = 0;
    for e in std::fs::read_dir(out.join("audio"))
        .expect("audio")
        .flatten()
    {
        sizes += e.metadata().expect("stat").len();
        files += 1;
    }
    // 172, 176 and 180 steps/min: three 4-minute loops of 1.92 MB.
    assert_eq!(files, 3);
    assert_eq!(json["audio"]["total_bytes"].as_u64(), Some(sizes));
    assert_eq!(sizes, 3 * (44 + 240 * 8_000));
    // The review of a 10-hour run in a debug build, not 288 MB a track.
    assert!(mib < 150.0, "peak {mib:.0} MiB");
}
