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
    let json = r#"{"schema": 1, "horizon_days": 5, "plan": 300, "stages": [
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

/// Mean counts at the end of the checkpoint day against the exact propagation of means from
/// the steady state. MODEL.md's L_k = λ_k·d_k counts a day's arrivals as present; so at the end
/// of a day a stage with inflow holds about L_k minus that day's arrivals, and because day 1's
/// arrivals come on top of the L_k start, the stages below carry a small, decaying excess.
#[test]
fn steady_state_counts_at_checkpoint() {
    let json = four_stages(
        r#""inflow": [{"stage": 1, "per_day": 4.0}, {"stage": 3, "per_day": 0.5}],
           "initial_pipeline": "steady_state",
           "budget": {"median": 150000, "p90": 400000}"#,
    );
    let s = spec(&json);
    let r = run(&s, TRIALS, 19);
    let n = TRIALS as f64;
    let want = mean_counts_at(&s, 10);
    for (k, st) in r.stages.iter().enumerate() {
        // Deals are independent, so each stage's count is Poisson: variance = mean.
        assert_close(
            &format!("stage {k} count"),
            st.checkpoint_count,
            want[k],
            (want[k] / n).sqrt(),
        );
    }
    // The reported shape is L_k = λ_k·d_k.
    let l = stationary(&s, &stage_params(&s, false), 1.0);
    for (k, st) in r.stages.iter().enumerate() {
        assert!((st.shape_count - l[k]).abs() < 1e-9, "shape {k}: {} vs {}", st.shape_count, l[k]);
    }
    // The entry stage ends the day near L_1 − inflow_1; the exact value differs by the decayed
    // start-up excess, which after 10 days of 3-day stays is under 2% of a day's inflow.
    let entry = l[0] - 4.0;
    assert!((want[0] - entry).abs() < 0.02 * 4.0, "entry stage {} vs {entry}", want[0]);
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
