//! `stridewise plan` on the generated sample runs: the plan folder, every workout decoded
//! by fitparser and by our decoder with every field as written, the click tracks' tempo
//! measured from the files, run/walk after a sore day, and a later review with `--plan`.

use crate::util::{sample_data, stridewise};
use fitparser::{FitDataRecord, Value};
use serde_json::Value as Json;
use std::path::Path;
use stridewise_fit::decode::{Decoder, Message};

fn make_plan(out: &Path, extra: &[&str]) -> (Json, String) {
    let o = stridewise()
        .arg("plan")
        .arg(sample_data())
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("runs");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let json: Json =
        serde_json::from_slice(&std::fs::read(out.join("plan.json")).expect("plan.json"))
            .expect("json");
    (json, String::from_utf8(o.stdout).expect("utf8"))
}

fn field<'a>(r: &'a FitDataRecord, name: &str) -> Option<&'a Value> {
    r.fields()
        .iter()
        .find(|f| f.name() == name)
        .map(|f| f.value())
}

fn num(r: &FitDataRecord, name: &str) -> f64 {
    let v = field(r, name).unwrap_or_else(|| panic!("{name} missing in {r:?}"));
    TryInto::<f64>::try_into(v.clone()).unwrap_or_else(|_| panic!("{name}: {v:?}"))
}

fn text(r: &FitDataRecord, name: &str) -> String {
    field(r, name).map(ToString::to_string).unwrap_or_default()
}

/// Decode a workout both ways: no error, a `file_id` of type workout (5); the records.
fn decode(bytes: &[u8]) -> Vec<FitDataRecord> {
    let recs = fitparser::from_bytes(bytes).expect("fitparser decodes it, CRCs valid");
    let mut file_type = None;
    for m in Decoder::new(bytes) {
        match m {
            Message::Damage(d) => panic!("our decoder: {d:?}"),
            Message::FileId(f) => file_type = f.file_type,
            _ => {}
        }
    }
    assert_eq!(
        file_type,
        Some(5),
        "our decoder reads file_id.type = workout"
    );
    recs
}

fn of<'a>(recs: &'a [FitDataRecord], kind: &str) -> Vec<&'a FitDataRecord> {
    recs.iter()
        .filter(|r| r.kind().to_string() == kind)
        .collect()
}

/// Every field of a continuous run's workout as written, against plan.json.
fn check_continuous(bytes: &[u8], week: &Json, run: &Json) {
    let recs = decode(bytes);
    let ids = of(&recs, "file_id");
    assert_eq!(ids.len(), 1);
    assert_eq!(text(ids[0], "type"), "workout");
    assert_eq!(text(ids[0], "manufacturer"), "development");
    let w = of(&recs, "workout");
    assert_eq!(w.len(), 1);
    assert_eq!(text(w[0], "sport"), "running");
    assert_eq!(num(w[0], "num_valid_steps"), 1.0);
    let target = week["target_spm"].as_f64().unwrap();
    assert_eq!(
        text(w[0], "wkt_name"),
        format!("W{} R{} {target:.0}spm", week["week"], run["run"])
    );
    let steps = of(&recs, "workout_step");
    assert_eq!(steps.len(), 1);
    let s = steps[0];
    assert_eq!(num(s, "message_index"), 0.0);
    assert_eq!(text(s, "wkt_step_name"), format!("Run {target:.0} spm"));
    assert_eq!(text(s, "duration_type"), "time");
    assert_eq!(num(s, "duration_time"), run["duration_s"].as_f64().unwrap());
    assert_eq!(text(s, "target_type"), "cadence");
    assert_eq!(num(s, "target_cadence_zone"), 0.0);
    // The watch band in strides/min (the profile's rpm), halved outwards.
    let band = week["watch_band_spm"].as_array().unwrap();
    let lo = (band[0].as_f64().unwrap() / 2.0).floor();
    let hi = (band[1].as_f64().unwrap() / 2.0).ceil();
    assert_eq!(num(s, "custom_target_cadence_low"), lo);
    assert_eq!(num(s, "custom_target_cadence_high"), hi);
    assert_eq!(text(s, "intensity"), "active");
    assert_eq!(text(s, "notes"), "Easy pace, flat route");
}

/// Onsets of clicks in a WAV: a sample ≥ 20 in magnitude after 40 quiet samples.
fn onsets(wav: &[u8]) -> (u32, Vec<usize>) {
    let r = hound::WavReader::new(std::io::Cursor::new(wav)).expect("wav");
    let rate = r.spec().sample_rate;
    let s: Vec<i32> = r
        .into_samples::<i8>()
        .map(|x| i32::from(x.expect("sample")))
        .collect();
    (
        rate,
        stridewise::report::plan::metronome::onsets(&s, 20, 40),
    )
}

#[test]
fn sample_data_makes_a_sensible_plan() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("plan");
    let (json, stdout) = make_plan(&out, &[]);
    assert_eq!(json["schema_version"], 1);
    // Three runs of 2024-05-04..08 are enough for a personal baseline.
    assert_eq!(json["start_source"], "baseline", "{json:#}");
    let start = json["start_cadence_spm"].as_f64().unwrap();
    assert!((160.0..175.0).contains(&start), "{start}");
    let weeks = json["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 6);
    assert_eq!(weeks[0]["monday"], "2024-05-13");
    let pcts: Vec<f64> = weeks
        .iter()
        .map(|w| w["increase_pct"].as_f64().unwrap())
        .collect();
    assert_eq!(pcts, vec![5.0, 5.0, 7.5, 7.5, 10.0, 10.0]);
    for w in weeks {
        let pct = w["increase_pct"].as_f64().unwrap();
        assert_eq!(
            w["target_spm"].as_f64().unwrap(),
            (start * (1.0 + pct / 100.0)).round()
        );
    }
    let metronome: Vec<&str> = weeks
        .iter()
        .map(|w| w["metronome"].as_str().unwrap())
        .collect();
    assert_eq!(
        metronome,
        [
            "every_run",
            "every_other",
            "every_run",
            "every_other",
            "every_run",
            "none"
        ]
    );
    assert!(
        stdout.contains("Cadence retraining plan: 6 weeks from 2024-05-13"),
        "{stdout}"
    );
    assert!(stdout.contains("personal baseline over 3 runs"), "{stdout}");
    let html = std::fs::read_to_string(out.join("plan.html")).expect("html");
    assert!(html.contains("name=\"viewport\""));
    assert!(!html.contains("<script"));

    let mut workouts = 0;
    for w in weeks {
        for r in w["runs"].as_array().unwrap() {
            let bytes = std::fs::read(out.join(r["workout_file"].as_str().unwrap())).expect("fit");
            check_continuous(&bytes, w, r);
            workouts += 1;
        }
    }
    assert!(workouts >= 6);
    let tracks = check_tracks(&out, &json, &stdout);
    // Five weeks with a metronome, three targets: three continuous loops.
    assert_eq!(tracks, 3);
    assert!(html.contains("<h2>Click tracks</h2>"), "{html}");
    assert!(html.contains("href=\"audio/"), "{html}");
}

/// The click tracks of a written plan against `plan.json`: `audio/` holds one file per
/// distinct (target, pattern) the metronome runs name, no other; each file's size is the
/// size stated for it, and their total is the total stated in `plan.json`, the terminal
/// summary and the page; each file clicks at its target, every interval within 1 ms,
/// also across the wrap of the loop. Returns the number of tracks.
fn check_tracks(out: &Path, json: &Json, stdout: &str) -> usize {
    use std::collections::{BTreeMap, BTreeSet};
    let mut wanted: BTreeMap<String, (f64, Option<(u64, u64)>)> = BTreeMap::new();
    for w in json["weeks"].as_array().unwrap() {
        for r in w["runs"].as_array().unwrap() {
            let Some(f) = r["audio_file"].as_str() else {
                assert_eq!(r["metronome"], false, "{r}");
                continue;
            };
            let target = w["target_spm"].as_f64().unwrap();
            let rw = r["run_walk"]
                .as_object()
                .map(|x| (x["run_s"].as_u64().unwrap(), x["walk_s"].as_u64().unwrap()));
            let before = wanted.insert(f.to_string(), (target, rw));
            assert!(
                before.is_none_or(|b| b == (target, rw)),
                "{f} shared by different targets or patterns"
            );
        }
    }
    // One file per distinct target and pattern: no two names for the same pair.
    let pairs: BTreeSet<String> = wanted.values().map(|v| format!("{v:?}")).collect();
    assert_eq!(pairs.len(), wanted.len(), "{wanted:?}");
    let audio = &json["audio"];
    assert_eq!(audio["playback"], "loop");
    let listed: BTreeSet<String> = audio["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, wanted.keys().cloned().collect());
    let on_disk: BTreeMap<String, u64> = std::fs::read_dir(out.join("audio"))
        .unwrap()
        .flatten()
        .map(|e| {
            (
                format!("audio/{}", e.file_name().to_string_lossy()),
                e.metadata().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        on_disk.keys().cloned().collect::<BTreeSet<_>>(),
        listed,
        "audio/ holds exactly the tracks"
    );
    let mut total = 0;
    for t in audio["tracks"].as_array().unwrap() {
        let f = t["file"].as_str().unwrap();
        let size = on_disk[f];
        assert_eq!(t["bytes"].as_u64(), Some(size), "{f}");
        total += size;
        let (target, rw) = wanted[f];
        assert_eq!(t["target_spm"].as_f64(), Some(target));
        let wav = std::fs::read(out.join(f)).unwrap();
        let r = hound::WavReader::new(std::io::Cursor::new(&wav)).unwrap();
        let rate = r.spec().sample_rate;
        let secs = r.duration() / rate;
        assert_eq!(Some(u64::from(secs)), t["loop_s"].as_u64(), "{f}");
        match rw {
            Some((run_s, walk_s)) => {
                assert_eq!(t["pattern"], "run_walk");
                assert_eq!(u64::from(secs), run_s + walk_s, "one repeat: {f}");
            }
            None => assert_eq!(t["pattern"], "continuous"),
        }
        // Played twice, as the player's repeat does: every interval of a running stretch
        // is 60 ÷ target, across the wrap too (a run/walk loop restarts after the walk).
        let twice = [wav.clone(), wav[44..].to_vec()].concat();
        let mut fixed = twice.clone();
        let data_len = u32::try_from(twice.len() - 44).unwrap();
        fixed[40..44].copy_from_slice(&data_len.to_le_bytes());
        fixed[4..8].copy_from_slice(&(data_len + 36).to_le_bytes());
        let (_, on) = onsets(&fixed);
        let want = 60.0 / target;
        let walk_gap = rw.map_or(0.0, |(_, walk_s)| walk_s as f64);
        for p in on.windows(2) {
            let dt = (p[1] - p[0]) as f64 / f64::from(rate);
            let ok = (dt - want).abs() < 0.001
                || (walk_gap > 0.0 && dt > walk_gap && dt < walk_gap + 2.0 * want);
            assert!(ok, "{f}: {dt} vs {want}");
        }
    }
    assert_eq!(audio["total_bytes"].as_u64(), Some(total));
    let mb = format!("{:.1} MB on disk", total as f64 / 1e6);
    assert!(stdout.contains(&mb), "{mb} not in {stdout}");
    let html = std::fs::read_to_string(out.join("plan.html")).unwrap();
    assert!(html.contains(&mb), "{mb} not in the page");
    on_disk.len()
}

#[test]
fn a_sore_day_gives_run_walk_workouts() {
    let dir = tempfile::tempdir().expect("tmp");
    let log = dir.path().join("pain.csv");
    std::fs::write(
        &log,
        "date,pain,note\n2024-05-09,5,\"hip, after the treadmill\"\n",
    )
    .unwrap();
    let out = dir.path().join("plan");
    let (json, stdout) = make_plan(&out, &["--pain-log", log.to_str().unwrap()]);
    assert_eq!(json["sore_days"][0], "2024-05-09");
    assert!(stdout.contains("cut volume by 25%"), "{stdout}");
    let w1 = &json["weeks"][0];
    assert_eq!(w1["cut_pct"], 25.0);
    let run = &w1["runs"][0];
    let rw = &run["run_walk"];
    assert_eq!(
        (rw["run_s"].as_u64(), rw["walk_s"].as_u64()),
        (Some(300), Some(60))
    );
    let repeats = rw["repeats"].as_f64().unwrap();
    let tail = rw["tail_run_s"].as_f64().unwrap();
    assert_eq!(
        repeats * 360.0 + tail,
        run["duration_s"].as_f64().unwrap(),
        "{run}"
    );
    let recs = decode(&std::fs::read(out.join(run["workout_file"].as_str().unwrap())).unwrap());
    let steps = of(&recs, "workout_step");
    assert_eq!(steps.len(), if tail > 0.0 { 4 } else { 3 });
    assert_eq!(text(steps[0], "target_type"), "cadence");
    assert_eq!(num(steps[0], "duration_time"), 300.0);
    assert_eq!(text(steps[1], "wkt_step_name"), "Walk");
    assert_eq!(num(steps[1], "duration_time"), 60.0);
    assert_eq!(text(steps[1], "target_type"), "open");
    assert_eq!(text(steps[1], "intensity"), "recovery");
    assert_eq!(text(steps[2], "duration_type"), "repeat_until_steps_cmplt");
    assert_eq!(num(steps[2], "duration_step"), 0.0);
    assert_eq!(num(steps[2], "repeat_steps"), repeats);
    assert_eq!(
        num(of(&recs, "workout")[0], "num_valid_steps"),
        steps.len() as f64
    );
    // The click track is one repeat: clicks for 300 s, silent while walking, then the
    // loop restarts (the next repeat).
    let wav = std::fs::read(out.join(run["audio_file"].as_str().unwrap())).unwrap();
    let (rate, on) = onsets(&wav);
    assert!(
        on.iter().all(|&i| i < 300 * rate as usize),
        "clicks while walking"
    );
    let secs = hound::WavReader::new(std::io::Cursor::new(&wav))
        .unwrap()
        .duration()
        / rate;
    assert_eq!(secs, 360);
    // Run/walk weeks 1–2 share one track, the continuous weeks have theirs.
    assert_eq!(check_tracks(&out, &json, &stdout), 3);
    // Week 3 runs continuously again.
    assert!(json["weeks"][2]["runs"][0]["run_walk"].is_null());
}

#[test]
fn plan_without_runs_fails_with_a_message() {
    let dir = tempfile::tempdir().expect("tmp");
    let o = stridewise()
        .arg("plan")
        .arg(dir.path())
        .arg("--out")
        .arg(dir.path().join("p"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("cannot make a plan: no dated run"), "{err}");
}

/// A later review with `--plan`: each plan week's cadence at easy pace against the target.
/// The plan here is written by hand around the sample runs' weeks (2024-04-29 holds the
/// 10 km, 2024-05-06 the run/walk and the treadmill run), with targets far below and above.
#[test]
fn review_with_plan_shows_progress() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("plan");
    let (mut json, _) = make_plan(&out, &[]);
    json["weeks"][0]["monday"] = "2024-04-29".into();
    json["weeks"][0]["target_spm"] = 190.0.into();
    json["weeks"][1]["monday"] = "2024-05-06".into();
    json["weeks"][1]["target_spm"] = 150.0.into();
    let plan = dir.path().join("edited.json");
    std::fs::write(&plan, serde_json::to_vec(&json).unwrap()).unwrap();
    let review = dir.path().join("review");
    let o = stridewise()
        .arg(sample_data())
        .arg("--plan")
        .arg(&plan)
        .arg("--out")
        .arg(&review)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let index = std::fs::read_to_string(review.join("index.html")).unwrap();
    assert!(index.contains("<h2>Your cadence plan</h2>"));
    // Week 2 is the newest measured: far above 150.
    assert!(index.contains("plan_ahead"), "{index}");
    assert!(index.contains("Plan week 2 (from 2024-05-06)"), "{index}");
    // Beside cadence: the logged pain (no log here) and the run mix against the plan's.
    assert!(
        index.contains("Pain and the kind of runs since the plan"),
        "{index}"
    );
    assert!(
        index.contains("Logged pain: not enough logged days"),
        "{index}"
    );
    assert!(index.contains("hilly runs: "), "{index}");
    // The physio's page sets each week's easy cadence beside the plan's target.
    let physio = std::fs::read_to_string(review.join("physio.html")).unwrap();
    assert!(physio.contains("<td>190</td>"), "{physio}");
    assert!(physio.contains("<td>150</td>"), "{physio}");
    let chart = std::fs::read(review.join("plan-progress.png")).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(chart));
    assert!(decoder.read_info().is_ok());
    // The index shows it as SVG, for a desktop and a phone, linking the PNG.
    for f in ["plan-progress.svg", "plan-progress.phone.svg"] {
        let svg = std::fs::read(review.join(f)).unwrap();
        crate::report::svg_is_self_contained(f, &svg);
        assert!(index.contains(&format!("\"{f}\"")), "{f}");
    }
    // A plan.json of another version is refused with a message.
    json["schema_version"] = 99.into();
    std::fs::write(&plan, serde_json::to_vec(&json).unwrap()).unwrap();
    let o = stridewise()
        .arg(sample_data())
        .arg("--plan")
        .arg(&plan)
        .arg("--out")
        .arg(&review)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("schema_version 99"));
}

/// The plan folder is checked like a report folder: an `--out` that holds the runs is
/// refused before anything is written, and the runs are left as they were.
#[test]
fn plan_out_holding_the_runs_is_refused_and_the_runs_survive() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut before = Vec::new();
    for e in std::fs::read_dir(sample_data()).expect("ls").flatten() {
        let name = e.file_name();
        let bytes = std::fs::read(e.path()).expect("read");
        std::fs::write(dir.path().join(&name), &bytes).expect("copy");
        before.push((name, bytes));
    }
    let o = stridewise()
        .arg("plan")
        .arg(dir.path())
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("choose a report folder outside the inputs"),
        "{err}"
    );
    for (name, bytes) in before {
        assert_eq!(
            std::fs::read(dir.path().join(&name)).expect("still there"),
            bytes
        );
    }
    assert!(!dir.path().join("plan.html").exists());
}

/// Every strength workout of the plan, decoded by fitparser and by our decoder, every
/// field against plan.json: sport training / strength_training, one step per exercise with
/// its repetitions or time and the profile's exercise category, a rest, a repeat per set.
fn check_strength(out: &Path, json: &Json) -> usize {
    let mut n = 0;
    for w in json["weeks"].as_array().expect("weeks") {
        let sessions = w["strength"].as_array().expect("strength");
        assert!((3..=4).contains(&sessions.len()), "{w}");
        for s in sessions {
            n += 1;
            let file = s["workout_file"].as_str().expect("file");
            let recs = decode(&std::fs::read(out.join(file)).expect("workout"));
            let wk = of(&recs, "workout");
            assert_eq!(text(wk[0], "sport"), "training", "{file}");
            assert_eq!(text(wk[0], "sub_sport"), "strength_training", "{file}");
            assert_eq!(
                text(wk[0], "wkt_name"),
                format!("W{} S{} hip", w["week"], s["session"])
            );
            let steps = of(&recs, "workout_step");
            let ex = s["exercises"].as_array().expect("exercises");
            assert!((2..=3).contains(&ex.len()));
            assert_eq!(steps.len(), 3 * ex.len(), "{file}");
            assert_eq!(num(wk[0], "num_valid_steps"), steps.len() as f64);
            let sets = s["sets"].as_f64().expect("sets");
            for (k, e) in ex.iter().enumerate() {
                let (st, rest, rep) = (steps[3 * k], steps[3 * k + 1], steps[3 * k + 2]);
                assert_eq!(num(st, "message_index"), (3 * k) as f64);
                assert_eq!(text(st, "wkt_step_name"), e["name"].as_str().unwrap());
                let sides = if e["per_side"] == true { 2.0 } else { 1.0 };
                match e["reps"].as_f64() {
                    Some(r) => {
                        assert_eq!(text(st, "duration_type"), "reps");
                        assert_eq!(num(st, "duration_reps"), r * sides);
                    }
                    None => {
                        assert_eq!(text(st, "duration_type"), "time");
                        assert_eq!(
                            num(st, "duration_time"),
                            e["seconds"].as_f64().unwrap() * sides
                        );
                    }
                }
                assert_eq!(text(st, "intensity"), "active");
                // fitparser names the category from the profile's enum.
                let cat = e["fit_exercise_category"].as_u64().unwrap();
                let want = match cat {
                    10 => "hip_raise",
                    11 => "hip_stability",
                    28 => "squat",
                    37 => "banded_exercises",
                    other => panic!("category {other}"),
                };
                assert_eq!(text(st, "exercise_category"), want, "{file}");
                match e["fit_exercise_name"].as_f64() {
                    Some(x) => assert_eq!(num(st, "exercise_name"), x),
                    None => assert!(field(st, "exercise_name").is_none()),
                }
                assert_eq!(text(rest, "intensity"), "rest");
                assert_eq!(num(rest, "duration_time"), s["rest_s"].as_f64().unwrap());
                assert_eq!(text(rep, "duration_type"), "repeat_until_steps_cmplt");
                assert_eq!(num(rep, "duration_step"), (3 * k) as f64);
                assert_eq!(num(rep, "repeat_steps"), sets);
            }
        }
    }
    n
}

#[test]
fn the_week_has_strength_warm_up_gate_and_a_swap_while_sore() {
    let dir = tempfile::tempdir().expect("tmp");
    let log = dir.path().join("pain.csv");
    std::fs::write(&log, "date,pain,note\n2024-05-09,5,sore\n").unwrap();
    let out = dir.path().join("plan");
    let (json, stdout) = make_plan(&out, &["--pain-log", log.to_str().unwrap()]);
    // The gate heads the terminal summary and the page, with all five criteria.
    let first_lines: Vec<&str> = stdout.lines().take(2).collect();
    assert!(
        first_lines[1].starts_with("Stop running and get assessed"),
        "{stdout}"
    );
    for c in [
        "sharp",
        "swelling or heat",
        "weight-bearing",
        "48 hours",
        "range of motion",
    ] {
        assert!(first_lines[1].contains(c), "{c}");
    }
    assert_eq!(json["gate"]["criteria"].as_array().map(Vec::len), Some(5));
    let page = std::fs::read_to_string(out.join("plan.html")).expect("page");
    let gate = page.find("card gate").expect("gate");
    assert!(gate < page.find("Where you start").expect("start"));
    // Warm-up of five moves before every run, stretches after.
    let moves: Vec<&str> = json["warm_up"]["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["code"].as_str())
        .collect();
    assert_eq!(
        moves,
        [
            "leg_swings",
            "walking_lunge_twist",
            "hip_openers",
            "glute_kicks",
            "high_knees"
        ]
    );
    assert_eq!(json["stretches"]["hold_s"], 30);
    // Sore: weeks 1–2 swap one run for cross-training (no ride in the samples: any
    // low-impact sport) and have four strength sessions; week 3 has three, no swap.
    let runs_per_week = usize::try_from(json["runs_per_week"].as_u64().unwrap()).unwrap();
    for k in 0..2 {
        let w = &json["weeks"][k];
        assert!(w["cross_training"]["duration_s"].as_u64().unwrap() > 0);
        assert!(w["cross_training"]["sport"].is_null());
        assert_eq!(w["runs"].as_array().unwrap().len(), runs_per_week - 1);
        assert_eq!(w["strength"].as_array().unwrap().len(), 4);
    }
    assert!(json["weeks"][2]["cross_training"].is_null());
    assert_eq!(json["weeks"][2]["strength"].as_array().unwrap().len(), 3);
    assert!(page.contains("What it is for") || page.contains("steady the hip"));
    let n = check_strength(&out, &json);
    assert_eq!(n, 4 + 4 + 3 * 4);
}

#[test]
fn the_runners_own_cross_training_sport_is_the_swap() {
    let dir = tempfile::tempdir().expect("tmp");
    let runs = dir.path().join("runs");
    std::fs::create_dir(&runs).unwrap();
    for e in std::fs::read_dir(sample_data()).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, runs.join(p.file_name().unwrap())).unwrap();
        }
    }
    // A 30-minute swim in the runner's history (a point a minute).
    let pts: String = (0..=30)
        .map(|i| {
            format!(
                "<trkpt lat=\"{:.5}\" lon=\"8.0\"><time>2024-05-02T07:{i:02}:00Z</time></trkpt>",
                47.0 + f64::from(i) * 0.0003
            )
        })
        .collect();
    std::fs::write(
        runs.join("swim.gpx"),
        format!(
            "<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"t\" \
             xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><type>swimming</type>\
             <trkseg>{pts}</trkseg></trk></gpx>\n"
        ),
    )
    .unwrap();
    let log = dir.path().join("pain.csv");
    std::fs::write(&log, "date,pain,note\n2024-05-09,5,sore\n").unwrap();
    let out = dir.path().join("plan");
    let o = stridewise()
        .arg("plan")
        .arg(&runs)
        .args(["--pain-log", log.to_str().unwrap(), "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let json: Json =
        serde_json::from_slice(&std::fs::read(out.join("plan.json")).unwrap()).unwrap();
    assert_eq!(json["weeks"][0]["cross_training"]["sport"], "swimming");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("an easy swim (your own cross-training)"),
        "{stdout}"
    );
}
