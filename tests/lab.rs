//! The metrics lab's four experiments against closed forms derived here, and against the
//! engine's own run of the same scenario on the same seed.

mod common;

use common::Z;
use funnel_lab::sim::{preset, run, Model, RunConfig, Scenario};
use funnel_lab::studies::lab::{
    cohort_ltv, coverage, cpl_trap, romi_returns, CohortParams, CplParams, LabError, LeadSource,
    RomiParams, COVERAGE_GRID, COVERAGE_PRESETS,
};

fn default_scenario() -> Scenario {
    preset("default").expect("built-in").scenario().expect("valid")
}

#[test]
fn in_a_large_base_the_ltv_formula_errs_by_two_over_two_plus_growth() {
    // Derivation (the test's own): with lives exponential at hazard h a day and the expected
    // base S₀·e^{rt}, e^{30r} = 1 + g, a month's leavers are h·∫S dt = S₀·30h·g/ln(1+g), its
    // revenue ARPU/30·∫S dt, and its mean clients S₀(2 + g)/2. So the post's ARPU / churn is
    // ARPU·2/((2 + g)·30h), while a client's lifetime value is ARPU/(30h): a ratio 2/(2 + g).
    let p = CohortParams {
        start_clients: 20_000,
        months: 6,
        runs: 4,
        growth: vec![-0.1, 0.0, 0.3],
        ..CohortParams::default()
    };
    let report = cohort_ltv(&p, 3).expect("runs");
    let true_ltv = p.arpu / -(1.0 - p.monthly_churn).ln();
    assert!((report.true_ltv - true_ltv).abs() < 1e-9);
    for pt in &report.points {
        let want = 2.0 / (2.0 + pt.growth) - 1.0;
        // Each month's error has a spread of about 1/√(leavers) + 1/√(cohort), a few percent
        // here; its mean over the months is allowed Z standard errors of the sample.
        let sd = (pt.error.p90 - pt.error.p10) / 2.563;
        let se = sd / (pt.months as f64).sqrt();
        assert!(
            (pt.error.mean - want).abs() < Z * se + 0.002,
            "growth {}: error {} vs {want} (se {se})",
            pt.growth,
            pt.error.mean
        );
        // The cohorts' realised value is the true one within their sampling error, and the
        // noise reported apart is centred on zero.
        assert!((pt.realised.mean / true_ltv - 1.0).abs() < 0.02, "{}", pt.realised.mean);
        let noise_se =
            (pt.cohort_noise.p90 - pt.cohort_noise.p10) / 2.563 / (pt.months as f64).sqrt();
        assert!(pt.cohort_noise.mean.abs() < Z * noise_se + 0.002, "{:?}", pt.cohort_noise);
    }
}

#[test]
fn a_small_base_adds_noise_the_formula_cannot_see() {
    let small = cohort_ltv(&CohortParams::default(), 1).expect("runs");
    for pt in &small.points {
        // The spread of the monthly error is far wider than its bias in a small base, and a
        // single month's cohort strays from the true value by chance too.
        assert!(pt.error.p90 - pt.error.p10 > 0.1, "growth {}: {:?}", pt.growth, pt.error);
        assert!(pt.cohort_noise.p90 - pt.cohort_noise.p10 > 0.1, "{:?}", pt.cohort_noise);
        assert!(pt.abs_error >= pt.large_base_bias.abs());
    }
}

#[test]
fn the_cohort_experiment_refuses_what_it_cannot_simulate() {
    let bad = CohortParams { growth: vec![-0.5], ..CohortParams::default() };
    assert!(matches!(cohort_ltv(&bad, 1), Err(LabError::Param { field: "growth", .. })));
    let bad = CohortParams { monthly_churn: f64::NAN, ..CohortParams::default() };
    assert!(matches!(cohort_ltv(&bad, 1), Err(LabError::Param { field: "monthly_churn", .. })));
    let huge = CohortParams { start_clients: 100_000, runs: 1_000, ..CohortParams::default() };
    assert!(cohort_ltv(&huge, 1).is_err(), "a run that would take minutes is refused");
}

#[test]
fn cheaper_weaker_leads_lower_cpl_but_raise_cac_and_lower_p_plan() {
    let base = default_scenario();
    let p = CplParams::default();
    let points = cpl_trap(&base, &p, 1).expect("runs");
    let days = base.spec().horizon_days as f64;
    let later: Vec<f64> = base.spec().stages[1..].iter().map(|s| s.conversion).collect();
    for (pt, src) in points.iter().zip(&p.sources) {
        // Clients = leads × conversion of every stage, in a steady-state month.
        let leads = p.spend / src.cpl;
        let clients = leads * src.first_conversion * later.iter().product::<f64>();
        assert!((pt.clients - clients).abs() < 1e-9 * clients, "{} vs {clients}", pt.clients);
        assert!((pt.cac - p.spend / clients).abs() < 1e-6 * pt.cac);
        assert!((pt.leads_per_day - leads / days).abs() < 1e-12);
    }
    for w in points.windows(2) {
        assert!(w[1].source.cpl < w[0].source.cpl);
        assert!(w[1].cac > w[0].cac, "CAC rises as CPL falls");
        assert!(w[1].p_plan < w[0].p_plan - Z * (w[0].p_plan_se + w[1].p_plan_se) / 2.0);
    }
    // Today's source is the default month itself: the same P(plan) as a plain run, same seed.
    let plain =
        run(&base, RunConfig { trials: p.trials, seed: 1, ..RunConfig::default() }).expect("runs");
    assert_eq!(points[0].p_plan, plain.p_plan);
    let none = CplParams { sources: vec![LeadSource { cpl: 0.0, first_conversion: 0.5 }], ..p };
    assert!(cpl_trap(&base, &none, 1).is_err());
}

#[test]
fn romi_ignores_returns_and_margin_while_the_budget_is_lost() {
    let base = default_scenario();
    let p = RomiParams::default();
    let points = romi_returns(&base, &p, 2).expect("runs");
    let revenue = Model::new(&base).expected_revenue();
    let sd_revenue = run(&base, RunConfig { trials: 4_000, seed: 2, ..RunConfig::default() })
        .expect("runs")
        .revenue
        .sd;
    let se = sd_revenue / (p.trials as f64).sqrt() / p.spend;
    for pt in &points {
        let kept = revenue * (1.0 - pt.returns);
        assert!(
            (pt.romi_reported.mean - (revenue - p.spend) / p.spend).abs() < Z * se,
            "reported ROMI {}",
            pt.romi_reported.mean
        );
        assert!((pt.romi_net.mean - (kept - p.spend) / p.spend).abs() < Z * se);
        assert!(
            (pt.roi.mean - (kept * p.margin - p.spend) / p.spend).abs() < Z * se * p.margin + 1e-9
        );
        assert!((pt.break_even_margin - p.spend / kept).abs() < Z * se * p.spend / kept * 3.0);
    }
    // The post's "trick": ROMI about 200% at a 10% margin, while the campaign loses money.
    assert!(points[0].romi_reported.mean > 1.5 && points[0].p_profit < 0.01);
}

#[test]
fn coverage_is_read_off_the_same_runs_as_p_plan() {
    let rows = coverage(&COVERAGE_PRESETS, 4_000, 1).expect("runs");
    for r in &rows {
        let s = preset(&r.preset).expect("built-in").scenario().expect("valid");
        let plain =
            run(&s, RunConfig { trials: 4_000, seed: 1, ..RunConfig::default() }).expect("runs");
        assert_eq!(r.p_plan, plain.p_plan, "{}", r.preset);
        assert!((r.coverage * r.plan - r.pipeline).abs() < 1e-6 * r.pipeline);
        assert!(
            r.curve.windows(2).all(|w| w[1] >= w[0]),
            "{}: more coverage, more P(plan)",
            r.preset
        );
        let i3 = COVERAGE_GRID.iter().position(|c| *c == 3.0).expect("3× on the grid");
        assert_eq!(r.curve[i3], r.p_at_3x);
        // At the coverage it needs for 80%, the plan is the revenue's 20th percentile.
        let plan80 = r.pipeline / r.coverage_for_80;
        let share = plain_share(&s, plan80);
        assert!((share - 0.8).abs() < 0.01, "{}: {share}", r.preset);
    }
    // The rule of thumb is neither needed nor enough: the shapes need different coverages.
    let need: Vec<f64> = rows.iter().map(|r| r.coverage_for_80).collect();
    let (lo, hi) = need.iter().fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(*x), b.max(*x)));
    assert!(lo < 2.0 && hi > 3.0, "{need:?}");
}

/// P(revenue >= x) by a run of the scenario with the plan set to x.
fn plain_share(s: &Scenario, x: f64) -> f64 {
    let mut spec = s.spec().clone();
    spec.plan = x;
    let s = Scenario::new(spec).expect("valid");
    run(&s, RunConfig { trials: 4_000, seed: 1, ..RunConfig::default() }).expect("runs").p_plan
}

fn cli(line: &str) -> funnel_lab::cli::Outcome {
    let args: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
    funnel_lab::cli::main_with(&args)
}

#[test]
fn the_cli_prints_the_lab_and_the_ladder() {
    let out = cli("metrics lab --json");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("one JSON object");
    for k in ["cohort", "cpl", "romi", "coverage"] {
        assert!(v.get(k).is_some(), "no key {k}");
    }
    assert_eq!(v["coverage"].as_array().map(Vec::len), Some(COVERAGE_PRESETS.len()));
    let text = cli("metrics lab");
    assert!(text.stdout.contains("Keep 3x") && text.stdout.contains("large base"));
    let out = cli("ladder ladder --trials 500 --json");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("one JSON object");
    assert_eq!(v["ladder"]["flagship"], 4);
    assert_eq!(v["period"]["per_rung"].as_array().map(Vec::len), Some(6));
    let text = cli("ladder ladder-no-tripwire --trials 500");
    assert!(text.stdout.contains("(flagship)") && text.stdout.contains("Revenue per lead"));
    for bad in ["metrics lab --seed x", "metrics lab --trials 5", "ladder", "ladder nope.json"] {
        let out = cli(bad);
        assert_eq!(out.code, 2, "{bad}");
        assert_eq!(out.stderr.trim().lines().count(), 1, "{bad}: one line: {}", out.stderr);
    }
}
