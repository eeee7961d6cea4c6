//! The generated runs read back with their known truth (independent of any device).

use stridewise::analysis::totals::totals;
use stridewise::ingest;
use stridewise::synth::{self, fit, gpx, tcx, Scenario};

fn read_fit(s: &Scenario) -> (synth::SynthRun, stridewise::model::Activity) {
    let run = synth::generate(s).expect("scenario");
    let bytes = fit::encode(&run, &fit::FitOptions::default());
    let a = ingest::read_bytes(&bytes).expect("reads").remove(0);
    (run, a)
}

#[test]
fn fit_totals_match_the_generated_truth() {
    for s in Scenario::all() {
        let (run, a) = read_fit(&s);
        let t = totals(&a);
        let truth = &run.truth;
        let name = &truth.scenario;
        assert!(
            (t.distance_m.expect("distance") - truth.total_distance_m).abs() < 0.02,
            "{name}"
        );
        assert_eq!(t.elapsed_s, Some(truth.elapsed_time_s), "{name}");
        assert_eq!(t.moving_s, Some(truth.timer_time_s), "{name}");
        assert_eq!(a.pauses.len(), truth.pauses.len(), "{name}");
        // Over all samples (walk breaks included) our mean equals the truth's mean of all
        // samples to within the FIT cadence resolution (1/64 spm).
        let all = truth.stats.avg_cadence_all_samples_spm.expect("cadence");
        let ours = t.avg_cadence.expect("cadence").0;
        assert!((ours - all).abs() < 0.05, "{name}: {ours} vs {all}");
        assert_eq!(
            a.is_treadmill(),
            s.sub_sport == synth::SubSport::Treadmill,
            "{name}"
        );
    }
}

#[test]
fn gpx_with_garmin_strides_is_doubled_and_strava_steps_are_kept() {
    let run = synth::generate(&Scenario::hilly_10k()).expect("scenario");
    let truth = run
        .truth
        .stats
        .avg_cadence_all_samples_spm
        .expect("cadence");
    for style in [
        gpx::CadenceStyle::GarminStrides,
        gpx::CadenceStyle::StravaSteps,
    ] {
        let opts = gpx::GpxOptions {
            cadence: Some(style),
            ..gpx::GpxOptions::default()
        };
        let text = gpx::write(&run, &opts).expect("gpx");
        let a = ingest::read_bytes(text.as_bytes())
            .expect("reads")
            .remove(0);
        let ours = totals(&a).avg_cadence.expect("cadence").0;
        // GPX cadence is whole numbers: strides round to ±1 step, steps to ±0.5.
        assert!((ours - truth).abs() < 1.0, "{style:?}: {ours} vs {truth}");
        let d = totals(&a).distance_m.expect("distance");
        assert!((d - run.truth.total_distance_m).abs() / run.truth.total_distance_m < 0.001);
    }
}

#[test]
fn tcx_already_doubled_is_not_doubled_again() {
    let run = synth::generate(&Scenario::run_walk_5_1()).expect("scenario");
    let truth = run
        .truth
        .stats
        .avg_cadence_all_samples_spm
        .expect("cadence");
    for cadence in [tcx::TcxCadence::Strides, tcx::TcxCadence::Steps] {
        let opts = tcx::TcxOptions {
            cadence,
            ..tcx::TcxOptions::default()
        };
        let text = tcx::write(&run, &opts);
        let a = ingest::read_bytes(text.as_bytes())
            .expect("reads")
            .remove(0);
        let ours = totals(&a).avg_cadence.expect("cadence").0;
        assert!((ours - truth).abs() < 1.0, "{cadence:?}: {ours} vs {truth}");
    }
}
