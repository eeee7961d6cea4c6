use stridewise::ingest;
fn main() {
    let tsv = std::fs::read_to_string("../shared/corpus/FIT_SESSIONS.tsv").unwrap();
    let mut lines = tsv.lines();
    let hdr: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |n: &str| hdr.iter().position(|h| *h == n).unwrap();
    for l in lines {
        let f: Vec<&str> = l.split('\t').collect();
        if f[col("sport")] != "running" {
            continue;
        }
        let path = format!("../shared/corpus/{}", f[0]);
        let idx: usize = f[1].parse().unwrap();
        let acts = match ingest::read_path(std::path::Path::new(&path)) {
            Ok(a) => a,
            Err(e) => {
                println!("ERR {path}: {e}");
                continue;
            }
        };
        let a = acts.iter().find(|a| a.session.unwrap_or(0) == idx).unwrap();
        let d0 = a.samples.iter().find_map(|s| s.distance_m).unwrap_or(0.0);
        let d1 = a
            .samples
            .iter()
            .rev()
            .find_map(|s| s.distance_m)
            .unwrap_or(0.0);
        let t0 = a.samples.first().and_then(|s| s.t_s).unwrap_or(0.0);
        let t1 = a.samples.last().and_then(|s| s.t_s).unwrap_or(0.0);
        let paused: f64 = a.pauses.iter().map(|p| p.duration_s()).sum();
        let cads: Vec<f64> = a
            .samples
            .iter()
            .filter_map(|s| s.cadence.map(|c| c.0))
            .collect();
        let nz: Vec<f64> = cads.iter().copied().filter(|c| *c > 0.0).collect();
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
        // time-weighted variants
        let mut tw = (0.0, 0.0);
        let mut twz = (0.0, 0.0);
        for w in a.samples.windows(2) {
            let dt = (w[1].t_s.unwrap() - w[0].t_s.unwrap()).min(10.0);
            if let Some(c) = w[0].cadence {
                twz.0 += c.0 * dt;
                twz.1 += dt;
                if c.0 > 0.0 {
                    tw.0 += c.0 * dt;
                    tw.1 += dt;
                }
            }
        }
        let strides: f64 = f[col("total_strides")].parse().unwrap_or(f64::NAN);
        let timer: f64 = f[col("total_timer_time")].parse().unwrap_or(f64::NAN);
        let zs: Vec<String> = a
            .samples
            .iter()
            .enumerate()
            .filter(|(_, s)| s.cadence.map_or(false, |c| c.0 == 0.0))
            .map(|(i, s)| format!("{}:{:.1}", i, s.speed.map_or(-1.0, |v| v.0)))
            .take(8)
            .collect();
        let nzero = a
            .samples
            .iter()
            .filter(|s| s.cadence.map_or(false, |c| c.0 == 0.0))
            .count();
        let nzero_moving = a
            .samples
            .iter()
            .filter(|s| {
                s.cadence.map_or(false, |c| c.0 == 0.0) && s.speed.map_or(false, |v| v.0 > 1.0)
            })
            .count();
        let mv: Vec<f64> = a
            .samples
            .iter()
            .filter(|s| s.speed.map_or(true, |v| v.0 > 0.5))
            .filter_map(|s| s.cadence.map(|c| c.0))
            .collect();
        print!(
            "zeros {nzero} moving0 {nzero_moving} mvmean {:5.1} {:?} ",
            mean(&mv),
            zs
        );
        print!(
            "twnz {:5.1} twz {:5.1} strides/timer {:5.1} | ",
            tw.0 / tw.1,
            twz.0 / twz.1,
            2.0 * strides / timer * 60.0
        );
        let dev_cad = f[col("avg_running_cadence")].parse::<f64>().ok().map(|c| {
            2.0 * (c + f[col("avg_fractional_cadence")]
                .parse::<f64>()
                .unwrap_or(0.0)
                / 128.0)
        });
        println!("{:70} dist {:9.1}/{:9} el {:7.0}/{:7} mov {:7.0}/{:7} cad all {:5.1} nz {:5.1} dev {:?} n={} pauses={}",
            &f[0][f[0].len().saturating_sub(70)..], d1-d0, f[col("total_distance")], t1-t0, f[col("total_elapsed_time")], t1-t0-paused, f[col("total_timer_time")], mean(&cads), mean(&nz), dev_cad.map(|c| (c*10.0).round()/10.0), a.samples.len(), a.pauses.len());
    }
}
