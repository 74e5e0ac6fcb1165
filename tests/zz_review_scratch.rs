// Throwaway review scratch; delete after use.
use funnel_lab::sim::model::Model;
use funnel_lab::sim::rng::TrialRng;
use funnel_lab::sim::trial::Trial;
use funnel_lab::sim::{Method, Scenario};

fn stats(t: &Trial) -> Vec<f64> {
    let mut v = vec![
        t.revenue(),
        t.wins as f64,
        t.losses as f64,
        t.created as f64,
        t.rework_starts as f64,
        t.pipeline_forecast,
    ];
    for k in 0..t.forward.len() {
        v.push(t.forward[k] as f64);
        v.push(t.lost_at[k] as f64);
        v.push(t.back[k] as f64);
        v.push(t.reforward[k] as f64);
        v.push(t.checkpoint_count[k] as f64);
        v.push(t.checkpoint_budget[k]);
        v.push(t.end_count[k] as f64);
        v.push(t.end_budget[k]);
    }
    v
}

fn names(k: usize) -> Vec<String> {
    let mut v: Vec<String> =
        ["revenue", "wins", "losses", "created", "rework_starts", "forecast"].iter().map(|s| s.to_string()).collect();
    for i in 0..k {
        for n in ["fwd", "lost", "back", "refwd", "cp_n", "cp_b", "end_n", "end_b"] {
            v.push(format!("{n}[{i}]"));
        }
    }
    v
}

fn moments(model: &Model, method: Method, n: u64, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let mut trial = Trial::default();
    let mut s1: Vec<f64> = Vec::new();
    let mut s2: Vec<f64> = Vec::new();
    for i in 0..n {
        let mut rng = TrialRng::for_trial(seed, i);
        trial.simulate_with(model, &mut rng, method);
        let v = stats(&trial);
        if s1.is_empty() {
            s1 = vec![0.0; v.len()];
            s2 = vec![0.0; v.len()];
        }
        for (j, x) in v.iter().enumerate() {
            s1[j] += x;
            s2[j] += x * x;
        }
    }
    let nf = n as f64;
    let mean: Vec<f64> = s1.iter().map(|s| s / nf).collect();
    let var: Vec<f64> = s2.iter().zip(&mean).map(|(s, m)| (s / nf - m * m).max(0.0)).collect();
    (mean, var)
}

fn compare(label: &str, json: &str, methods: &[Method], n: u64) -> f64 {
    let s = Scenario::from_json(json).expect("valid");
    let model = Model::new(&s);
    let k = model.stage_count();
    let nm = names(k);
    let res: Vec<_> = methods.iter().enumerate().map(|(i, &m)| moments(&model, m, n, 1000 + i as u64)).collect();
    let mut worst: f64 = 0.0;
    for a in 0..methods.len() {
        for b in a + 1..methods.len() {
            for j in 0..nm.len() {
                let (ma, va) = (res[a].0[j], res[a].1[j]);
                let (mb, vb) = (res[b].0[j], res[b].1[j]);
                let se = ((va + vb) / n as f64).sqrt();
                if se == 0.0 {
                    if ma != mb {
                        println!("{label}: {} {:?}={ma} vs {:?}={mb} (zero variance)", nm[j], methods[a], methods[b]);
                        worst = f64::INFINITY;
                    }
                    continue;
                }
                let z = (ma - mb) / se;
                if z.abs() > 4.0 {
                    println!("{label}: {} {:?}={ma:.4} vs {:?}={mb:.4} z={z:.1}", nm[j], methods[a], methods[b]);
                }
                worst = worst.max(z.abs());
            }
        }
    }
    println!("{label}: worst |z| = {worst:.2}");
    worst
}

const STAGES: &str = r#""stages": [
    {"name": "A", "conversion": 0.5, "mean_days": 3, "phase": "forming"},
    {"name": "B", "conversion": 0.6, "mean_days": 5, "phase": "storming"},
    {"name": "C", "conversion": 0.7, "mean_days": 4, "phase": "norming"},
    {"name": "D", "conversion": 0.9, "mean_days": 3, "phase": "performing"}]"#;

fn scen(t: u32, c: u32, rest: &str) -> String {
    format!(r#"{{"schema": 2, "horizon_days": {t}, "checkpoint_day": {c}, "plan": 1000000, {STAGES}, {rest}}}"#)
}

const ALL: [Method; 3] = [Method::Outcomes, Method::PerDeal, Method::DayByDay];

#[test]
fn methods_agree() {
    let n = 40_000;
    let lev = r#""levers": {"deadline_share": 0.4, "deadline_speedup": 0.5, "budget_known_from_stage": 3, "early_budget_sigma": 0.6}"#;
    let inflow = r#""inflow": [{"stage": 1, "per_day": 3.0}, {"stage": 3, "per_day": 0.7}], "budget": {"median": 100000, "p90": 250000}"#;
    for (t, c) in [(12, 12), (1, 1), (12, 1), (12, 6)] {
        for init in [r#""initial_pipeline": {"counts": [5,4,3,2]}"#, r#""initial_pipeline": "steady_state""#, r#""initial_pipeline": "empty""#] {
            compare(&format!("T{t} c{c} {init}"), &scen(t, c, &format!("{inflow}, {init}, {lev}")), &ALL, n);
        }
    }
    let rw = r#""levers": {"rework_per_day": 0.2, "record_reverse": true, "deadline_share": 0.4, "deadline_speedup": 0.5, "budget_known_from_stage": 2, "early_budget_sigma": 0.6}"#;
    for (t, c) in [(12, 12), (1, 1), (12, 6)] {
        for init in [r#""initial_pipeline": {"counts": [5,4,3,2]}"#, r#""initial_pipeline": "steady_state""#] {
            compare(&format!("rework T{t} c{c} {init}"), &scen(t, c, &format!("{inflow}, {init}, {rw}")), &[Method::PerDeal, Method::DayByDay], n);
        }
    }
}
