//! The engine's Monte Carlo against MODEL.md's closed forms, within sampling error, with fixed
//! seeds. Without capacity limits and reverse moves, wins in days 1..T are exactly Poisson.

mod common;

use common::*;

const TRIALS: u64 = 40_000;

/// Checks wins (Poisson: mean = variance = mu), revenue (compound Poisson mean and variance)
/// and, for a fixed budget, P(plan) from the Poisson tail.
fn check_scenario(label: &str, json: &str, seed: u64) {
    for (i, method) in METHODS.into_iter().enumerate() {
        check_method(&format!("{label} ({method:?})"), json, seed * 10 + i as u64, method);
    }
}

fn check_method(label: &str, json: &str, seed: u64, method: funnel_lab::sim::Method) {
    let s = spec(json);
    let r = run_with(&s, TRIALS, seed, method);
    let n = TRIALS as f64;
    let law = wins_law(&s);
    let (mu, var) = (law.mean(), law.variance());

    assert_close(&format!("{label}: mean wins"), r.wins.mean, mu, (var / n).sqrt());
    // Var(s²) ≈ (κ4 + 2κ2²) / n; a Poisson's κ4 = mu bounds the Binomial parts' from above.
    let var_se = ((mu + 2.0 * var * var) / n).sqrt();
    assert_close(&format!("{label}: var wins"), r.wins.sd.powi(2), var, var_se);

    let median = s.budget.median;
    let sigma = (s.budget.p90 / median).ln() / 1.28155;
    let moment = |k: f64| median.powf(k) * (k * k * sigma * sigma / 2.0).exp();
    let (k2, k4) = (law.revenue_variance(moment(1.0), moment(2.0)), mu * moment(4.0));
    let mean_rev = mu * moment(1.0);
    assert_close(&format!("{label}: mean revenue"), r.revenue.mean, mean_rev, (k2 / n).sqrt());
    // Compound Poisson cumulants κ_r = mu·E[B^r]; Var(s²) ≈ (κ4 + 2κ2²) / n.
    let sd_se = ((k4 + 2.0 * k2 * k2) / n).sqrt();
    assert_close(&format!("{label}: var revenue"), r.revenue.sd.powi(2), k2, sd_se);

    if s.budget.p90 == median {
        let need = (s.plan / median).ceil() as u64;
        let p = law.tail(need);
        let se = (p * (1.0 - p) / n).sqrt().max(1.0 / n);
        assert_close(&format!("{label}: P(plan)"), r.p_plan, p, se);
    }
    // The engine's own closed form (a mean-flow recursion) must agree with the convolution.
    let expected = r.expected_revenue.expect("no capacity lever");
    assert!((expected - mean_rev).abs() <= 1e-9 * mean_rev, "{label}: {expected} vs {mean_rev}");
}

#[test]
fn fixed_budget_p_plan_is_the_poisson_tail() {
    let json = four_stages(
        r#""inflow": [{"stage": 1, "per_day": 4.0}], "initial_pipeline": "steady_state",
           "budget": {"median": 150000, "p90": 150000}"#,
    );
    check_scenario("fixed budget", &json, 11);
}

#[test]
fn lognormal_budget_is_compound_poisson() {
    let json = four_stages(
        r#""inflow": [{"stage": 1, "per_day": 4.0}], "initial_pipeline": "steady_state",
           "budget": {"median": 150000, "p90": 400000}"#,
    );
    check_scenario("log-normal", &json, 12);
}

#[test]
fn empty_start() {
    let json = four_stages(
        r#""inflow": [{"stage": 1, "per_day": 6.0}], "initial_pipeline": "empty",
           "budget": {"median": 100000, "p90": 100000}"#,
    );
    check_scenario("empty start", &json, 13);
}

#[test]
fn inflow_at_two_stages_and_explicit_counts() {
    let json = four_stages(
        r#""inflow": [{"stage": 1, "per_day": 4.0}, {"stage": 3, "per_day": 0.5}],
           "initial_pipeline": {"counts": [10, 6, 3, 2]},
           "budget": {"median": 150000, "p90": 150000}"#,
    );
    check_scenario("two inflows", &json, 14);
}

#[test]
fn question_lever() {
    let json = four_stages(
        r#""inflow": [{"stage": 1, "per_day": 4.0}], "initial_pipeline": "steady_state",
           "budget": {"median": 150000, "p90": 150000},
           "levers": {"open_question_share": {"forming": 0.9, "norming": 0.2}, "question_effect": 0.5}"#,
    );
    check_scenario("questions", &json, 15);
}

#[test]
fn deadline_lever() {
    let json = four_stages(
        r#""inflow": [{"stage": 1, "per_day": 4.0}], "initial_pipeline": "steady_state",
           "budget": {"median": 150000, "p90": 300000},
           "levers": {"deadline_share": 0.4, "deadline_lift": 0.3, "deadline_speedup": 0.5}"#,
    );
    check_scenario("deadlines", &json, 16);
}

#[test]
fn short_horizon_and_long_stays() {
    let json = r#"{"schema": 2, "horizon_days": 5, "plan": 300, "stages": [
        {"name": "Agreeing", "conversion": 0.8, "mean_days": 9.5},
        {"name": "Signing", "conversion": 1.0, "mean_days": 1}],
        "inflow": [{"stage": 2, "per_day": 0.7}, {"stage": 1, "per_day": 2.5}],
        "initial_pipeline": "steady_state", "budget": {"median": 100, "p90": 100}}"#;
    check_scenario("short horizon", json, 17);
}

/// The day-by-day method (used with the capacity lever) with talk time that never binds must
/// give the same closed forms as the per-deal method.
#[test]
fn day_by_day_method_agrees_when_capacity_never_binds() {
    let json = four_stages(
        r#""inflow": [{"stage": 1, "per_day": 4.0}, {"stage": 2, "per_day": 1.0}],
           "initial_pipeline": "steady_state",
           "budget": {"median": 150000, "p90": 150000},
           "levers": {"minutes_per_day": 1e12, "deadline_share": 0.3,
                      "open_question_share": {"forming": 0.8}, "question_effect": 0.4}"#,
    );
    let s = spec(&json);
    let r = run(&s, TRIALS, 18);
    assert!(r.expected_revenue.is_none(), "capacity lever: no closed form is claimed");
    let n = TRIALS as f64;
    let mu = mean_wins(&s);
    assert_close("stepped: mean wins", r.wins.mean, mu, (mu / n).sqrt());
    let need = (s.plan / s.budget.median).ceil() as u64;
    let p = poisson_tail(mu, need);
    assert_close("stepped: P(plan)", r.p_plan, p, (p * (1.0 - p) / n).sqrt());
    let want = mean_counts_at(&s, 10);
    for (k, st) in r.stages.iter().enumerate() {
        assert_close(
            "stepped: checkpoint count",
            st.checkpoint_count,
            want[k],
            (want[k] / n).sqrt(),
        );
    }
}

/// MODEL.md v2: the shape is the stationary recorded count at the end of a day, and a
/// steady-state start (deals out of and in rework drawn apart) is exactly stationary: the
/// expected count at the end of every day equals the shape, for each record policy, with
/// deadlines and with inflow into a middle stage. Checked exactly by the independent mean
/// propagation, and by the Monte Carlo at the checkpoint and the end within sampling error.
#[test]
fn steady_state_is_stationary_at_the_end_of_every_day() {
    for (i, levers) in [
        r#"{}"#,
        r#"{"deadline_share": 0.4, "deadline_speedup": 0.5}"#,
        r#"{"rework_per_day": 0.1}"#,
        r#"{"rework_per_day": 0.1, "record_reverse": true, "deadline_share": 0.3}"#,
    ]
    .into_iter()
    .enumerate()
    {
        let json = four_stages(&format!(
            r#""inflow": [{{"stage": 1, "per_day": 4.0}}, {{"stage": 3, "per_day": 0.5}}],
               "initial_pipeline": "steady_state",
               "budget": {{"median": 150000, "p90": 400000}}, "levers": {levers}"#
        ));
        let s = spec(&json);
        let shape = mean_counts_at(&s, 0);
        for day in 1..=s.horizon_days as usize {
            let m = mean_counts_at(&s, day);
            for k in 0..shape.len() {
                assert!((m[k] - shape[k]).abs() < 1e-9, "{levers}: day {day} stage {k}");
            }
        }
        let r = run(&s, TRIALS, 19 + i as u64);
        let n = TRIALS as f64;
        for (k, st) in r.stages.iter().enumerate() {
            assert!((st.shape_count - shape[k]).abs() < 1e-9, "{levers}: shape {k}");
            // Deals are independent, so each stage's count is Poisson: variance = mean.
            let se = (shape[k] / n).sqrt();
            assert_close(&format!("{levers}: checkpoint {k}"), st.checkpoint_count, shape[k], se);
            assert_close(&format!("{levers}: end {k}"), st.end_count, shape[k], se);
        }
    }
}

/// Rework folds into the stay (MODEL.md's checks): wins are still Poisson, and revenue compound
/// Poisson, for both exact methods that play rework and both record policies.
#[test]
fn rework_folds_into_the_stay() {
    for (i, record) in ["false", "true"].into_iter().enumerate() {
        let json = four_stages(&format!(
            r#""inflow": [{{"stage": 1, "per_day": 4.0}}, {{"stage": 3, "per_day": 0.5}}],
               "initial_pipeline": "steady_state",
               "budget": {{"median": 150000, "p90": 150000}},
               "levers": {{"rework_per_day": 0.12, "record_reverse": {record}}}"#
        ));
        for (j, method) in [funnel_lab::sim::Method::PerDeal, funnel_lab::sim::Method::DayByDay]
            .into_iter()
            .enumerate()
        {
            let label = format!("rework, record_reverse {record} ({method:?})");
            check_method(&label, &json, 200 + 10 * i as u64 + j as u64, method);
        }
    }
}

/// The levers of the record (policy, budget from a stage, the early estimate's spread) never
/// change the client's process: with one seed, revenue is identical to the last bit.
#[test]
fn the_record_never_changes_revenue() {
    let base = |levers: &str| {
        four_stages(&format!(
            r#""inflow": [{{"stage": 1, "per_day": 4.0}}], "initial_pipeline": "steady_state",
               "budget": {{"median": 150000, "p90": 400000}}, "levers": {levers}"#
        ))
    };
    for (a, b) in [
        (
            r#"{"rework_per_day": 0.1, "record_reverse": false}"#,
            r#"{"rework_per_day": 0.1, "record_reverse": true}"#,
        ),
        (r#"{}"#, r#"{"budget_known_from_stage": 3, "early_budget_sigma": 0.8}"#),
        (
            r#"{"rework_per_day": 0.1}"#,
            r#"{"rework_per_day": 0.1, "record_reverse": true, "budget_known_from_stage": 2, "early_budget_sigma": 0.5}"#,
        ),
    ] {
        for method in METHODS {
            let (sa, sb) = (spec(&base(a)), spec(&base(b)));
            if sa.levers.rework_per_day > 0.0 && method == funnel_lab::sim::Method::Outcomes {
                continue;
            }
            let ra = run_with(&sa, 2000, 77, method);
            let rb = run_with(&sb, 2000, 77, method);
            assert_eq!(ra.revenue, rb.revenue, "{a} vs {b} ({method:?})");
            assert_eq!((ra.p_plan, ra.wins, ra.losses), (rb.p_plan, rb.wins, rb.losses));
            assert_eq!(ra.fan, rb.fan);
        }
    }
}

/// Under the rule the recorded conversion is the true one; under the moving record the first
/// stage looks better than it is, and the last (d_K > 1) worse.
#[test]
fn recorded_conversions_follow_the_record() {
    let json = |record: &str| {
        four_stages(&format!(
            r#""inflow": [{{"stage": 1, "per_day": 4.0}}], "initial_pipeline": "steady_state",
               "budget": {{"median": 150000, "p90": 150000}},
               "levers": {{"rework_per_day": 0.1, "record_reverse": {record}}}"#
        ))
    };
    let rule = run(&spec(&json("false")), 10_000, 91);
    let moving = run(&spec(&json("true")), 10_000, 91);
    for (k, st) in rule.stages.iter().enumerate() {
        let (t, rec) = (st.conversion.expect("exits"), st.recorded_conversion.expect("moves"));
        assert_eq!(t, rec, "stage {k}: the rule records exactly what happens");
        assert_eq!(st.conversion, moving.stages[k].conversion, "same process, stage {k}");
    }
    let first = &moving.stages[0];
    assert!(first.recorded_conversion > first.conversion, "stage 1 looks better: {first:?}");
    let last = &moving.stages[3];
    assert!(last.recorded_conversion < last.conversion, "the last stage looks worse: {last:?}");
    assert!(moving.reverse_moves.mean > 0.0 && rule.reverse_moves.mean == 0.0);
}

/// The checkpoint forecast of deals in the pipeline: with no new arrivals after the start and
/// an empty horizon beyond the checkpoint for them, the forecast is unbiased.
#[test]
fn forecast_unbiased_without_later_arrivals() {
    let json = four_stages(
        r#""inflow": [], "initial_pipeline": {"counts": [30, 20, 10, 5]},
           "budget": {"median": 100000, "p90": 100000}"#,
    );
    let s = spec(&json);
    let r = run(&s, TRIALS, 20);
    let n = TRIALS as f64;
    let mu = mean_wins(&s);
    let sd = (mu * 1e10).sqrt();
    assert_close("forecast mean", r.forecast.mean, mu * 1e5, sd / n.sqrt());
    // Forecast − actual has at most the revenue's spread.
    assert_close("forecast bias", r.forecast.bias, 0.0, sd / n.sqrt());
}

/// The calls KPI (kf^dp on every stage, no capacity) and the veto of unworked contacts at a
/// marked decision stage enter the closed forms as MODEL.md composes them.
#[test]
fn calls_kpi_and_contacts_veto() {
    let json = four_stages(
        r#""inflow": [{"stage": 1, "per_day": 4.0}], "initial_pipeline": "steady_state",
           "budget": {"median": 150000, "p90": 150000},
           "levers": {"kpi": "calls", "call_kpi_factor": 0.6, "depth_penalty": 0.5,
                      "contacts_per_deal": 4, "contacts_worked": 1, "veto_per_contact": 0.15,
                      "question_effect": 0.3, "open_question_share": {"forming": 1.0}}"#,
    )
    .replacen(r#""phase": "storming"}"#, r#""phase": "storming", "decision": true}"#, 1);
    check_scenario("calls KPI and veto", &json, 21);
}

/// The record's budgets: empty before `budget_known_from_stage`, the seller's estimate
/// (true × exp(σZ), mean × exp(σ²/2)) before the decision stage, the true budget from it on.
/// Without rework the recorded stage is the stage, so with a fixed budget B each stage's mean
/// recorded budget is its mean count × B × that factor.
#[test]
fn the_record_holds_budgets_from_the_stage_it_is_told() {
    let json = four_stages(
        r#""inflow": [{"stage": 1, "per_day": 4.0}], "initial_pipeline": "steady_state",
           "budget": {"median": 100000, "p90": 100000},
           "levers": {"budget_known_from_stage": 2, "early_budget_sigma": 0.5}"#,
    );
    let s = spec(&json);
    let r = run(&s, TRIALS, 22);
    let n = TRIALS as f64;
    let sigma: f64 = 0.5;
    // Stage 1 (index 0) is before j = 2; index 1 is estimated; 2 (the default decision stage,
    // second-to-last) and 3 hold the true budget.
    let factor = [0.0, (sigma * sigma / 2.0).exp(), 1.0, 1.0];
    for (k, st) in r.stages.iter().enumerate() {
        let want = st.checkpoint_count * 1e5 * factor[k];
        if factor[k] == 1.0 || factor[k] == 0.0 {
            assert!((st.checkpoint_budget - want).abs() <= 1e-6 * want.max(1.0), "stage {k}");
            assert!((st.end_budget - st.end_count * 1e5 * factor[k]).abs() <= 1e-6 * want.max(1.0));
        } else {
            // Var of a Poisson(μ) sum of B·exp(σZ): μ·B²·exp(2σ²).
            let se = (st.checkpoint_count * 1e10 * (2.0 * sigma * sigma).exp() / n).sqrt();
            assert_close(&format!("estimated stage {k}"), st.checkpoint_budget, want, se);
        }
        let shape_budget = if k == 0 { 0.0 } else { st.shape_count * 1e5 };
        assert!((st.shape_budget - shape_budget).abs() < 1e-6, "shape budget {k}");
    }
}

/// The plan shape is the shape × plan / R*, with R* = T × (stationary wins a day) × E[budget],
/// computed here from the flow recursion of MODEL.md.
#[test]
fn the_plan_shape_is_the_shape_sized_to_the_plan() {
    let json = four_stages(
        r#""inflow": [{"stage": 1, "per_day": 4.0}, {"stage": 3, "per_day": 0.5}],
           "initial_pipeline": "steady_state", "budget": {"median": 150000, "p90": 400000},
           "levers": {"deadline_share": 0.3}"#,
    );
    let s = spec(&json);
    let r = run(&s, 200, 23);
    let sigma = (400_000.0f64 / 150_000.0).ln() / 1.28155;
    let mean_budget = 150_000.0 * (sigma * sigma / 2.0).exp();
    let mut wins_per_day = 0.0;
    for (deadline, w) in [(false, 0.7), (true, 0.3)] {
        let params = stage_params(&s, deadline);
        let mut f = 0.0;
        for (k, &(p, _)) in params.iter().enumerate() {
            let a: f64 =
                s.inflow.iter().filter(|x| x.stage as usize == k + 1).map(|x| x.per_day).sum();
            f = (a * w + f) * p;
        }
        wins_per_day += f;
    }
    let scale = s.plan / (21.0 * wins_per_day * mean_budget);
    for (k, st) in r.stages.iter().enumerate() {
        assert!(
            (st.plan_shape_count - st.shape_count * scale).abs() < 1e-9 * st.shape_count.max(1.0),
            "count {k}"
        );
        assert!(
            (st.plan_shape_budget - st.shape_budget * scale).abs()
                < 1e-6 * st.shape_budget.max(1.0),
            "budget {k}"
        );
    }
}

/// Stage prices (a product ladder): with fixed prices and budget, revenue is a sum of
/// independent compound Poisson classes (start stage × last stage passed), so its mean,
/// variance and P(plan) are exact by convolution. Both methods that play prices are checked;
/// the engine's own expected revenue must agree with the class sum.
#[test]
fn stage_prices_are_exact_by_class_convolution() {
    let json = four_stages(
        r#""inflow": [{"stage": 1, "per_day": 4.0}, {"stage": 2, "per_day": 0.5}],
           "initial_pipeline": "steady_state", "plan": 2400000,
           "budget": {"median": 100000, "p90": 100000},
           "levers": {"deadline_share": 0.3}"#,
    )
    .replacen(r#""plan": 2000000,"#, "", 1)
    .replacen(
        r#""mean_days": 3, "phase": "forming"}"#,
        r#""mean_days": 3, "phase": "forming", "price": {"median": 2000, "p90": 2000}}"#,
        1,
    )
    .replacen(
        r#""mean_days": 5, "phase": "storming"}"#,
        r#""mean_days": 5, "phase": "storming", "price": {"median": 10000, "p90": 10000}}"#,
        1,
    )
    .replacen(
        r#""mean_days": 4, "phase": "norming"}"#,
        r#""mean_days": 4, "phase": "norming", "price": {"median": 30000, "p90": 30000}}"#,
        1,
    );
    let s = spec(&json);
    assert!(s.stages[2].price.is_some() && s.plan == 2_400_000.0, "the test scenario has prices");
    let classes = price_classes(&s);
    let mean: f64 = classes.iter().map(|(mu, v)| mu * v).sum();
    let var: f64 = classes.iter().map(|(mu, v)| mu * v * v).sum();
    let k4: f64 = classes.iter().map(|(mu, v)| mu * v.powi(4)).sum();
    let p = compound_tail(&classes, s.plan, 1000.0);
    let n = TRIALS as f64;
    for (i, method) in [funnel_lab::sim::Method::PerDeal, funnel_lab::sim::Method::DayByDay]
        .into_iter()
        .enumerate()
    {
        let r = run_with(&s, TRIALS, 300 + i as u64, method);
        let label = format!("prices ({method:?})");
        assert_close(&format!("{label}: mean revenue"), r.revenue.mean, mean, (var / n).sqrt());
        let sd_se = ((k4 + 2.0 * var * var) / n).sqrt();
        assert_close(&format!("{label}: var revenue"), r.revenue.sd.powi(2), var, sd_se);
        assert_close(&format!("{label}: P(plan)"), r.p_plan, p, (p * (1.0 - p) / n).sqrt());
        let expected = r.expected_revenue.expect("no capacity lever");
        assert!((expected - mean).abs() <= 1e-9 * mean, "{label}: {expected} vs {mean}");
    }
    // The outcome tables cannot place a price on its day, so they are not offered.
    let config = funnel_lab::sim::RunConfig {
        method: funnel_lab::sim::Method::Outcomes,
        ..funnel_lab::sim::RunConfig::default()
    };
    let scenario = funnel_lab::sim::Scenario::new(s).expect("valid");
    assert!(funnel_lab::sim::Simulation::new(scenario, config).is_err());
}

/// The forecast counts the prices a deal may still earn: with no arrivals after the start, the
/// checkpoint forecast of a priced funnel is unbiased, and dropping the prices from it would
/// bias it by far more than its standard error.
#[test]
fn the_forecast_counts_prices_still_to_come() {
    let json = four_stages(
        r#""inflow": [], "initial_pipeline": {"counts": [30, 20, 10, 5]},
           "budget": {"median": 100000, "p90": 100000}"#,
    )
    .replacen(
        r#""mean_days": 5, "phase": "storming"}"#,
        r#""mean_days": 5, "phase": "storming", "price": {"median": 40000, "p90": 90000}}"#,
        1,
    );
    let s = spec(&json);
    let r = run(&s, TRIALS, 24);
    let n = TRIALS as f64;
    let se = r.revenue.sd / n.sqrt();
    assert_close("forecast bias with prices", r.forecast.bias, 0.0, se);
    // Prices are a visible share of revenue here, so a forecast without them would be biased.
    let prices = r.revenue.mean - r.wins.mean * 1e5;
    assert!(prices > 20.0 * se, "prices matter in this test: {prices} vs se {se}");
}
