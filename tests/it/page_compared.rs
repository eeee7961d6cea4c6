//! "Compared with your recent runs" on a folder review's run page (issue 14): this run's
//! cadence, step length and climbing beside the means of the runner's last five runs
//! before it, and the run against the folder's baseline at the same speeds. The folder is
//! generated with known truth (`stridewise::synth`), and every expectation is computed
//! here from the generated samples, not from the tool.

use crate::report::page_text;
use crate::util::stridewise;
use stridewise::synth::{
    self, fit, AltitudeProfile, Course, Gait, HeartModel, Scenario, Segment, SubSport, SynthRun,
    Until,
};

/// The runner's cadence at a speed in the generated folder: 150 + 8·v steps/min.
fn line_spm(v: f64) -> f64 {
    150.0 + 8.0 * v
}

/// 20 minutes of running at `v` m/s and `cadence` steps/min on day `day` of May 2024,
/// over one hill of `hill_m` up and down at 5% from 1 km on (flat when 0).
fn run(day: u32, v: f64, cadence: f64, hill_m: f64) -> SynthRun {
    let mut alt = vec![(0.0, 100.0)];
    if hill_m > 0.0 {
        let ramp = hill_m / 0.05;
        alt.extend([
            (1000.0, 100.0),
            (1000.0 + ramp, 100.0 + hill_m),
            (1000.0 + 2.0 * ramp, 100.0),
        ]);
    }
    let s = Scenario {
        name: format!("day-{day}"),
        description: "generated for the page comparison test".into(),
        start: chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2024, 5, day, 7, 0, 0)
            .single()
            .expect("date"),
        sub_sport: SubSport::Generic,
        course: Some(Course {
            start_lat_deg: 47.37,
            start_lon_deg: 8.54,
            bearing_deg: 30.0,
            meander_deg: 0.0,
            meander_wavelength_m: 1000.0,
        }),
        altitude: Some(AltitudeProfile { points: alt }),
        segments: vec![Segment::run("steady", Until::DurationS(1200), v, cadence)],
        pauses: Vec::new(),
        heart: HeartModel::default(),
        dynamics: None,
        footpod: false,
        seed: 0x00C0_FFEE + u64::from(day),
    };
    synth::generate(&s).expect("scenario")
}

/// The truth of one run: running cadence (mean of the running samples), step length
/// (distance ÷ steps over the running samples), climbing per km, and mean speed.
struct Truth {
    cadence_spm: f64,
    step_m: f64,
    gain_per_km: f64,
}

fn truth(r: &SynthRun) -> Truth {
    let running: Vec<_> = r.points.iter().filter(|p| p.gait == Gait::Run).collect();
    let n = running.len() as f64;
    let dist: f64 = running.iter().map(|p| p.speed_mps).sum();
    let steps: f64 = running.iter().map(|p| p.cadence_spm / 60.0).sum();
    Truth {
        cadence_spm: running.iter().map(|p| p.cadence_spm).sum::<f64>() / n,
        step_m: dist / steps,
        gain_per_km: r.truth.elevation_gain_m.expect("altitude")
            / (r.truth.total_distance_m / 1000.0),
    }
}

fn mean(v: impl Iterator<Item = f64>) -> f64 {
    let v: Vec<f64> = v.collect();
    let n = v.len() as f64;
    v.iter().sum::<f64>() / n
}

/// Least-squares line through `(x, y)` (equal weights: every run runs 20 minutes),
/// evaluated at `x0`.
fn line_at(pts: &[(f64, f64)], x0: f64) -> f64 {
    let mx = mean(pts.iter().map(|p| p.0));
    let my = mean(pts.iter().map(|p| p.1));
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    my + sxy / sxx * (x0 - mx)
}

/// The numbers after `label` on the line of the page text that starts with it.
fn numbers_after(text: &str, label: &str) -> Vec<f64> {
    let line = text
        .lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no {label:?} in\n{text}"));
    line[label.len()..]
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter_map(|t| t.parse().ok())
        .collect()
}

#[test]
fn compared_with_recent_runs_shows_the_means_of_the_last_five_and_the_baseline() {
    // Two older runs (hilly, fast), the five recent ones, then the run of the page: at
    // 3.0 m/s, the mean speed of the other seven, with a cadence 6% above the runner's
    // line. Every run but it sits on the line, so the baseline there is the line lifted by
    // an eighth of its excess.
    let plan: [(u32, f64, f64); 7] = [
        (1, 3.4, 40.0),
        (2, 3.6, 40.0),
        (3, 2.6, 0.0),
        (4, 2.8, 0.0),
        (5, 3.0, 20.0),
        (6, 3.2, 0.0),
        (7, 2.4, 0.0),
    ];
    let mut runs: Vec<(f64, SynthRun)> = plan
        .iter()
        .map(|&(day, v, hill)| (v, run(day, v, line_spm(v), hill)))
        .collect();
    runs.push((3.0, run(8, 3.0, 1.06 * line_spm(3.0), 0.0)));
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("runs");
    std::fs::create_dir(&input).expect("mkdir");
    for (_, r) in &runs {
        let bytes = fit::encode(r, &fit::FitOptions::default());
        std::fs::write(input.join(format!("{}.fit", r.name)), bytes).expect("write");
    }
    let out = dir.path().join("out");
    stridewise()
        .args(["--charts", "all", "--out"])
        .arg(&out)
        .arg(&input)
        .assert()
        .success();
    let html = std::fs::read_to_string(out.join("runs/day-8.fit/report.html")).expect("page");
    let text = page_text(&html);

    let t: Vec<Truth> = runs.iter().map(|(_, r)| truth(r)).collect();
    let (this, recent) = (&t[7], &t[2..7]);
    assert!(text.contains("this run last 5 runs"), "{text}");
    let near = |shown: f64, want: f64, tol: f64, what: &str| {
        assert!(
            (shown - want).abs() <= tol,
            "{what}: page {shown}, truth {want:.3}\n{text}"
        );
    };
    // Shown to the step/min, the metre to 2 decimals, climbing to the metre per km; the
    // tolerance is the rounding plus what the FIT encoding (1/128 stride/min, mm/s) moves.
    let cad = numbers_after(&text, "Running cadence");
    near(cad[0], this.cadence_spm, 0.6, "this run's cadence");
    near(
        cad[1],
        mean(recent.iter().map(|x| x.cadence_spm)),
        0.6,
        "recent cadence",
    );
    let step = numbers_after(&text, "Step length");
    near(step[0], this.step_m, 0.006, "this run's step");
    near(
        step[1],
        mean(recent.iter().map(|x| x.step_m)),
        0.006,
        "recent step",
    );
    let climb = numbers_after(&text, "Climbing");
    near(climb[0], this.gain_per_km, 0.6, "this run's climbing");
    near(
        climb[1],
        mean(recent.iter().map(|x| x.gain_per_km)),
        0.6,
        "recent climbing",
    );
    // The window matters: over all seven runs before it the means differ from the five.
    let all_before = mean(t[..7].iter().map(|x| x.cadence_spm));
    assert!((all_before - mean(recent.iter().map(|x| x.cadence_spm))).abs() > 1.2);
    assert!((mean(t[..7].iter().map(|x| x.gain_per_km)) - climb[1]).abs() > 1.5);

    // The baseline: lines of cadence and step length against speed over all eight runs
    // (equal running time each), evaluated at this run's speed.
    let pts = |f: &dyn Fn(&Truth) -> f64| -> Vec<(f64, f64)> {
        runs.iter().zip(&t).map(|((v, _), x)| (*v, f(x))).collect()
    };
    let cad_pct = 100.0 * (this.cadence_spm / line_at(&pts(&|x| x.cadence_spm), 3.0) - 1.0);
    let step_pct = 100.0 * (this.step_m / line_at(&pts(&|x| x.step_m), 3.0) - 1.0);
    let base = numbers_after(&text, "Against your baseline at the same speeds:");
    assert!(
        text.contains("% higher, steps ") && text.contains("% shorter."),
        "{text}"
    );
    // The tool fits 0.1 m/s speed bins of the samples, not whole runs: a few tenths of a
    // percent apart.
    near(base[0], cad_pct, 0.4, "cadence against the baseline");
    near(-base[1], step_pct, 0.4, "step length against the baseline");

    // The second run has one run before it, the first none (no comparison at all).
    let page = |name: &str| {
        let html =
            std::fs::read_to_string(out.join(format!("runs/{name}/report.html"))).expect("page");
        page_text(&html)
    };
    let second = page("day-2.fit");
    assert!(second.contains("this run the run before"), "{second}");
    let cad = numbers_after(&second, "Running cadence");
    near(cad[1], t[0].cadence_spm, 0.6, "the run before's cadence");
    assert!(!page("day-1.fit").contains("Compared with your recent runs"));
}
