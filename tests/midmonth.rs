//! The mid-month study (issue #19 item 4): P(plan | the record at the checkpoint) against a
//! closed form written here (binomial wins of the record's deals and a Poisson remainder, fixed
//! budgets), the Brier score and the reliability table against hand examples, the attribution
//! rate where it must be near 1 and where it must be chance, and the lesson's embedded numbers
//! against a fresh run.

mod common;

use common::Z;
use funnel_lab::sim::{preset, ScenarioSpec};
use funnel_lab::studies::midmonth::{
    attribution, brier, p_plan_given, reliability, study, MidMonthConfig, MidMonthStudy, Record,
};

/// Two stages; deals enter at the last one (λ a day, fixed budget `b`), T = 21, c = 10.
fn two_stages(lambda: f64, b: f64, plan: f64) -> ScenarioSpec {
    common::spec(&format!(
        r#"{{"schema": 2, "name": "two", "horizon_days": 21, "checkpoint_day": 10, "plan": {plan},
        "stages": [
          {{"name": "A", "exit_fact": "a", "conversion": 0.6, "mean_days": 3, "phase": "forming"}},
          {{"name": "B", "exit_fact": "b", "conversion": 0.7, "mean_days": 2, "phase": "norming"}}],
        "inflow": [{{"stage": 2, "per_day": {lambda}}}],
        "initial_pipeline": "empty",
        "budget": {{"median": {b}, "p90": {b}}}}}"#
    ))
}

fn binomial(n: u64, p: f64) -> Vec<f64> {
    let mut pmf = vec![0.0; n as usize + 1];
    pmf[0] = 1.0;
    for _ in 0..n {
        for w in (1..pmf.len()).rev() {
            pmf[w] = pmf[w] * (1.0 - p) + pmf[w - 1] * p;
        }
        pmf[0] *= 1.0 - p;
    }
    pmf
}

fn poisson_tail(mean: f64, need: i64) -> f64 {
    if need <= 0 {
        return 1.0;
    }
    let (mut term, mut below) = ((-mean).exp(), 0.0);
    for j in 0..need {
        below += term;
        term *= mean / (j + 1) as f64;
    }
    1.0 - below
}

/// The closed form. L = 11 days are left. A record deal in B (h = 1/2) wins by day L with
/// 0.7 · (1 − 0.5^L); one in A first stays G_A ~ Geom(1/3) days, then G_B ~ Geom(1/2) in B,
/// and wins by L with 0.6 · 0.7 · P(G_A + G_B ≤ L). An arrival on day s (created at B, may
/// leave that day) wins by L with 0.7 · (1 − 0.5^(L − s + 1)): the arrivals' wins are Poisson.
fn closed_form(lambda: f64, b: f64, plan: f64, rec: &Record) -> f64 {
    let l = 11usize;
    let geom = |h: f64, d: usize| if d == 0 { 0.0 } else { h * (1.0 - h).powi(d as i32 - 1) };
    let p_b = 0.7 * (1.0 - 0.5f64.powi(l as i32));
    let p_a = 0.6
        * 0.7
        * (2..=l)
            .map(|t| (1..t).map(|a| geom(1.0 / 3.0, a) * geom(0.5, t - a)).sum::<f64>())
            .sum::<f64>();
    let arrivals: f64 =
        (1..=l).map(|s| lambda * 0.7 * (1.0 - 0.5f64.powi((l - s + 1) as i32))).sum();
    // Each record deal is worth its stage's mean recorded budget.
    let worth =
        |k: usize| if rec.counts[k] == 0 { 0.0 } else { rec.budgets[k] / rec.counts[k] as f64 };
    let missing = plan - rec.revenue_so_far;
    let (wa, wb) = (binomial(rec.counts[0], p_a), binomial(rec.counts[1], p_b));
    let mut p = 0.0;
    for (i, pa) in wa.iter().enumerate() {
        for (j, pb) in wb.iter().enumerate() {
            let left = missing - i as f64 * worth(0) - j as f64 * worth(1);
            let need = (left / b).ceil() as i64;
            p += pa * pb * poisson_tail(arrivals, need);
        }
    }
    p
}

#[test]
fn p_plan_given_the_record_is_the_closed_forms_binomial_and_poisson_tail() {
    let (lambda, b, plan) = (0.8, 100_000.0, 1_600_000.0);
    let spec = two_stages(lambda, b, plan);
    let records = [
        // k won so far, nothing open: a pure Poisson tail.
        Record { counts: vec![0, 0], budgets: vec![0.0, 0.0], revenue_so_far: 900_000.0 },
        // open deals worth other than a new deal's budget in each stage.
        Record {
            counts: vec![4, 3],
            budgets: vec![600_000.0, 240_000.0],
            revenue_so_far: 700_000.0,
        },
        Record {
            counts: vec![2, 1],
            budgets: vec![500_000.0, 80_000.0],
            revenue_so_far: 300_000.0,
        },
    ];
    let inner = 40_000;
    for (n, rec) in records.iter().enumerate() {
        let want = closed_form(lambda, b, plan, rec);
        let got = p_plan_given(&spec, rec, inner, 7 + n as u64).expect("runs");
        let se = (want * (1.0 - want) / inner as f64).sqrt().max(1e-4);
        assert!((got - want).abs() < Z * se, "record {n}: engine {got}, closed form {want}");
        assert!(want > 0.05 && want < 0.95, "record {n} tests a tail, not a certainty: {want}");
    }
}

#[test]
fn nothing_left_to_decide_is_certain() {
    let spec = two_stages(0.8, 100_000.0, 1_600_000.0);
    let made = Record { counts: vec![0, 0], budgets: vec![0.0, 0.0], revenue_so_far: 1_600_000.0 };
    assert_eq!(p_plan_given(&spec, &made, 100, 1).expect("runs"), 1.0);
    let mut last_day = spec.clone();
    last_day.checkpoint_day = Some(21);
    let short = Record { counts: vec![5, 5], budgets: vec![1e6, 1e6], revenue_so_far: 1_500_000.0 };
    assert_eq!(p_plan_given(&last_day, &short, 100, 1).expect("runs"), 0.0);
}

#[test]
fn brier_and_reliability_match_a_hand_example() {
    let f = [0.9, 0.2, 0.6, 0.5, 0.05];
    let y = [true, false, false, true, false];
    // (0.01 + 0.04 + 0.36 + 0.25 + 0.0025) / 5 = 0.1325; base rate 0.4, reference 0.24.
    let b = brier(&f, &y);
    assert!((b.score - 0.1325).abs() < 1e-12, "{b:?}");
    assert!((b.base_rate - 0.4).abs() < 1e-12);
    assert!((b.reference - 0.24).abs() < 1e-12);
    assert!((b.skill.expect("defined") - (1.0 - 0.1325 / 0.24)).abs() < 1e-12);
    // A constant forecast at the base rate has no skill; a perfect one has skill 1.
    assert!(brier(&[0.4; 5], &y).skill.expect("defined").abs() < 1e-12);
    assert!((brier(&[1.0, 0.0, 0.0, 1.0, 0.0], &y).skill.expect("defined") - 1.0).abs() < 1e-12);
    assert_eq!(brier(&[0.3, 0.7], &[true, true]).skill, None);
    // Two bins: [0, 0.5) holds 0.2, 0.05 (none made); [0.5, 1] holds 0.9, 0.6, 0.5 (2 of 3).
    let r = reliability(&f, &y, 2);
    assert_eq!((r[0].months, r[1].months), (2, 3));
    assert_eq!(r[0].observed, Some(0.0));
    assert!((r[1].observed.expect("filled") - 2.0 / 3.0).abs() < 1e-12);
    assert!((r[1].forecast.expect("filled") - 2.0 / 3.0).abs() < 1e-12);
    assert!((r[0].forecast.expect("filled") - 0.125).abs() < 1e-12);
    assert_eq!(reliability(&[1.0], &[true], 10)[9].months, 1);
}

fn default_spec() -> ScenarioSpec {
    preset("default").expect("built-in").scenario().expect("valid").spec().clone()
}

#[test]
fn a_stage_weakened_to_almost_nothing_is_found_in_a_big_funnel() {
    // Ten times the default's leads: every stage holds tens of deals. A nearly shut exit of the
    // second-to-last checked stage empties only the last one, which must then be the shortest
    // in nearly every month; a nearly shut exit higher up empties every stage below it, and the
    // rule may then point at any of them (the faster ones drain first), but still far above
    // chance.
    let mut spec = default_spec();
    spec.inflow[0].per_day *= 10.0;
    spec.plan *= 10.0;
    let a = attribution(&spec, 0.01, 2_000, 3).expect("runs");
    let (n, rate) = a.per_stage[a.candidates - 1];
    assert!(n > 300 && rate > 0.97, "{a:?}");
    assert!(a.per_stage[0].1 > 0.9, "the first exit shut: stage 2 drains first, {a:?}");
    assert!(a.next_stage.rate > a.chance + 10.0 * Z * a.next_stage.se, "{a:?}");
    assert_eq!(a.same_stage.rate, 0.0, "a weaker exit never thins its own stage");
}

#[test]
fn with_nothing_weakened_the_rate_is_chance_within_its_error() {
    // The weakened stage is drawn independently of the month, so with factor 1 the share of
    // months pointing "right after it" is, in expectation, the share of months whose largest
    // shortfall is at stage 2..K divided by the K − 1 candidates.
    let spec = default_spec();
    let months = 6_000;
    let a = attribution(&spec, 1.0, months, 5).expect("runs");
    let c = a.candidates as f64;
    let later: f64 = a.pointed[1..].iter().sum();
    let expect = later / c;
    let se = (later * (1.0 / c) * (1.0 - 1.0 / c) / months as f64).sqrt();
    assert!(
        (a.next_stage.rate - expect).abs() < Z * se,
        "{} vs {expect} ± {se}",
        a.next_stage.rate
    );
}

#[test]
fn the_lessons_numbers_are_a_fresh_run_of_the_study() {
    let text = include_str!("../assets/studies/midmonth.json");
    let shipped: MidMonthStudy = serde_json::from_str(text).expect("parses");
    assert_eq!(shipped.config, MidMonthConfig::default());
    let fresh = study(&default_spec(), &MidMonthConfig::default()).expect("runs");
    assert_eq!(
        shipped, fresh,
        "regenerate: funnel-lab midmonth --json > assets/studies/midmonth.json"
    );
}

fn round_pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

#[test]
fn the_lesson_quotes_the_post_and_shows_the_tested_numbers_not_the_old_claim() {
    use funnel_lab::content::lessons::{lessons, Metric};
    let l = lessons().expect("parse").into_iter().find(|l| l.id == "mid-month").expect("lesson");
    // The two sentences of the post, exactly (seed file lines 108 and 110).
    let quoted = [
        (108, "Благодаря этому инструменту менеджер может достаточно точно предсказывать вероятность выполнения плана, и вовремя предпринимать усилия."),
        (110, "Кроме того индивидуальная форма воронки показывает на каком этапе нужно сосредоточиться."),
    ];
    // Where the seed is next to the repository (../shared of the main checkout or a worktree's
    // ../../shared), the quoted lines are checked against it too.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in [root.join("../shared"), root.join("../../shared")] {
        if let Ok(text) = std::fs::read_to_string(dir.join("seed/000_c9b5f321256c05d5.txt")) {
            let lines: Vec<&str> = text.lines().collect();
            for (n, sentence) in quoted {
                assert_eq!(lines[n - 1].trim(), sentence, "seed line {n}");
            }
        }
    }
    // Cited as the post's first and second claim: the app does not ship the seed file, so its
    // line numbers are not shown.
    for ((n, sentence), (ru, en)) in
        quoted.into_iter().zip([("Первое", "First"), ("Второе", "Second")])
    {
        assert!(l.claim.ru.contains(&format!("{ru}: «{sentence}»")), "line {n}");
        assert!(l.claim.en.contains(&format!("{en}: \"")), "line {n} in English");
    }
    assert!(l.metrics.contains(&Metric::MidMonthStudy), "the reveal shows the study");
    let s: MidMonthStudy =
        serde_json::from_str(include_str!("../assets/studies/midmonth.json")).expect("parses");
    let skill = s.forecast.brier.skill.expect("defined");
    let bottom = s.forecast.bins[0].observed.expect("months under 10%");
    let (a, c) = (&s.attribution, &s.control);
    // The moral's numbers are the shipped study's, rounded.
    for (what, x) in [
        ("skill", skill),
        ("under-10% bin", bottom),
        ("attribution", a.next_stage.rate),
        ("control", c.next_stage.rate),
        ("chance", a.chance),
        ("firing rate", s.forecast.check.fires),
    ] {
        let p = round_pct(x);
        assert!(l.moral.en.contains(&p) && l.moral.ru.contains(&p), "{what}: {p} not in the moral");
    }
    assert!(s.forecast.check.skill.expect("defined") < 0.01, "the moral says under 1%");
    assert!(l.moral.en.contains("under 1%") && l.moral.ru.contains("меньше 1%"));
    // What the moral concludes is what was measured: the forecast has skill far beyond its
    // error, and the attribution barely beats chance and the control.
    assert!(skill > 0.3 && skill > 10.0 * s.forecast.brier.skill_se.expect("defined"));
    assert!(a.next_stage.rate - a.chance < 0.1, "'barely holds' needs a small lift");
    assert!(s.gain.rate > Z * s.gain.se, "but a real one over the control");
    // Our numbers are on the lesson as assumptions.
    let assumptions = l.assumptions.iter().map(|t| t.en.as_str()).collect::<Vec<_>>().join(" ");
    for n in ["4,000", "500 continuations", "× 0.8", "10,000 months", "seed 19", "day 10"] {
        assert!(assumptions.contains(n), "assumption {n}");
    }
    assert_eq!(
        (
            s.config.months,
            s.config.inner,
            s.config.weaken,
            s.config.attribution_months,
            s.config.seed
        ),
        (4_000, 500, 0.8, 10_000, 19)
    );
    // The old, untested conclusion does not come back.
    for old in [
        "shows which stage is short",
        "показывает, на каком этапе не хватает",
        "lifts its precision only to",
    ] {
        assert!(!l.moral.en.contains(old) && !l.moral.ru.contains(old), "old wording: {old}");
    }
}
