//! The product ladder as the ladder post draws it: every rung an entry point, moves to any
//! higher rung. Each figure is checked against a closed form worked out here by hand from the
//! file's numbers (the DAG's reach, Σ reach × price, the mixture of paths of geometric stays), not
//! from the module's code, and the simulated month against the exact revenue per lead.

mod common;

use common::Z;
use funnel_lab::studies::ladder::{
    break_even_share, ladder, ladder_preset, period_revenue, Ladder, LadderSpec, MAX_CLIMB_DAYS,
};

/// Four rungs: a free magnet (entry 0.6), a 100 ₽ tripwire (entry 0.2), a flagship at a fixed
/// 1,000 ₽ (entry 0.1) and a log-normal VIP (median 5,000, p90 10,000; entry 0.05). Two paths
/// lead from the magnet to the flagship (straight, and through the tripwire).
const SMALL: &str = r#"{
  "schema": 1, "kind": "ladder", "name": "small", "leads_per_day": 20, "days": 15, "plan": 60000,
  "rungs": [
    {"name": "magnet", "price": 0, "entry_share": 0.6, "mean_days": 2,
     "next": [{"to": 1, "share": 0.3}, {"to": 2, "share": 0.1}]},
    {"name": "tripwire", "price": 100, "entry_share": 0.2, "mean_days": 5,
     "next": [{"to": 2, "share": 0.5}]},
    {"name": "flagship", "price": 1000, "entry_share": 0.1, "mean_days": 4,
     "next": [{"to": 3, "share": 0.2}]},
    {"name": "vip", "price": {"median": 5000, "p90": 10000}, "entry_share": 0.05, "mean_days": 1}
  ]
}"#;

fn small() -> Ladder {
    Ladder::from_json(SMALL).expect("valid")
}

fn preset(key: &str) -> Ladder {
    Ladder::new(ladder_preset(key).expect("built in")).expect("valid built-in")
}

/// The log-normal mean by hand: σ = ln 2 / 1.28155, mean = 5,000 · e^{σ²/2}.
fn vip_mean() -> f64 {
    let sigma = 2f64.ln() / 1.28155;
    5_000.0 * (sigma * sigma / 2.0).exp()
}

#[test]
fn reach_and_revenue_per_lead_match_a_hand_computation() {
    // reach: magnet 0.6; tripwire 0.2 + 0.6·0.3 = 0.38; flagship 0.1 + 0.6·0.1 + 0.38·0.5 = 0.35;
    // VIP 0.05 + 0.35·0.2 = 0.12. Revenue per lead = 0.38·100 + 0.35·1000 + 0.12·E[VIP].
    let r = ladder(&small());
    let want = [0.6, 0.38, 0.35, 0.12];
    for (rung, w) in r.rungs.iter().zip(want) {
        assert!((rung.reach - w).abs() < 1e-12, "{}: {} vs {w}", rung.name, rung.reach);
    }
    let total = 38.0 + 350.0 + 0.12 * vip_mean();
    assert!((r.revenue_per_lead - total).abs() < 1e-9, "{} vs {total}", r.revenue_per_lead);
    assert!((r.rungs[3].price - vip_mean()).abs() < 1e-9);
    assert_eq!((r.flagship, r.top), (2, 3), "the dearest rung below the top is the flagship");
}

#[test]
fn the_climb_to_the_flagship_mixes_every_path() {
    // Paths into the flagship and their shares of new leads: [2] 0.1 at day 0; [1,2] 0.2·0.5 = 0.1
    // after the tripwire's stay (5); [0,2] 0.6·0.1 = 0.06 after the magnet's (2); [0,1,2]
    // 0.6·0.3·0.5 = 0.09 after both (7). They sum to the flagship's reach, 0.35.
    let c = ladder(&small()).to_flagship;
    let paths: Vec<(Vec<usize>, f64, f64)> = vec![
        (vec![2], 0.1, 0.0),
        (vec![1, 2], 0.1, 5.0),
        (vec![0, 1, 2], 0.09, 7.0),
        (vec![0, 2], 0.06, 2.0),
    ];
    assert_eq!(c.paths.len(), 4);
    for (rungs, per_lead, days) in &paths {
        let p = c.paths.iter().find(|p| &p.rungs == rungs).expect("path listed");
        assert!((p.per_lead - per_lead).abs() < 1e-12 && (p.mean_days - days).abs() < 1e-12);
        assert!((p.share - per_lead / 0.35).abs() < 1e-12);
    }
    let mean = (0.1 * 5.0 + 0.09 * 7.0 + 0.06 * 2.0) / 0.35;
    assert!((c.mean - mean).abs() < 1e-12, "{} vs {mean}", c.mean);
    // The distribution: the same mixture, each path a sum of geometric stays (at least a day,
    // daily exit 1/d), convolved here by direct double sums.
    let n = 300;
    let stay = |d: f64| -> Vec<f64> {
        (0..n)
            .map(|j| if j == 0 { 0.0 } else { (1.0 / d) * (1.0 - 1.0 / d).powi(j as i32 - 1) })
            .collect()
    };
    let conv = |a: &[f64], b: &[f64]| -> Vec<f64> {
        let mut out = vec![0.0; n];
        for (i, x) in a.iter().enumerate() {
            for (j, y) in b.iter().enumerate().take(n - i) {
                out[i + j] += x * y;
            }
        }
        out
    };
    let mut delta = vec![0.0; n];
    delta[0] = 1.0;
    let (s0, s1) = (stay(2.0), stay(5.0));
    let mut mix = vec![0.0; n];
    for (w, part) in [(0.1, delta.clone()), (0.1, s1.clone()), (0.09, conv(&s0, &s1)), (0.06, s0)] {
        for (m, p) in mix.iter_mut().zip(part) {
            *m += w * p / 0.35;
        }
    }
    for (i, want) in mix.iter().enumerate().take(c.pmf.len()) {
        assert!((c.pmf[i] - want).abs() < 1e-12, "day {i}: {} vs {want}", c.pmf[i]);
    }
    assert!((c.pmf[0] - 0.1 / 0.35).abs() < 1e-12, "entrants at the flagship buy on day 0");
    let cdf = |k: usize| mix[..=k].iter().sum::<f64>();
    assert!(cdf(c.p50 as usize) >= 0.5 && (c.p50 == 0 || cdf(c.p50 as usize - 1) < 0.5));
    assert!(cdf(c.p90 as usize) >= 0.9 && cdf(c.p90 as usize - 1) < 0.9);
    assert!(c.beyond < 1e-9 && c.pmf.len() < MAX_CLIMB_DAYS);
}

#[test]
fn a_simulated_month_earns_the_exact_revenue_per_lead() {
    // In the steady state a month's revenue is, in expectation, leads × the lifetime revenue
    // per lead: the simulated figure lies within 4 standard errors of the exact one.
    for (name, l, trials) in [
        ("small", small(), 20_000),
        ("ladder", preset("ladder"), 6_000),
        ("ladder-no-tripwire", preset("ladder-no-tripwire"), 6_000),
    ] {
        let exact = ladder(&l);
        let p = period_revenue(&l, trials, 11);
        let (m, se) = (p.revenue_per_lead, p.revenue_per_lead_se);
        assert!(se > 0.0, "{name}");
        assert!(
            (m - exact.revenue_per_lead).abs() <= Z * se,
            "{name}: {m} ± {se} vs {}",
            exact.revenue_per_lead
        );
        let leads = l.spec().leads_per_day * f64::from(l.spec().days);
        for (i, rung) in exact.rungs.iter().enumerate() {
            let want = leads * rung.revenue_per_lead;
            let (m, se) = (p.per_rung[i], p.per_rung_se[i]);
            assert!((m - want).abs() <= Z * se + 1e-9, "{name} rung {i}: {m} ± {se} vs {want}");
        }
        let parts: f64 = p.variance_share.iter().sum();
        assert!((parts - 1.0).abs() < 1e-9, "{name}: variance parts sum to {parts}");
    }
}

#[test]
fn the_post_ladder_has_every_entry_and_the_moves_the_post_draws() {
    let spec = ladder_preset("ladder").expect("built in");
    let r = ladder(&Ladder::new(spec.clone()).expect("valid"));
    // Every rung is an entry point.
    assert!(spec.rungs.iter().all(|x| x.entry_share > 0.0));
    let name = |i: usize| spec.rungs[i].name_en.clone().unwrap_or_default();
    let moves = |from: &str, to: &str| {
        let i = (0..spec.rungs.len()).find(|&i| name(i).starts_with(from)).expect("rung");
        let j = (0..spec.rungs.len()).find(|&i| name(i).starts_with(to)).expect("rung");
        spec.rungs[i].next.iter().any(|m| m.to == j && m.share > 0.0)
    };
    // The tripwire leads into the flagship through a selling session; the mid-ticket is a bridge
    // into the flagship; VIP is reached from the flagship.
    assert!(moves("Tripwire", "Selling session") && moves("Selling session", "Flagship"));
    assert!(moves("Selling session", "Mid-ticket") && moves("Mid-ticket", "Flagship"));
    assert!(moves("Flagship", "VIP"));
    assert_eq!(name(r.flagship), "Flagship");
    // Prices inside the post's ranges: tripwire 200–5,000 ₽, flagship 30,000–500,000 ₽.
    assert!((200.0..=5_000.0).contains(&r.rungs[1].price));
    assert!((30_000.0..=500_000.0).contains(&r.rungs[r.flagship].price));
    assert_eq!(r.rungs[0].price, 0.0, "the lead magnet is free");
    // The flagship is reached by more than one path, and the single chain carries a minority.
    assert!(r.to_flagship.paths.len() >= 8);
    let chain = [0usize, 1, 2, 3, 4];
    let chain_share: f64 =
        r.to_flagship.paths.iter().filter(|p| p.rungs == chain).map(|p| p.share).sum();
    assert!(chain_share < 0.2, "{chain_share}");
}

#[test]
fn a_handful_of_vip_sales_decides_the_month() {
    let l = preset("ladder");
    let r = ladder(&l);
    let p = period_revenue(&l, 6_000, 3);
    // The top rung sells about two a month yet carries most of the revenue's variance.
    assert!(p.top_sales < 3.0, "{}", p.top_sales);
    assert!(p.variance_share[r.top] > 0.5, "{:?}", p.variance_share);
    // Without its sales the plan is almost never met; with none of them in the month, rarely.
    assert!(p.p_plan - p.p_plan_without_top > 0.3, "{} vs {}", p.p_plan, p.p_plan_without_top);
    let none = &p.by_top_sales[0];
    assert_eq!(none.sales, 0);
    assert!(none.p_plan < 0.1 && p.p_plan > 0.3, "{none:?} {}", p.p_plan);
    let rows: Vec<f64> =
        p.by_top_sales.iter().filter(|x| x.months > 0.02).map(|x| x.p_plan).collect();
    assert!(rows.windows(2).all(|w| w[1] > w[0]), "P(plan) rises with VIP sales: {rows:?}");
    let months: f64 = p.by_top_sales.iter().map(|x| x.months).sum();
    assert!((months - 1.0).abs() < 1e-9);
}

#[test]
fn the_break_even_share_makes_both_ladders_earn_alike() {
    let with = ladder_preset("ladder").expect("built in");
    let without = ladder_preset("ladder-no-tripwire").expect("built in");
    // Without the tripwire, the share of magnet users invited straight to the selling session.
    let x = break_even_share(&with, &without, 0, 1).expect("exists");
    let mut at = without.clone();
    at.rungs[0].next.retain(|m| m.to != 1);
    at.rungs[0].next.push(funnel_lab::studies::ladder::MoveSpec { to: 1, share: x });
    let (a, b) =
        (ladder(&Ladder::new(with).expect("valid")), ladder(&Ladder::new(at).expect("valid")));
    assert!((a.revenue_per_lead - b.revenue_per_lead).abs() < 1e-9);
}

/// A change to the small ladder's JSON.
type Patch = Box<dyn Fn(&mut serde_json::Value)>;

fn refused(patch: &dyn Fn(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(SMALL).expect("json");
    patch(&mut v);
    match LadderSpec::from_json(&v.to_string()).and_then(Ladder::new) {
        Ok(_) => panic!("accepted: {v}"),
        Err(e) => {
            assert!(!e.ru().is_empty());
            e.to_string()
        }
    }
}

#[test]
fn a_bad_ladder_is_refused_naming_the_field() {
    use serde_json::json;
    let cases: Vec<(&str, Patch)> = vec![
        (
            "rungs[2].next[0].share: 1.5 is outside 0..=1",
            Box::new(|v| v["rungs"][2]["next"][0]["share"] = json!(1.5)),
        ),
        (
            "rungs[0].next: shares sum to 1.1",
            Box::new(|v| v["rungs"][0]["next"][0]["share"] = json!(1.0)),
        ),
        (
            "rungs[1].next[0].to: 0 is not a higher rung",
            Box::new(|v| v["rungs"][1]["next"][0]["to"] = json!(0)),
        ),
        (
            "rungs[1].next[0].to: 9 is not a higher rung",
            Box::new(|v| v["rungs"][1]["next"][0]["to"] = json!(9)),
        ),
        (
            "rungs[3].next: the top rung",
            Box::new(|v| v["rungs"][3]["next"] = json!([{"to": 2, "share": 0.1}])),
        ),
        (
            "rungs: entry shares sum to 1.5",
            Box::new(|v| v["rungs"][0]["entry_share"] = json!(1.15)),
        ),
        (
            "rungs[0].mean_days: 0.5 is outside 1..=1000",
            Box::new(|v| v["rungs"][0]["mean_days"] = json!(0.5)),
        ),
        ("rungs[3].price.p90: 10 must be", Box::new(|v| v["rungs"][3]["price"]["p90"] = json!(10))),
        ("rungs[1].price: -5 is outside", Box::new(|v| v["rungs"][1]["price"] = json!(-5))),
        ("kind: \"scenario\" is not \"ladder\"", Box::new(|v| v["kind"] = json!("scenario"))),
        ("schema: 2 is not supported", Box::new(|v| v["schema"] = json!(2))),
        ("leads_per_day: -1 is outside", Box::new(|v| v["leads_per_day"] = json!(-1))),
        (
            "rungs[0].next[1].to: rung 1 is named twice",
            Box::new(|v| v["rungs"][0]["next"][1]["to"] = json!(1)),
        ),
        ("rungs[2].colour: unknown field", Box::new(|v| v["rungs"][2]["colour"] = json!("red"))),
    ];
    for (want, patch) in cases {
        let got = refused(&*patch);
        assert!(got.contains(want), "want «{want}», got «{got}»");
        assert_eq!(got.lines().count(), 1, "{got}");
    }
}

fn cli(line: &str) -> funnel_lab::cli::Outcome {
    let args: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
    funnel_lab::cli::main_with(&args)
}

#[test]
fn the_cli_prints_the_exact_and_the_simulated_revenue_per_lead() {
    let dir = std::env::temp_dir().join(format!("ladder-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let good = dir.join("small.json");
    std::fs::write(&good, SMALL).expect("written");
    let out = cli(&format!("ladder {} --json --trials 3000 --seed 5", good.display()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("one JSON object");
    let exact = v["ladder"]["revenue_per_lead"].as_f64().expect("exact revenue per lead");
    assert!((exact - (38.0 + 350.0 + 0.12 * vip_mean())).abs() < 1e-9);
    let reach: Vec<f64> = v["ladder"]["rungs"]
        .as_array()
        .expect("rungs")
        .iter()
        .map(|r| r["reach"].as_f64().expect("reach"))
        .collect();
    assert_eq!(reach.len(), 4);
    assert!((reach[2] - 0.35).abs() < 1e-12);
    let simulated = v["period"]["revenue_per_lead"].as_f64().expect("simulated");
    let se = v["period"]["revenue_per_lead_se"].as_f64().expect("its se");
    assert!((simulated - exact).abs() <= Z * se, "{simulated} ± {se} vs {exact}");
    for k in ["p_plan", "p_plan_without_top", "variance_share", "by_top_sales", "warmup_days"] {
        assert!(v["period"].get(k).is_some(), "period.{k}");
    }
    assert!(v["ladder"]["to_flagship"]["paths"].as_array().is_some_and(|p| p.len() == 4));
    // A bad file: one line naming the field, exit 2.
    let bad = dir.join("bad.json");
    std::fs::write(&bad, SMALL.replace("\"share\": 0.5", "\"share\": 1.5")).expect("written");
    let out = cli(&format!("ladder {} --json", bad.display()));
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("rungs[1].next[0].share"), "{}", out.stderr);
    // A scenario is not a ladder file.
    let scenario = dir.join("scenario.json");
    std::fs::write(&scenario, funnel_lab::sim::preset("default").expect("default").json)
        .expect("written");
    let out = cli(&format!("ladder {}", scenario.display()));
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}
