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
/// count. `None` where python3 is missing.
fn run_measured(args: &[&std::ffi::OsStr]) -> Option<(i32, String, f64)> {
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
    let (code, stderr, peak) = run_measured(&["inspect".as_ref(), bomb.as_os_str()])
        .expect("python3 runs the binary and reports its peak memory");
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
