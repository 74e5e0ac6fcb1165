//! Determinism, batch-split invariance, invariants, lever directions and presets.

mod common;

use common::*;
use funnel_lab::sim::model::Model;
use funnel_lab::sim::presets::{PRESETS, SHAPES};
use funnel_lab::sim::rng::TrialRng;
use funnel_lab::sim::trial::Trial;
use funnel_lab::sim::Job;
use funnel_lab::sim::{preset, RunConfig, Scenario, Simulation};
use proptest::prelude::*;

fn default_sim(trials: u64, seed: u64) -> Simulation {
    let scenario = preset("default").expect("default preset").scenario().expect("valid");
    Simulation::new(scenario, RunConfig { trials, seed, ..RunConfig::default() }).expect("config")
}

#[test]
fn one_batch_equals_ten_batches_bit_for_bit() {
    let sim = default_sim(10_000, 7);
    let whole = sim.report(&sim.run_batch(0..10_000));
    let mut merged = sim.empty();
    for b in 0..10 {
        merged.merge(&sim.run_batch(b * 1000..(b + 1) * 1000));
    }
    let split = sim.report(&merged);
    assert_eq!(whole, split);
    assert_eq!(serde_json::to_string(&whole).ok(), serde_json::to_string(&split).ok());
    // Uneven batches, merged in reverse order, too.
    let mut odd = sim.empty();
    for r in [(7_777..10_000), (123..7_777), (0..123)] {
        odd.merge(&sim.run_batch(r));
    }
    assert_eq!(whole, sim.report(&odd));
}

#[test]
fn same_seed_same_numbers_other_seed_other_numbers() {
    let a = default_sim(2000, 3).run();
    let b = default_sim(2000, 3).run();
    let c = default_sim(2000, 4).run();
    assert_eq!(a, b);
    assert_ne!(a.revenue.mean, c.revenue.mean);
}

/// A fixed-seed vector: these numbers must not change unless the engine's sampling changes on
/// purpose (then update them and say so in the commit). They also pin the platform: the same
/// values must come out natively and in WebAssembly (libm, no platform maths).
#[test]
fn fixed_seed_vector() {
    let r = default_sim(1000, 1).run();
    assert_eq!(r.p_plan, 0.592);
    assert_eq!((r.wins.mean * 1000.0).round() as u64, 15_635);
    assert_eq!((r.losses.mean * 1000.0).round() as u64, 68_580);
    assert_eq!(r.revenue.p50, 3_003_638.894_846_838_4);
    // The browser test reads the same four numbers off the page (app.test.mjs).
    assert_eq!(r.revenue.p10, 1_858_579.952_101_740_8);
    assert_eq!(r.revenue.p90, 4_555_085.364_834_372);
    assert_eq!(r.revenue.mean, 3_142_637.525_436_145_3);
}

/// Ulps between two non-negative doubles (subnormals and +∞ included).
fn ulps(a: f64, b: f64) -> u64 {
    a.to_bits().abs_diff(b.to_bits())
}

/// The engine's table-driven `exp` (the budgets' log-normal) against `libm::exp` over the whole
/// domain of `f64`: special values equal, everything else at most 1 ulp apart (each is within
/// 1 ulp of e^x, so 1 ulp apart is the most two such functions can differ by). The points: a
/// grid over the finite range [−746, 710] with every 2^-9, random points there, every one of
/// the 128 table slots near each end of its reduction interval for each power of two, the
/// arguments near 0 on a log scale, and the overflow and subnormal edges.
#[test]
fn fast_exp_is_within_one_ulp_of_libm_everywhere() {
    use funnel_lab::sim::fast_exp::exp;
    let specials = [
        (f64::NAN, f64::NAN),
        (f64::INFINITY, f64::INFINITY),
        (f64::NEG_INFINITY, 0.0),
        (0.0, 1.0),
        (-0.0, 1.0),
        (1e300, f64::INFINITY),
        (-1e300, 0.0),
        (709.8, f64::INFINITY),
        (-745.2, 0.0),
        (1.0, std::f64::consts::E),
    ];
    for (x, want) in specials {
        let got = exp(x);
        assert!(
            got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
            "exp({x}) = {got}"
        );
    }
    let mut worst = (0u64, 0.0f64);
    let mut differ = 0u64;
    let mut points = 0u64;
    let mut check = |x: f64| {
        let (a, b) = (exp(x), libm::exp(x));
        let d = ulps(a, b);
        points += 1;
        differ += u64::from(d > 0);
        if d > worst.0 {
            worst = (d, x);
        }
    };
    // A grid over the finite range, every 2^-9 (about 750,000 points).
    let mut x = -746.0;
    while x <= 710.0 {
        check(x);
        x += 1.0 / 512.0;
    }
    // Random points over it.
    let mut rng = TrialRng::for_trial(2026, 12);
    for _ in 0..1_000_000 {
        check(-746.0 + 1456.0 * rng.uniform());
    }
    // Every table slot j at both ends of its interval, for every k: x = (128k + j ± 1/2)·ln2/128.
    let ln2 = std::f64::consts::LN_2;
    for k in -1077..=1024 {
        for j in 0..128 {
            for half in [-0.499_999, 0.499_999] {
                check((f64::from(128 * k + j) + half) * ln2 / 128.0);
            }
        }
    }
    // Near 0, on a log scale, both signs, and the edges of overflow and of the subnormals.
    for e in -70..=9 {
        for i in 0..256 {
            let m = libm::ldexp(1.0 + f64::from(i) / 256.0, e);
            check(m);
            check(-m);
        }
    }
    for edge in [709.782_712_893_383_9, -708.396_418_532_264, -745.133_219_101_941_1] {
        let mut x = edge;
        for _ in 0..2000 {
            check(x);
            x = f64::from_bits(x.to_bits() - 1);
        }
        let mut x = edge;
        for _ in 0..2000 {
            check(x);
            x = f64::from_bits(x.to_bits() + 1);
        }
    }
    println!(
        "fast exp vs libm: {points} points, {differ} differ, at most {} ulp (at {})",
        worst.0, worst.1
    );
    assert!(worst.0 <= 1, "{} ulp apart at x = {}", worst.0, worst.1);
}

#[test]
fn progress_runs_match_a_single_batch() {
    let sim = default_sim(5000, 9);
    let mut seen = Vec::new();
    let report = sim.run_with_progress(1500, |done, total| seen.push((done, total)));
    assert_eq!(seen, vec![(1500, 5000), (3000, 5000), (4500, 5000), (5000, 5000)]);
    assert_eq!(report, sim.run());
}

fn arb_scenario() -> impl Strategy<Value = String> {
    (
        2usize..=6,
        1i64..=40,
        prop::collection::vec((0.0f64..=1.0, 1.0f64..8.0), 6),
        prop::collection::vec(0.0f64..5.0, 3),
        (0.0f64..0.3, 0.0f64..=1.0, prop::option::of(10.0f64..600.0), 0.0f64..0.9, 0.0f64..=1.0),
        (0u8..3, any::<bool>(), any::<bool>()),
    )
        .prop_map(|(k, t, stages, inflows, (rev, dl, minutes, qe, qf), (init, moving, calls))| {
            let kpi = if calls { "calls" } else { "minutes" };
            let stages: Vec<String> = stages[..k]
                .iter()
                .enumerate()
                .map(|(i, (p, d))| {
                    let phase = ["forming", "storming", "norming", "performing"][i % 4];
                    format!(
                        r#"{{"name": "Stage {i}", "conversion": {p}, "mean_days": {d}, "phase": "{phase}"}}"#
                    )
                })
                .collect();
            let inflow: Vec<String> = inflows
                .iter()
                .enumerate()
                .map(|(i, r)| format!(r#"{{"stage": {}, "per_day": {r}}}"#, i % k + 1))
                .collect();
            let initial = match init {
                0 => r#""empty""#.to_owned(),
                1 => r#""steady_state""#.to_owned(),
                _ => format!(r#"{{"counts": [{}]}}"#, vec!["3"; k].join(",")),
            };
            let minutes = minutes.map_or("null".to_owned(), |m| m.to_string());
            format!(
                r#"{{"schema": 2, "horizon_days": {t}, "plan": 1000, "stages": [{}],
                    "inflow": [{}], "initial_pipeline": {initial},
                    "budget": {{"median": 100, "p90": 250}},
                    "levers": {{"rework_per_day": {rev}, "record_reverse": {moving},
                                "deadline_share": {dl}, "budget_known_from_stage": 2,
                                "early_budget_sigma": 0.3, "kpi": "{kpi}",
                                "contacts_per_deal": 3, "contacts_worked": 2, "veto_per_contact": 0.1,
                                "minutes_per_day": {minutes}, "question_effect": {qe},
                                "open_question_share": {{"forming": {qf}, "norming": {qf}}}}}}}"#,
                stages.join(","),
                inflow.join(",")
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn deals_are_conserved_and_nothing_is_negative(json in arb_scenario(), seed in 0u64..1000) {
        let scenario = Scenario::from_json(&json).expect("generated scenarios are valid");
        let model = Model::new(&scenario);
        let levers = &scenario.spec().levers;
        let moving = levers.rework_per_day > 0.0 && levers.record_reverse;
        let mut trial = Trial::default();
        for i in 0..20 {
            trial.simulate(&model, &mut TrialRng::for_trial(seed, i));
            let active: u64 = trial.end_count.iter().sum();
            prop_assert_eq!(trial.created, trial.wins + trial.losses + active);
            prop_assert!(trial.won_by_day.iter().all(|&x| x >= 0.0));
            prop_assert!(trial.end_budget.iter().chain(&trial.checkpoint_budget).all(|&x| x >= 0.0));
            prop_assert!(trial.pipeline_forecast >= 0.0);
            prop_assert_eq!(trial.lost_at.iter().sum::<u64>(), trial.losses);
            prop_assert_eq!(trial.forward[trial.forward.len() - 1], trial.wins);
            if !moving {
                prop_assert_eq!(trial.reverse_moves(), 0);
                prop_assert!(trial.reforward.iter().all(|&n| n == 0));
            }
        }
    }
}

fn mean_and_se(r: &funnel_lab::sim::Report) -> (f64, f64) {
    (r.revenue.mean, r.revenue.sd / (r.trials as f64).sqrt())
}

/// `a` is below `b` by more than sampling error (independent runs: SEs add in quadrature).
fn assert_lower(what: &str, a: (f64, f64), b: (f64, f64)) {
    let se = (a.1 * a.1 + b.1 * b.1).sqrt();
    assert!(b.0 - a.0 > Z * se, "{what}: {} is not clearly below {} (se {se})", a.0, b.0);
}

const BASE: &str = r#""inflow": [{"stage": 1, "per_day": 4.0}], "initial_pipeline": "steady_state",
    "budget": {"median": 150000, "p90": 400000}"#;

/// Rework costs time: from an empty funnel, fewer deals close within the month. In the steady
/// state it does not cost throughput (every deal still exits, later; the pipeline is larger),
/// but funnel math ignores rework time, so the rule's forecast runs high.
#[test]
fn rework_slows_deals_and_the_rules_forecast_runs_high() {
    let empty = BASE.replace("steady_state", "empty");
    let with = |base: &str, rework: f64, seed| {
        let json = four_stages(&format!(r#"{base}, "levers": {{"rework_per_day": {rework}}}"#));
        run(&spec(&json), 20_000, seed)
    };
    let (off, on) = (with(&empty, 0.0, 31), with(&empty, 0.15, 32));
    assert_lower("revenue with rework from an empty start", mean_and_se(&on), mean_and_se(&off));
    let (off, on) = (with(BASE, 0.0, 33), with(BASE, 0.15, 34));
    assert!(on.rework_starts.mean > 1.0);
    assert_eq!(on.reverse_moves.mean, 0.0, "the rule never moves the record back");
    assert_eq!(off.rework_starts.mean, 0.0);
    let bias_se = |r: &funnel_lab::sim::Report| r.revenue.sd * 2.0 / (r.trials as f64).sqrt();
    assert!(
        on.forecast.bias - off.forecast.bias > Z * (bias_se(&on) + bias_se(&off)) / 2.0,
        "bias with rework {} vs without {}",
        on.forecast.bias,
        off.forecast.bias
    );
}

/// Forward exits and exits per stage over `trials` trials, counted from the trials themselves.
fn stage_exits(json: &str, trials: u64, seed: u64) -> Vec<(u64, u64)> {
    let scenario = Scenario::new(spec(json)).expect("valid");
    let sim = Simulation::new(scenario, RunConfig { trials, seed, ..RunConfig::default() })
        .expect("config");
    let mut trial = Trial::default();
    let mut sums = vec![(0, 0); sim.model().stage_count()];
    for i in 0..trials {
        sim.play(i, &mut trial);
        for (k, sum) in sums.iter_mut().enumerate() {
            sum.0 += trial.forward[k];
            sum.1 += trial.forward[k] + trial.lost_at[k];
        }
    }
    sums
}

/// Too few minutes: under the minutes KPI an overloaded day is slower, not shallower, so each
/// stage's conversion stays as it is while revenue falls; under the calls KPI every stage's
/// conversion falls too.
#[test]
fn capacity_slows_under_minutes_and_also_shallows_under_calls() {
    let free = run(&spec(&four_stages(BASE)), 20_000, 41);
    // ~35 active deals need ~525 minutes a day; give 200.
    let tight = |kpi: &str| {
        four_stages(&format!(
            r#"{BASE}, "levers": {{"minutes_per_day": 200, "minutes_per_deal": 15, "kpi": "{kpi}",
                "call_kpi_factor": 1.0}}"#
        ))
    };
    let minutes = run(&spec(&tight("minutes")), 20_000, 42);
    assert_lower("revenue with too few minutes", mean_and_se(&minutes), mean_and_se(&free));
    let p = [0.5, 0.6, 0.7, 0.9];
    for (k, (fwd, exits)) in stage_exits(&tight("minutes"), 4000, 43).into_iter().enumerate() {
        let rate = fwd as f64 / exits as f64;
        let se = (p[k] * (1.0 - p[k]) / exits as f64).sqrt();
        assert!((rate - p[k]).abs() <= Z * se, "minutes, stage {k}: {rate} vs p {}", p[k]);
    }
    // Under calls with kf = 1 only the overload's f^dp acts: every stage converts worse.
    for (k, (fwd, exits)) in stage_exits(&tight("calls"), 4000, 44).into_iter().enumerate() {
        let rate = fwd as f64 / exits as f64;
        let se = (p[k] * (1.0 - p[k]) / exits as f64).sqrt();
        assert!(p[k] - rate > Z * se, "calls, stage {k}: {rate} is not below p {}", p[k]);
    }
}

#[test]
fn better_question_fit_raises_p_plan() {
    let with = |forming: f64, norming: f64, seed| {
        let json = four_stages(&format!(
            r#"{BASE}, "levers": {{"question_effect": 0.4,
                "open_question_share": {{"forming": {forming}, "norming": {norming}}}}}"#
        ));
        run(&spec(&json), 20_000, seed)
    };
    let good = with(0.9, 0.1, 51);
    let bad = with(0.1, 0.9, 52);
    let se = (good.p_plan_se.powi(2) + bad.p_plan_se.powi(2)).sqrt();
    assert!(good.p_plan - bad.p_plan > Z * se, "{} vs {}", good.p_plan, bad.p_plan);
}

#[test]
fn presets_are_valid_and_calibrated() {
    for p in PRESETS {
        let s = p.scenario().unwrap_or_else(|e| panic!("preset {}: {e}", p.key));
        assert!((4..=7).contains(&s.stage_count()), "{}", p.key);
        assert!(s.spec().name_en.is_some(), "{} has an English name", p.key);
        for st in &s.spec().stages {
            assert!(st.name_en.is_some() && st.exit_fact_en.is_some(), "{}: {}", p.key, st.name);
        }
        assert!(funnel_lab::lint::advise(s.spec()).is_empty(), "{} breaks the seed's rules", p.key);
    }
    let plan = preset("trapezoid").and_then(|p| p.scenario().ok()).map(|s| s.plan());
    for key in SHAPES {
        let s = preset(key).and_then(|p| p.scenario().ok()).expect("shape preset");
        assert_eq!(Some(s.plan()), plan, "{key}: one common plan");
        let expected = Model::new(&s).expected_revenue();
        let ratio = expected / s.plan();
        assert!((0.95..=1.05).contains(&ratio), "{key}: expected revenue / plan = {ratio}");
    }
    let d = default_sim(20_000, 5).run();
    assert!((0.4..=0.8).contains(&d.p_plan), "default P(plan) {}", d.p_plan);
}

#[test]
fn ratios_with_nothing_to_divide_by_are_null() {
    // Nothing ever enters: revenue is always 0, the plan is always missed, every forecast warns.
    let json = four_stages(r#""inflow": [], "budget": {"median": 100, "p90": 100}"#);
    let r = run(&spec(&json), 100, 1);
    assert_eq!(r.p_plan, 0.0);
    assert_eq!(r.forecast.mape, None);
    assert_eq!(r.forecast.bias_relative, None);
    assert_eq!(r.forecast.warn_forecast.precision, Some(1.0));
    let text = serde_json::to_string(&r).expect("serialises");
    assert!(text.contains(r#""mape":null"#), "{text}");
    assert!(!text.contains("NaN"));
}

/// The shape every page draws (`shape_counts`) is the stationary end-of-day count per stage,
/// computed here independently by propagating the means of MODEL.md's day from a steady start
/// (`common::mean_counts_at`), for every preset, with deadlines, rework and either record.
#[test]
fn shape_counts_are_the_stationary_means() {
    use funnel_lab::sim::scenario::InitialPipeline;
    let mut specs: Vec<_> =
        PRESETS.iter().map(|p| p.scenario().expect("valid").spec().clone()).collect();
    let mut varied = specs[0].clone();
    varied.levers.deadline_share = 0.4;
    varied.levers.rework_per_day = 0.1;
    specs.push(varied.clone());
    varied.levers.record_reverse = true;
    specs.push(varied);
    for spec in specs {
        let s = Scenario::new(spec.clone()).expect("valid");
        let got = funnel_lab::sim::model::shape_counts(&s);
        let mut steady = spec;
        steady.initial_pipeline = InitialPipeline::SteadyState;
        let want = mean_counts_at(&steady, 0);
        assert_eq!(got.len(), want.len());
        for (k, (g, w)) in got.iter().zip(&want).enumerate() {
            assert!((g - w).abs() <= 1e-9 * w.max(1.0), "{}: stage {k}: {g} vs {w}", steady.name);
        }
    }
}

/// The two-number check as the report scores it equals the same check made by hand on every
/// trial: strictly below (1 − tolerance) × plan shape, on counts or budgets, stages with a plan
/// shape of 0 not checked on that number.
#[test]
fn the_mid_month_check_is_scored_as_stated() {
    let json = four_stages(&format!(
        r#"{BASE}, "levers": {{"budget_known_from_stage": 3, "rework_per_day": 0.05}}"#
    ));
    let scenario = Scenario::new(spec(&json)).expect("valid");
    let sim =
        Simulation::new(scenario, RunConfig { trials: 3000, seed: 8, ..RunConfig::default() })
            .expect("config");
    let report = sim.run();
    let shape = sim.model().shape().to_vec();
    let plan = report.plan;
    let mut trial = Trial::default();
    for point in &report.forecast.warn_shape_curve {
        let (mut warned, mut true_pos, mut missed) = (0u64, 0u64, 0u64);
        for i in 0..3000 {
            sim.play(i, &mut trial);
            let floor = 1.0 - point.tolerance;
            let low_count = shape
                .iter()
                .zip(&trial.checkpoint_count)
                .any(|(s, &n)| s.plan_count > 0.0 && (n as f64) < floor * s.plan_count);
            let low_budget = shape
                .iter()
                .zip(&trial.checkpoint_budget)
                .any(|(s, &b)| s.plan_budget > 0.0 && b < floor * s.plan_budget);
            let warn = match point.basis {
                funnel_lab::sim::report::CheckBasis::Both => low_count || low_budget,
                funnel_lab::sim::report::CheckBasis::Count => low_count,
                funnel_lab::sim::report::CheckBasis::Budget => low_budget,
            };
            let miss = trial.revenue() < plan;
            warned += u64::from(warn);
            true_pos += u64::from(warn && miss);
            missed += u64::from(miss);
        }
        assert_eq!(point.rate, Some(warned as f64 / 3000.0), "{point:?}");
        assert_eq!(
            point.precision,
            (warned > 0).then(|| true_pos as f64 / warned as f64),
            "{point:?}"
        );
        assert_eq!(
            point.recall,
            (missed > 0).then(|| true_pos as f64 / missed as f64),
            "{point:?}"
        );
    }
    assert_eq!(report.forecast.warn_shape_curve.len(), 18);
    // Nothing can be checked without a plan shape (no inflow, no revenue): the result is null.
    let none =
        run(&spec(&four_stages(r#""inflow": [], "budget": {"median": 1, "p90": 1}"#)), 50, 1);
    assert!(none.forecast.warn_shape_curve.iter().all(|p| p.rate.is_none()));
    assert_eq!(none.forecast.warn_shape.rate, None);
}
