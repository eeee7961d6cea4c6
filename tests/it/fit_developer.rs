//! FIT developer fields (issue 17 item 1): a Stryd-like foot pod's ground time and
//! vertical oscillation stand for the native running dynamics, its power is the sample's
//! power, and its other fields are kept by name. Checked against the generator's truth.

use stridewise::coach::review::review;
use stridewise::coach::rules::Rules;
use stridewise::ingest;
use stridewise::synth::fit::{encode, pod_form_power_w, pod_power_w, FitOptions};
use stridewise::synth::{generate, Scenario};

fn pod_and_native() -> (stridewise::synth::SynthRun, Vec<u8>, Vec<u8>) {
    let run = generate(&Scenario::hilly_10k()).expect("generates");
    let pod = encode(
        &run,
        &FitOptions {
            developer: true,
            ..FitOptions::default()
        },
    );
    let native = encode(&run, &FitOptions::default());
    (run, pod, native)
}

#[test]
fn a_pods_developer_fields_give_the_samples_their_dynamics_and_power() {
    let (run, pod, _) = pod_and_native();
    let a = ingest::read_bytes(&pod).expect("reads").remove(0);
    assert_eq!(a.samples.len(), run.points.len());
    let form = a
        .developer_fields
        .iter()
        .position(|f| f.name == "Form Power" && f.units == "Watts")
        .and_then(|i| u16::try_from(i).ok())
        .expect("Form Power is kept by name");
    for (s, p) in a.samples.iter().zip(&run.points) {
        assert_eq!(s.stance_time_ms, p.stance_time_ms);
        // Written in centimetres (as Stryd declares it), read in millimetres.
        match (s.vertical_oscillation_mm, p.vertical_oscillation_mm) {
            (Some(read), Some(truth)) => assert!((read - truth).abs() < 1e-9, "{read} vs {truth}"),
            (read, truth) => assert_eq!(read, truth),
        }
        assert_eq!(s.power_w, Some(pod_power_w(p.speed_mps)));
        // The watch wrote no vertical ratio, step length or balance.
        assert_eq!((s.vertical_ratio_pct, s.step_length_mm), (None, None));
        #[allow(clippy::cast_possible_truncation)]
        let expected = [(form, pod_form_power_w(p.speed_mps) as f32)];
        assert_eq!(&*s.developer, &expected);
    }
}

#[test]
fn the_overstride_proxies_see_a_pods_ground_contact_and_oscillation() {
    let (_, pod, native) = pod_and_native();
    let rules = Rules::default();
    let from_pod = ingest::read_bytes(&pod).expect("reads").remove(0);
    let from_watch = ingest::read_bytes(&native).expect("reads").remove(0);
    let dyn_of = |a| {
        review(a, &rules)
            .stride
            .and_then(|s| s.dynamics)
            .expect("dynamics")
    };
    let (p, w) = (dyn_of(&from_pod), dyn_of(&from_watch));
    assert!(p.stance_time_ms.is_some() && p.vertical_oscillation_mm.is_some());
    assert_eq!(p.stance_time_ms, w.stance_time_ms);
    assert_eq!(p.vertical_oscillation_mm, w.vertical_oscillation_mm);
}

#[test]
fn average_power_is_the_pods_power_at_the_average_speed() {
    let (run, pod, native) = pod_and_native();
    let a = ingest::read_bytes(&pod).expect("reads").remove(0);
    let t = stridewise::analysis::totals::totals(&a);
    let avg = t.avg_power_w.expect("power");
    // The pod's power is 72.8 W per m/s (rounded per sample): its time-weighted mean
    // while moving is 72.8 × the moving average speed.
    let moving_speed = run.truth.total_distance_m / run.truth.moving_time_s;
    assert!(
        (avg - 72.8 * moving_speed).abs() < 1.5,
        "{avg} W vs {moving_speed} m/s"
    );
    // A file without power has none.
    let w = ingest::read_bytes(&native).expect("reads").remove(0);
    assert_eq!(stridewise::analysis::totals::totals(&w).avg_power_w, None);
}
