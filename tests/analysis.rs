//! Paired comparisons, sensitivity and teams on common random numbers.

mod common;

use common::Z;
use funnel_lab::cli::main_with;
use funnel_lab::sim::analysis::{Comparison, Sensitivity, Team};
use funnel_lab::sim::Job;
use funnel_lab::sim::{preset, RunConfig, Scenario, ScenarioSpec};

fn scenario(key: &str) -> Scenario {
    preset(key).and_then(|p| p.scenario().ok()).expect("preset")
}

fn config(trials: u64, seed: u64) -> RunConfig {
    RunConfig { trials, seed, ..RunConfig::default() }
}

#[test]
fn identical_scenarios_differ_by_exactly_zero() {
    let r = Comparison::new(scenario("default"), scenario("default"), config(3000, 4))
        .expect("ok")
        .run();
    assert_eq!(r.delta_p_plan, 0.0);
    assert_eq!(r.delta_p_plan_se_paired, 0.0);
    assert_eq!(r.delta_revenue.mean, 0.0);
    assert_eq!(r.delta_revenue.sd, 0.0);
    assert_eq!((r.delta_revenue.p10, r.delta_revenue.p90), (0.0, 0.0));
    assert!(r.delta_p_plan_se_independent > 0.0);
    assert_eq!(r.a, r.b);
}

fn with_conversion(key: &str, stage: usize, factor: f64) -> Scenario {
    let mut spec: ScenarioSpec = scenario(key).spec().clone();
    spec.stages[stage].conversion = (spec.stages[stage].conversion * factor).min(1.0);
    Scenario::new(spec).expect("valid")
}

#[test]
fn paired_error_is_much_smaller_for_correlated_scenarios() {
    let b = with_conversion("default", 1, 1.1);
    let r = Comparison::new(scenario("default"), b, config(20_000, 5)).expect("ok").run();
    assert!(r.delta_p_plan > Z * r.delta_p_plan_se_paired, "{r:?}");
    let ratio = r.delta_p_plan_se_paired / r.delta_p_plan_se_independent;
    assert!(ratio < 0.6, "paired/independent SE ratio {ratio}");
    let rev_ratio = r.delta_revenue.se_paired / r.delta_revenue.se_independent;
    assert!(rev_ratio < 0.5, "revenue SE ratio {rev_ratio}");
    // The paired mean difference equals the difference of the two runs' means.
    let diff = r.b.revenue.mean - r.a.revenue.mean;
    assert!((r.delta_revenue.mean - diff).abs() <= 1e-6 * r.a.revenue.mean);
}

#[test]
fn comparison_batches_merge_exactly() {
    let cmp =
        Comparison::new(scenario("default"), scenario("guitar"), config(4000, 6)).expect("ok");
    let whole = cmp.report(&cmp.run_batch(0..4000));
    let mut merged = cmp.empty();
    for r in [0..1000, 1000..2500, 2500..4000] {
        merged.merge(&cmp.run_batch(r));
    }
    assert_eq!(whole, cmp.report(&merged));
}

#[test]
fn raising_a_conversion_never_lowers_mean_revenue() {
    let rows = Sensitivity::new(scenario("default"), config(8000, 7)).expect("ok").run();
    let k = scenario("default").stage_count();
    assert_eq!(rows.len(), 2 * k + 1 + 1, "conversion and days per stage, one inflow, budget");
    for r in rows
        .iter()
        .filter(|r| r.parameter.ends_with(".conversion") || r.parameter.starts_with("inflow"))
    {
        let (minus, plus) = (&r.minus, &r.plus);
        assert!(plus.delta_revenue_mean > -Z * plus.delta_revenue_mean_se, "{r:?}");
        assert!(minus.delta_revenue_mean < Z * minus.delta_revenue_mean_se, "{r:?}");
        assert!(minus.delta_revenue_mean < 0.0, "a 10% cut loses revenue: {r:?}");
    }
    // Sorted, largest effect on P(plan) first.
    let size = |r: &funnel_lab::sim::analysis::SensitivityRow| {
        r.minus.delta_p_plan.abs().max(r.plus.delta_p_plan.abs())
    };
    assert!(rows.windows(2).all(|w| size(&w[0]) >= size(&w[1])));
    // A budget 10% higher raises revenue by 10% of the mean, on every trial alike.
    let budget = rows.iter().find(|r| r.parameter == "budget.median").expect("budget row");
    let base = Comparison::new(scenario("default"), scenario("default"), config(8000, 7))
        .expect("ok")
        .run();
    let want = 0.1 * base.a.revenue.mean;
    assert!((budget.plus.delta_revenue_mean - want).abs() < 1e-6 * want, "{budget:?} vs {want}");
}

#[test]
fn team_adds_up_its_members() {
    let members = vec![("A".to_owned(), scenario("pipe")), ("B".to_owned(), scenario("guitar"))];
    let team = Team::new("t".into(), 6_000_000.0, members, config(6000, 8)).expect("ok");
    let r = team.run();
    let sum: f64 = r.members.iter().map(|m| m.revenue_mean).sum();
    assert!((r.revenue.mean - sum).abs() < 1e-6 * sum);
    // Independent members: each member's P(plan) matches a solo run within sampling error.
    let solo = funnel_lab::sim::run(&scenario("pipe"), config(6000, 99)).expect("run");
    let se = (2.0 * solo.p_plan * (1.0 - solo.p_plan) / 6000.0).sqrt();
    assert!((r.members[0].p_plan - solo.p_plan).abs() < Z * se);
    // Pooling itself is checked against closed forms in `team_pools_as_the_poisson_tails_say`.
}

/// Pooling against closed forms computed apart from the engine: with fixed budgets and no
/// capacity lever each member's wins are Poisson (MODEL.md), independent of the other's, so the
/// team's wins are Poisson with the summed mean and the team's P(plan) is that Poisson's tail;
/// the mean share of members on their own plan is the mean of their own tails.
#[test]
fn team_pools_as_the_poisson_tails_say() {
    const BUDGET: f64 = 100_000.0;
    let member = |per_day: f64| {
        let json = common::four_stages(&format!(
            r#""inflow": [{{"stage": 1, "per_day": {per_day}}}], "initial_pipeline": "steady_state",
               "budget": {{"median": {BUDGET}, "p90": {BUDGET}}}"#
        ));
        let mut spec = common::spec(&json);
        // A plan a little below the expected month, as the team lesson sets it.
        let mu = common::mean_wins(&spec);
        spec.plan = (0.85 * mu).floor() * BUDGET;
        (spec, mu)
    };
    let ((a, mu_a), (b, mu_b)) = (member(3.0), member(5.0));
    let team_plan = a.plan + b.plan;
    const TRIALS: u64 = 20_000;
    let members = vec![
        ("A".to_owned(), Scenario::new(a.clone()).expect("valid")),
        ("B".to_owned(), Scenario::new(b.clone()).expect("valid")),
    ];
    let r = Team::new("t".into(), team_plan, members, config(TRIALS, 31)).expect("ok").run();
    let n = TRIALS as f64;
    let tail = |mu: f64, plan: f64| common::poisson_tail(mu, (plan / BUDGET).ceil() as u64);
    let want = tail(mu_a + mu_b, team_plan);
    let se = (want * (1.0 - want) / n).sqrt();
    common::assert_close("team P(plan)", r.p_plan, want, se);
    let (pa, pb) = (tail(mu_a, a.plan), tail(mu_b, b.plan));
    common::assert_close("member A", r.members[0].p_plan, pa, (pa * (1.0 - pa) / n).sqrt());
    common::assert_close("member B", r.members[1].p_plan, pb, (pb * (1.0 - pb) / n).sqrt());
    // Each month's share is (1_A + 1_B) / 2 with independent indicators.
    let share_se = ((pa * (1.0 - pa) + pb * (1.0 - pb)) / 4.0 / n).sqrt();
    common::assert_close("share on plan", r.share_members_on_plan, (pa + pb) / 2.0, share_se);
    // And the pooling the lesson teaches: the team beats both members here.
    assert!(want > pa.max(pb), "closed forms: team {want}, members {pa} {pb}");
}

fn cli(args: &[&str]) -> funnel_lab::cli::Outcome {
    main_with(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
}

#[test]
fn cli_analysis_json() {
    let out = cli(&["compare", "default", "pipe", "--trials", "500", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    for k in ["delta_p_plan", "delta_p_plan_se_paired", "delta_p_plan_se_independent"] {
        assert!(v[k].is_number(), "{k}");
    }
    for k in ["mean", "p10", "p50", "p90"] {
        assert!(v["delta_revenue"][k].is_number(), "delta_revenue.{k}");
    }
    let out = cli(&["sensitivity", "pipe", "--trials", "300", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let rows = v.as_array().expect("a list");
    assert!(!rows.is_empty());
    for row in rows {
        assert!(row["parameter"].is_string());
        for side in ["minus", "plus"] {
            assert!(
                row[side]["delta_p_plan"].is_number()
                    && row[side]["delta_revenue_mean"].is_number()
            );
        }
    }
    let team = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/teams/example.json");
    let out = cli(&["team", team, "--trials", "300", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert!(v["p_plan"].is_number() && v["share_members_on_plan"].is_number());
    assert_eq!(v["members"].as_array().map(Vec::len), Some(5));
    assert!(v["members"][0]["name"].is_string() && v["members"][0]["p_plan"].is_number());
    assert_eq!(cli(&["compare", "default"]).code, 2);
    assert!(cli(&["team", "/nope.json"]).stderr.contains("cannot read"));
}

/// The tornado by the exact path agrees with the paired Monte Carlo one, row by row, within the
/// Monte Carlo's paired standard error (Z of them) plus the computation bounds.
#[test]
fn the_exact_tornado_agrees_with_the_monte_carlo_one() {
    use funnel_lab::sim::analysis::{exact_sensitivity, Sensitivity};
    let base = funnel_lab::sim::preset("default").expect("built-in").scenario().expect("valid");
    let exact = exact_sensitivity(&base).expect("served");
    let mc = Sensitivity::new(base, RunConfig { trials: 4000, seed: 5, ..RunConfig::default() })
        .expect("ok")
        .run();
    assert_eq!(exact.len(), mc.len());
    assert!(exact.iter().all(|r| r.exact) && mc.iter().all(|r| !r.exact));
    for e in &exact {
        let m = mc.iter().find(|m| m.parameter == e.parameter).expect("same parameters");
        for (x, y) in [(&e.minus, &m.minus), (&e.plus, &m.plus)] {
            let allowed = common::Z * y.delta_p_plan_se + x.delta_p_plan_se;
            assert!(
                (x.delta_p_plan - y.delta_p_plan).abs() <= allowed,
                "{}: exact {} vs MC {} ± {}",
                e.parameter,
                x.delta_p_plan,
                y.delta_p_plan,
                y.delta_p_plan_se
            );
            assert!(
                (x.delta_revenue_mean - y.delta_revenue_mean).abs()
                    <= common::Z * y.delta_revenue_mean_se + 1e-6 * x.delta_revenue_mean.abs(),
                "{}: revenue",
                e.parameter
            );
        }
    }
    // The rows come largest effect first.
    let size = |r: &funnel_lab::sim::analysis::SensitivityRow| {
        r.minus.delta_p_plan.abs().max(r.plus.delta_p_plan.abs())
    };
    assert!(exact.windows(2).all(|w| size(&w[0]) >= size(&w[1])));
}

/// Every job runs on the command line's threads through one interface; its numbers never
/// depend on how many.
#[test]
fn every_job_gives_the_same_bytes_on_any_number_of_threads() {
    let team = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/teams/example.json");
    for job in [
        &["compare", "default", "pipe", "--trials", "2500"][..],
        &["sensitivity", "pipe", "--trials", "700"],
        &["team", team, "--trials", "900"],
    ] {
        let with = |threads: &str| {
            let mut args = job.to_vec();
            args.extend(["--seed", "3", "--json", "--threads", threads]);
            cli(&args)
        };
        let one = with("1");
        assert_eq!(one.code, 0, "{job:?}: {}", one.stderr);
        assert_eq!(one.stdout, with("3").stdout, "{job:?}");
    }
    // And the same bytes as one batch in the library.
    let cmp = Comparison::new(scenario("default"), scenario("pipe"), config(2500, 3)).expect("ok");
    let lib = serde_json::to_string(&cmp.run()).expect("json") + "\n";
    assert_eq!(
        cli(&["compare", "default", "pipe", "--trials", "2500", "--seed", "3", "--json"]).stdout,
        lib
    );
}

/// `run_with_progress` is the trait's, for every job: batches merged in order give the one-batch
/// report, and progress counts up to the trials.
#[test]
fn run_with_progress_drives_any_job() {
    let team = Team::new(
        "t".into(),
        5_000_000.0,
        vec![("a".into(), scenario("default")), ("b".into(), scenario("pipe"))],
        config(1700, 8),
    )
    .expect("ok");
    let mut seen = Vec::new();
    let report = team.run_with_progress(500, |done, total| seen.push((done, total)));
    assert_eq!(seen, [(500, 1700), (1000, 1700), (1500, 1700), (1700, 1700)]);
    assert_eq!(report, team.run());
    let sens = Sensitivity::new(scenario("pipe"), config(300, 2)).expect("ok");
    assert_eq!(sens.run_with_progress(64, |_, _| {}), sens.run());
}
