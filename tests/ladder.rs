//! The product ladder read from a scenario: rungs, lifetime revenue per lead, the climb to the
//! flagship and a period's revenue by rung, each against a closed form written here from the
//! scenario's numbers (products of conversions, convolutions of geometric stays, the stationary
//! forward flow), not from the module's code.

mod common;

use common::Z;
use funnel_lab::sim::{preset, RunConfig, Scenario, ScenarioSpec};
use funnel_lab::studies::ladder::{
    break_even_conversion, flagship, ladder, period_revenue, MAX_CLIMB_DAYS,
};

fn scenario(key: &str) -> Scenario {
    preset(key).expect("built-in").scenario().expect("valid built-in")
}

/// Mean price per stage read off the JSON: the stage's `price.median` (the ladder's prices are
/// fixed), and on the last stage the log-normal budget's mean, median · exp(σ²/2) with
/// σ = ln(p90 / median) / 1.28155 (MODEL.md).
fn prices(spec: &ScenarioSpec) -> Vec<f64> {
    let k = spec.stages.len();
    (0..k)
        .map(|i| {
            if i + 1 == k {
                let sigma = (spec.budget.p90 / spec.budget.median).ln() / 1.28155;
                spec.budget.median * (sigma * sigma / 2.0).exp()
            } else {
                spec.stages[i].price.as_ref().map_or(0.0, |p| p.median)
            }
        })
        .collect()
}

#[test]
fn the_ladder_presets_are_priced_inside_the_posts_ranges() {
    // The tripwire costs 200–5,000 ₽ and the flagship 30,000–500,000 ₽ (the ladder post).
    let spec = scenario("ladder").spec().clone();
    let p = prices(&spec);
    assert!((200.0..=5_000.0).contains(&p[1]), "tripwire {}", p[1]);
    assert!((30_000.0..=500_000.0).contains(&p[3]), "flagship {}", p[3]);
    assert_eq!(p[0], 0.0, "the lead magnet is free");
    assert_eq!(flagship(&p), 3);
    let no_trip = scenario("ladder-no-tripwire").spec().clone();
    assert_eq!(no_trip.stages.len(), 4);
    assert_eq!(flagship(&prices(&no_trip)), 2);
}

#[test]
fn revenue_per_lead_is_the_sum_of_reach_times_price() {
    for key in ["ladder", "ladder-no-tripwire", "default"] {
        let s = scenario(key);
        let spec = s.spec();
        let p = prices(spec);
        let mut reach = 1.0;
        let mut total = 0.0;
        let report = ladder(&s);
        for (i, st) in spec.stages.iter().enumerate() {
            reach *= st.conversion;
            total += reach * p[i];
            let rung = &report.rungs[i];
            assert!(
                (rung.reach - reach).abs() < 1e-12,
                "{key} stage {i}: {} vs {reach}",
                rung.reach
            );
            assert!((rung.revenue_per_lead - reach * p[i]).abs() < 1e-9 * (1.0 + reach * p[i]));
        }
        assert!((report.revenue_per_lead - total).abs() < 1e-9 * total, "{key}");
    }
    // The default month's rungs earn nothing but the last: E[budget] × Π p.
    let d = ladder(&scenario("default"));
    assert!(d.rungs[..4].iter().all(|r| r.price == 0.0));
}

#[test]
fn the_climb_is_a_convolution_of_geometric_stays() {
    let s = scenario("ladder");
    let report = ladder(&s);
    let days: Vec<f64> =
        s.spec().stages[..=report.flagship].iter().map(|st| st.mean_days).collect();
    // Brute force: the pmf of a sum by direct double sums, stay by stay.
    let n = 400;
    let mut pmf = vec![0.0; n];
    pmf[0] = 1.0;
    for d in &days {
        let h = 1.0 / d;
        let stay: Vec<f64> =
            (0..n).map(|j| if j == 0 { 0.0 } else { h * (1.0 - h).powi(j as i32 - 1) }).collect();
        let mut next = vec![0.0; n];
        for (a, pa) in pmf.iter().enumerate() {
            for (b, pb) in stay.iter().enumerate().take(n - a) {
                next[a + b] += pa * pb;
            }
        }
        pmf = next;
    }
    let climb = &report.to_flagship;
    for (i, want) in pmf.iter().enumerate().take(climb.pmf.len()) {
        assert!((climb.pmf[i] - want).abs() < 1e-12, "day {i}: {} vs {want}", climb.pmf[i]);
    }
    let mean: f64 = days.iter().sum();
    assert!((climb.mean - mean).abs() < 1e-9, "mean {} vs {mean}", climb.mean);
    let cdf = |k: usize| pmf[..=k].iter().sum::<f64>();
    assert!(cdf(climb.p50 as usize) >= 0.5 && cdf(climb.p50 as usize - 1) < 0.5);
    assert!(cdf(climb.p90 as usize) >= 0.9 && cdf(climb.p90 as usize - 1) < 0.9);
    assert!(climb.beyond < 1e-9 && climb.pmf.len() < MAX_CLIMB_DAYS);
    assert!(!climb.lower_bound);
}

#[test]
fn a_period_earns_the_stationary_flow_on_each_rung() {
    // In the steady state, forward exits a day out of stage k are inflow × Π_{j<=k} p_j, so a
    // period of T days earns T × that × price on rung k in expectation.
    for key in ["ladder", "ladder-no-tripwire"] {
        let s = scenario(key);
        let spec = s.spec();
        let inflow: f64 = spec.inflow.iter().map(|f| f.per_day).sum();
        let t = spec.horizon_days as f64;
        let p = prices(spec);
        let got = period_revenue(&s, RunConfig { trials: 20_000, seed: 7, ..RunConfig::default() })
            .expect("runs");
        let mut reach = 1.0;
        for (i, st) in spec.stages.iter().enumerate() {
            reach *= st.conversion;
            let want = inflow * t * reach * p[i];
            let (m, se) = (got.per_rung[i], got.per_rung_se[i]);
            assert!((m - want).abs() <= Z * se + 1e-9, "{key} rung {i}: {m} vs {want} (se {se})");
        }
        assert!((got.leads - inflow * t).abs() < 1e-9);
    }
}

#[test]
fn at_the_break_even_conversion_both_ladders_earn_the_same_per_lead() {
    let with = scenario("ladder");
    let without = scenario("ladder-no-tripwire");
    let x = break_even_conversion(&with, &without, 1).expect("a break-even exists");
    // Hand arithmetic from the JSON: with = 0.6·0.1·(1490 + 0.3·(12000 + 0.3·(90000 + 0.2·350000)))
    // and without = 0.6·x·(12000 + 0.3·(90000 + 0.2·350000)).
    let want = 0.1 * (1490.0 + 0.3 * 60_000.0) / 60_000.0;
    assert!((x - want).abs() < 1e-12, "{x} vs {want}");
    let mut spec = without.spec().clone();
    spec.stages[1].conversion = x;
    let at = ladder(&Scenario::new(spec).expect("valid"));
    assert!((at.revenue_per_lead - ladder(&with).revenue_per_lead).abs() < 1e-9);
}
