//! Per-run report folders: charts, report.html, determinism, escaping.

use crate::util::stridewise;
use crate::util::tree;
use std::path::Path;
use stridewise::coach::review::{review, review_with, ReviewOptions};
use stridewise::coach::rules::Rules;
use stridewise::ingest;
use stridewise::report::chart;
use stridewise::units::UnitSystem;

#[test]
fn each_run_gets_its_charts_and_a_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    for sample in ["hilly-10k.fit", "run-walk-5-1.fit", "treadmill.fit"] {
        stridewise()
            .args(["--out"])
            .arg(dir.path())
            .arg(format!("sample_data/{sample}"))
            .assert()
            .success();
    }
    let files = tree(dir.path());
    for f in [
        "hilly-10k.fit/cadence.png",
        "hilly-10k.fit/pace.png",
        "hilly-10k.fit/elevation.png",
        "hilly-10k.fit/stride.png",
        "hilly-10k.fit/splits.png",
        "hilly-10k.fit/dynamics.png",
        "hilly-10k.fit/route.png",
        "hilly-10k.fit/report.html",
        "treadmill.fit/report.html",
    ] {
        assert!(files.contains_key(f), "{f} missing: {:?}", files.keys());
    }
    // A treadmill has no elevation chart; a file without dynamics has no dynamics chart.
    assert!(!files.contains_key("treadmill.fit/elevation.png"));
    assert!(!files.contains_key("run-walk-5-1.fit/dynamics.png"));
    // No positions on a treadmill: no route trace.
    assert!(!files.contains_key("treadmill.fit/route.png"));
    // PNGs decode at the documented size.
    for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".png")) {
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes.as_slice()));
        let reader = decoder
            .read_info()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let info = reader.info();
        let size = if name.ends_with("route.png") {
            (900, 900)
        } else {
            (1200, 600)
        };
        assert_eq!((info.width, info.height), size, "{name}");
    }
    // The page links each chart relatively and works offline (no http): per chart the
    // desktop SVG, the phone's below 900 px, both beside the page, linking the full-size
    // PNG.
    let page = String::from_utf8_lossy(&files["hilly-10k.fit/report.html"]).into_owned();
    assert!(!page.contains("http://") && !page.contains("https://"));
    for id in [
        "cadence",
        "pace",
        "elevation",
        "stride",
        "splits",
        "dynamics",
        "route",
    ] {
        for f in [format!("{id}.svg"), format!("{id}.phone.svg")] {
            let svg = files
                .get(&format!("hilly-10k.fit/{f}"))
                .unwrap_or_else(|| panic!("{f} missing"));
            svg_is_self_contained(&f, svg);
        }
        let figure = format!(
            "<a href=\"{id}.png\" title=\"open the full-size PNG\"><picture>\
             <source media=\"(max-width: 900px)\" srcset=\"{id}.phone.svg\">\
             <img src=\"{id}.svg\""
        );
        assert!(page.contains(&figure), "{id}: {figure}");
    }
    assert!(
        !page.contains("src=\"cadence.png\""),
        "the page shows the SVGs"
    );
    assert!(page.contains("<figure class=\"square\"><a href=\"route.png\""));
    // Every SVG has its PNG, and the other way round.
    let svgs = files.keys().filter(|n| n.ends_with(".svg")).count();
    let pngs = files.keys().filter(|n| n.ends_with(".png")).count();
    assert_eq!(svgs, 2 * pngs);
    assert!(!files.contains_key("treadmill.fit/elevation.svg"));
    assert!(!files.contains_key("treadmill.fit/route.phone.svg"));
    // Findings in words, not codes and raw evidence.
    assert!(page.contains("A lot of steep running") && page.contains("What to do:"));
    assert!(!page.contains("<code>hill_exposure") && !page.contains("evidence:"));
}

/// `bytes` is well-formed XML with one `<svg>` root and a `viewBox`, and refers to nothing
/// outside itself: no link, image, style sheet or font file, no address but the SVG
/// namespace's name.
pub fn svg_is_self_contained(name: &str, bytes: &[u8]) {
    use quick_xml::events::Event;
    let doc = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut reader = quick_xml::Reader::from_str(doc);
    let (mut depth, mut roots) = (0_i32, 0);
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("{name}: not well-formed XML: {e}"));
        let start = matches!(event, Event::Start(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let tag = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                assert!(
                    !["image", "style", "use", "a", "script", "foreignObject"]
                        .contains(&tag.as_str()),
                    "{name}: <{tag}>"
                );
                if tag == "svg" {
                    roots += 1;
                    assert!(
                        e.attributes()
                            .flatten()
                            .any(|a| a.key.as_ref() == b"viewBox"),
                        "{name}: no viewBox, the picture would not scale"
                    );
                }
                for a in e.attributes() {
                    let a = a.unwrap_or_else(|e| panic!("{name}: {e}"));
                    let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                    let value = String::from_utf8_lossy(&a.value).into_owned();
                    assert!(!key.contains("href"), "{name}: {key}={value}");
                    assert!(!value.contains("url("), "{name}: {key}={value}");
                }
                depth += i32::from(start);
            }
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(
        (depth, roots),
        (0, 1),
        "{name}: unclosed elements or not one <svg>"
    );
    assert_eq!(
        doc.matches("http").count(),
        1,
        "{name}: an address beyond xmlns"
    );
    for font_file in [".ttf", ".otf", ".woff", "@font-face"] {
        assert!(!doc.contains(font_file), "{name}: {font_file}");
    }
}

#[test]
fn the_folder_index_shows_its_trend_charts_as_svg() {
    let dir = tempfile::tempdir().expect("tempdir");
    stridewise()
        .args(["--out"])
        .arg(dir.path())
        .arg("sample_data")
        .assert()
        .success();
    let index = std::fs::read_to_string(dir.path().join("index.html")).expect("index");
    let mut ids = Vec::new();
    for entry in std::fs::read_dir(dir.path()).expect("out") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if let Some(id) = name.strip_suffix(".png") {
            ids.push(id.to_string());
        }
    }
    ids.sort();
    assert_eq!(
        ids,
        [
            "trend-cadence",
            "trend-drift",
            "trend-hills",
            "trend-weekly"
        ]
    );
    for id in &ids {
        for f in [format!("{id}.svg"), format!("{id}.phone.svg")] {
            let bytes = std::fs::read(dir.path().join(&f)).unwrap_or_else(|e| panic!("{f}: {e}"));
            svg_is_self_contained(&f, &bytes);
        }
        assert!(
            index.contains(&format!(
                "<a href=\"{id}.png\" title=\"open the full-size PNG\"><picture>\
                 <source media=\"(max-width: 900px)\" srcset=\"{id}.phone.svg\">\
                 <img src=\"{id}.svg\""
            )),
            "{id}"
        );
    }
    // The runs' pages have theirs too.
    let run = dir.path().join("runs/hilly-10k.fit");
    for f in [
        "cadence.png",
        "cadence.svg",
        "cadence.phone.svg",
        "report.html",
    ] {
        assert!(run.join(f).is_file(), "{f}");
    }
}

#[test]
fn a_chart_no_longer_drawn_goes_in_every_form() {
    // The plan's progress chart, drawn with --plan: without it on the next review, its
    // PNG and both SVGs are removed (stridewise's own files, from the folder's manifest).
    let dir = tempfile::tempdir().expect("tempdir");
    let plan_dir = dir.path().join("plan");
    stridewise()
        .args(["plan", "--out"])
        .arg(&plan_dir)
        .arg("sample_data")
        .assert()
        .success();
    let out = dir.path().join("review");
    let files = [
        "plan-progress.png",
        "plan-progress.svg",
        "plan-progress.phone.svg",
    ];
    stridewise()
        .arg("--plan")
        .arg(plan_dir.join("plan.json"))
        .arg("--out")
        .arg(&out)
        .arg("sample_data")
        .assert()
        .success();
    for f in files {
        assert!(out.join(f).is_file(), "{f}");
    }
    stridewise()
        .arg("--out")
        .arg(&out)
        .arg("sample_data")
        .assert()
        .success();
    for f in files {
        assert!(!out.join(f).exists(), "{f} left behind");
    }
    assert!(out.join("trend-weekly.phone.svg").is_file());
}

#[test]
fn without_pages_no_run_chart_is_written() {
    // --charts none: no page, so no run chart in any form; --no-charts: no file at all.
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("none");
    stridewise()
        .args(["--charts", "none", "--out"])
        .arg(&out)
        .arg("sample_data")
        .assert()
        .success();
    let runs: Vec<_> = std::fs::read_dir(out.join("runs")).expect("runs").collect();
    assert!(runs.is_empty(), "{runs:?}");
    let out = dir.path().join("nothing");
    stridewise()
        .args(["--no-charts", "--out"])
        .arg(&out)
        .arg("sample_data/hilly-10k.fit")
        .assert()
        .success();
    assert!(!out.exists());
}

/// The text a reader sees: tags dropped, entities decoded, blank lines squeezed.
pub fn page_text(html: &str) -> String {
    let body = html.split("<body>").nth(1).unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ");
    out.split('\n')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
        // The version changes with every release, not with the page.
        .replace(env!("CARGO_PKG_VERSION"), "VERSION")
}

#[test]
fn page_text_of_a_run_and_of_a_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    stridewise()
        .args(["--out"])
        .arg(dir.path().join("one"))
        .arg("sample_data/hilly-10k.fit")
        .assert()
        .success();
    let page =
        std::fs::read_to_string(dir.path().join("one/hilly-10k.fit/report.html")).expect("page");
    insta::assert_snapshot!("page_text_run_hilly-10k", page_text(&page));
    stridewise()
        .args(["--charts", "all", "--out"])
        .arg(dir.path().join("folder"))
        .arg("sample_data")
        .assert()
        .success();
    let index = std::fs::read_to_string(dir.path().join("folder/index.html")).expect("index");
    insta::assert_snapshot!("page_text_index_sample_data", page_text(&index));
    // Newest first, relative paths only, a way back from each page.
    assert!(
        !index.contains(env!("CARGO_MANIFEST_DIR")),
        "absolute path in the index"
    );
    let page = std::fs::read_to_string(dir.path().join("folder/runs/hilly-10k.fit/report.html"))
        .expect("page");
    assert!(page.contains("href=\"../../index.html\""));
    insta::assert_snapshot!("page_text_folder_run_hilly-10k", page_text(&page));
    // The newest run: "compared with your recent runs" against the two before it.
    let page = std::fs::read_to_string(dir.path().join("folder/runs/run-walk-5-1.fit/report.html"))
        .expect("page");
    insta::assert_snapshot!("page_text_folder_run_run-walk-5-1", page_text(&page));
    // The same hilly page in miles and feet.
    stridewise()
        .args(["--units", "imperial", "--out"])
        .arg(dir.path().join("imperial"))
        .arg("sample_data/hilly-10k.fit")
        .assert()
        .success();
    let page = std::fs::read_to_string(dir.path().join("imperial/hilly-10k.fit/report.html"))
        .expect("page");
    insta::assert_snapshot!("page_text_run_hilly-10k_imperial", page_text(&page));
}

#[test]
fn output_is_byte_for_byte_deterministic() {
    let (one, two) = (
        tempfile::tempdir().expect("tmp"),
        tempfile::tempdir().expect("tmp"),
    );
    // Another time zone and another thread count: the same bytes (PNGs, SVGs, pages).
    for (dir, tz, jobs) in [(&one, "UTC", "1"), (&two, "America/Los_Angeles", "2")] {
        stridewise()
            .env("TZ", tz)
            .args(["--jobs", jobs, "--out"])
            .arg(dir.path())
            .arg("sample_data")
            .assert()
            .success();
    }
    assert_eq!(tree(one.path()), tree(two.path()));
}

#[test]
fn activity_names_are_escaped_in_the_page() {
    use stridewise::synth::{self, gpx, Scenario};
    let run = synth::generate(&Scenario::run_walk_5_1()).expect("scenario");
    let opts = gpx::GpxOptions {
        name: Some("<script>alert(1)</script>".into()),
        ..gpx::GpxOptions::default()
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("evil.gpx");
    std::fs::write(&input, gpx::write(&run, &opts).expect("gpx")).expect("write");
    let out = dir.path().join("out");
    stridewise()
        .arg("--out")
        .arg(&out)
        .arg(&input)
        .assert()
        .success();
    let page = std::fs::read_to_string(out.join("evil.gpx/report.html")).expect("page");
    assert!(!page.contains("<script>"), "raw script tag in the page");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn an_output_folder_that_cannot_be_written_is_a_clear_fatal_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"not a folder").expect("write");
    stridewise()
        .arg("--out")
        .arg(blocker.join("sub"))
        .arg("sample_data/treadmill.fit")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot write the report into"));
}

/// The chart data, summarised: titles, axes, ranges, bands, markers, and each series'
/// name, kind, length and end points (the full point lists are long).
fn digest(specs: &[chart::ChartSpec]) -> serde_json::Value {
    let mut v = serde_json::to_value(specs).expect("serialisable");
    for spec in v.as_array_mut().expect("array") {
        for panel in spec["panels"].as_array_mut().expect("panels") {
            for series in panel["series"].as_array_mut().expect("series") {
                let points = series["points"].as_array().cloned().unwrap_or_default();
                let n = points.len();
                let ends: Vec<_> = points
                    .iter()
                    .take(2)
                    .chain(points.iter().skip(n.saturating_sub(2)))
                    .cloned()
                    .collect();
                series["points"] = serde_json::json!({ "count": n, "ends": ends });
            }
        }
    }
    v
}

#[test]
fn chart_data_of_the_samples_is_stable() {
    for name in ["hilly-10k.fit", "run-walk-5-1.fit", "treadmill.fit"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample_data")
            .join(name);
        let a = ingest::read_path(&path).expect("reads").remove(0);
        let r = review(&a, &Rules::default());
        let specs = chart::build(&a, &r, UnitSystem::Metric);
        insta::assert_json_snapshot!(format!("chart_data_{name}"), digest(&specs));
    }
}

#[test]
fn the_readme_chart_is_what_the_sample_renders() {
    let dir = tempfile::tempdir().expect("tempdir");
    stridewise()
        .arg("--out")
        .arg(dir.path())
        .arg("sample_data/hilly-10k.fit")
        .assert()
        .success();
    let fresh = std::fs::read(dir.path().join("hilly-10k.fit/cadence.png")).expect("chart");
    let readme = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/images/hilly-10k-cadence.png"),
    )
    .expect("README image");
    assert!(
        fresh == readme,
        "docs/images/hilly-10k-cadence.png is stale: regenerate with \
         `cargo run --release -- --out /tmp/r sample_data/hilly-10k.fit && \
         cp /tmp/r/hilly-10k.fit/cadence.png docs/images/hilly-10k-cadence.png`"
    );
}

/// Every string a chart draws: title, axis labels, series names, band labels, markers.
fn chart_words(specs: &[chart::ChartSpec]) -> String {
    let mut out = String::new();
    for s in specs {
        out.push_str(&s.title);
        for p in &s.panels {
            for t in [&p.x_label, &p.y_label] {
                out.push(' ');
                out.push_str(t);
            }
            for t in p.series.iter().map(|x| &x.name) {
                out.push(' ');
                out.push_str(t);
            }
            for t in p.bands.iter().map(|x| &x.label) {
                out.push(' ');
                out.push_str(t);
            }
            for t in p.markers.iter().map(|x| &x.text) {
                out.push(' ');
                out.push_str(t);
            }
        }
        out.push('\n');
    }
    out
}

#[test]
fn imperial_charts_label_no_metric_unit() {
    for name in ["hilly-10k.fit", "run-walk-5-1.fit", "treadmill.fit"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample_data")
            .join(name);
        let a = ingest::read_path(&path).expect("reads").remove(0);
        for units in [UnitSystem::Imperial, UnitSystem::Metric] {
            let r = review_with(
                &a,
                &ReviewOptions {
                    split_m: units.split_meters(),
                    ..ReviewOptions::new(&Rules::default())
                },
            );
            let mut specs = chart::build(&a, &r, units);
            specs.extend(stridewise::report::route::build(
                &a,
                &r,
                units,
                &Rules::default(),
            ));
            let words = chart_words(&specs);
            let hits = crate::habits::metric_units(&words);
            if units == UnitSystem::Imperial {
                assert!(hits.is_empty(), "{name}: {hits:?}\n{words}");
                assert!(words.contains("(mi)") || words.contains("(ft)"), "{words}");
            } else {
                // The same charts in metric do carry metric units: the check can fail.
                assert!(!hits.is_empty(), "{name}: {words}");
            }
        }
    }
}

/// What the route trace draws, decimated: ranges, labels, the descent markers, and each
/// series' name, kind, colour, length, segment count and every k-th point (at most 25,
/// the last included), so a change in the path, its grade colours or the long-step
/// stretches shows in the snapshot.
fn route_digest(spec: &chart::ChartSpec) -> serde_json::Value {
    let mut v = serde_json::to_value(spec).expect("serialisable");
    for panel in v["panels"].as_array_mut().expect("panels") {
        for series in panel["series"].as_array_mut().expect("series") {
            let points = series["points"].as_array().cloned().unwrap_or_default();
            let n = points.len();
            let step = n.div_ceil(24).max(1);
            let xy = |p: &serde_json::Value| format!("{} {}", p[0], p[1]);
            let mut kept: Vec<String> = points.iter().step_by(step).map(xy).collect();
            if n > 0 && (n - 1) % step != 0 {
                kept.extend(points.last().map(xy));
            }
            let segments = series["breaks"].as_array().map_or(0, Vec::len) + usize::from(n > 0);
            series["points"] = serde_json::json!({ "count": n, "every": step, "kept": kept });
            series["breaks"] = serde_json::json!({ "segments": segments });
        }
    }
    v
}

#[test]
fn route_data_is_stable() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    let mut files = vec![
        ("hilly-10k.fit", samples.join("hilly-10k.fit")),
        ("run-walk-5-1.fit", samples.join("run-walk-5-1.fit")),
    ];
    // The real run with the corpus (`stridewise::corpus`), the samples without it.
    if let Some(corpus) = stridewise::corpus::dir() {
        files.push((
            "sports-lib-6782987395.fit",
            corpus
                .join("sports-alliance__sports-lib")
                .join("src__specs__fixtures__runs__fit__6782987395.fit"),
        ));
    }
    for (name, path) in files {
        let a = ingest::read_path(&path).expect("reads").remove(0);
        let r = review(&a, &Rules::default());
        let spec = stridewise::report::route::build(&a, &r, UnitSystem::Metric, &Rules::default())
            .expect("a track");
        insta::assert_json_snapshot!(format!("route_data_{name}"), route_digest(&spec));
    }
}

/// The hilly sample's truth (sample_data/hilly-10k.truth.json): one descent, 6000–7500 m
/// along the run, -90 m at -6%, with 1.25 m steps against 1.08 m on the flat start
/// (faster, but longer than the speed explains: the overstriding finding's +12% at the
/// same speed). The route labels that descent and no other, and its long-step dots lie on
/// it and span it.
#[test]
fn the_route_marks_the_hilly_samples_descent_and_its_long_steps() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/hilly-10k.fit");
    let a = ingest::read_path(&path).expect("reads").remove(0);
    let r = review(&a, &Rules::default());
    let spec = stridewise::report::route::build(&a, &r, UnitSystem::Metric, &Rules::default())
        .expect("a track");
    let panel = &spec.panels[0];
    let labels: Vec<&str> = panel.markers.iter().map(|m| m.text.as_str()).collect();
    // Start and finish (issue 25, item 5), and the descent labelled as the elevation
    // chart labels it (item 8: one label for one descent on both charts).
    assert_eq!(labels, ["start", "finish", "D1 -90 m -5.9%"]);
    let elevation = stridewise::report::chart::build_with(&a, &r, UnitSystem::Metric, None)
        .into_iter()
        .find(|c| c.id == "elevation")
        .expect("elevation chart");
    let texts: Vec<&str> = elevation
        .panels
        .iter()
        .flat_map(|p| p.markers.iter().map(|m| m.text.as_str()))
        .collect();
    assert!(texts.contains(&"D1 -90 m -5.9%"), "{texts:?}");
    // Where along the run each dot is: the nearest sample, by the projection the module
    // documents (equirectangular about the mean latitude, from the first longitude).
    let pos: Vec<(f64, f64, f64)> = a
        .samples
        .iter()
        .filter_map(|s| Some((s.lat_deg?, s.lon_deg?, s.distance_m?)))
        .collect();
    let lat0 = pos.iter().map(|p| p.0).sum::<f64>() / pos.len() as f64;
    let lon0 = pos[0].1;
    let r_km = 6371.0;
    let along = |x: f64, y: f64| {
        pos.iter()
            .map(|&(la, lo, d)| {
                let px = r_km * (lo - lon0).to_radians() * lat0.to_radians().cos();
                let py = r_km * (la - lat0).to_radians();
                ((px - x).hypot(py - y), d)
            })
            .min_by(|p, q| p.0.total_cmp(&q.0))
            .map(|(gap, d)| {
                assert!(gap < 0.01, "a dot off the track by {gap} km");
                d
            })
            .expect("samples")
    };
    let end = |name: &str| {
        let s = panel
            .series
            .iter()
            .find(|s| s.name == name)
            .expect("an end marked");
        along(s.points[0].0, s.points[0].1)
    };
    assert!(end("start") < 20.0, "start at {} m", end("start"));
    assert!(end("finish") > 9_980.0, "finish at {} m", end("finish"));
    let dots = panel
        .series
        .iter()
        .find(|s| s.kind == chart::SeriesKind::Marks && s.name.starts_with("steps >"))
        .expect("long-step dots");
    let at: Vec<f64> = dots.points.iter().map(|&(x, y)| along(x, y)).collect();
    assert!(
        at.iter().all(|d| (6000.0..=7500.0).contains(d)),
        "dots off the descent: {at:?}"
    );
    // One dot per 2.5% of the plot's span (~200 m here): the first and last within that
    // of the descent's ends.
    let (first, last) = (at[0], at[at.len() - 1]);
    assert!(first < 6300.0 && last > 7200.0, "{at:?}");
}

/// The numbers a runner looks for (issue 25, item 5): heart rate, the three times, a
/// laps table with the structured session's work laps marked, and the watch's own
/// figures beside ours with why where they differ.
#[test]
fn the_page_shows_heart_rate_laps_and_the_watchs_own_figures() {
    use stridewise::model::LapIntensity::{Cooldown, Interval, Recovery, Warmup};
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/run-walk-5-1.fit");
    let mut a = ingest::read_path(&path).expect("reads").remove(0);
    assert_eq!(a.laps.len(), 6, "the sample's laps");
    for (lap, kind) in a
        .laps
        .iter_mut()
        .zip([Warmup, Interval, Recovery, Interval, Recovery, Cooldown])
    {
        lap.intensity = Some(kind);
    }
    // The watch's climbing 10 m above ours: the difference is said, with why.
    if let Some(s) = a.summary.as_mut() {
        s.ascent_m = Some(10.0);
    }
    let r = review(&a, &Rules::default());
    assert_eq!(
        r.session.kind,
        stridewise::analysis::session::SessionKind::Structured
    );
    let item = stridewise::report::text::Reviewed {
        path: "intervals.fit",
        activity: &a,
        review: &r,
    };
    let style = stridewise::report::text::Style {
        units: UnitSystem::Metric,
        color: false,
    };
    let page = stridewise::report::html::page(&item, style, &[]);
    assert!(
        page.contains("<span>Heart rate</span><b>141 bpm</b>"),
        "{page}"
    );
    assert!(page.contains("37:24 on the timer"), "{page}");
    assert_eq!(page.matches("<tr class=\"work\">").count(), 2, "{page}");
    assert!(page.contains("<b>interval</b> (interval)"), "{page}");
    assert!(page.contains(&format!(
        "<td class=\"l\"><b>climbing</b></td><td data-l=\"ours\">0 m</td><td data-l=\"the watch\">10 m</td><td class=\"l why\">{}</td>",
        stridewise::report::device::WHY_CLIMB
    )));
    assert!(page.contains("<td class=\"l why\">the same</td>"), "{page}");
    let mut text = Vec::new();
    stridewise::report::text::write(std::slice::from_ref(&item), style, &mut text).expect("text");
    let text = String::from_utf8(text).expect("utf8");
    assert!(
        text.contains("  Heart     average 141 bpm, max 148 bpm"),
        "{text}"
    );
    assert!(
        text.contains("  Device    climbing: the watch says 10 m, we say 0 m (ours is counted"),
        "{text}"
    );
    assert!(
        text.contains("37:24 elapsed, 37:24 on the timer, "),
        "{text}"
    );
}
