//! The five funnel shapes are calibrated to one common plan: each one's expected revenue is
//! within 0.3% of its plan, so the shapes lesson compares risk, not size.

use funnel_lab::sim::presets::SHAPES;
use funnel_lab::sim::{preset, Model};

/// How far a shape's expected revenue may sit from its plan, relatively.
const CALIBRATION: f64 = 0.003;

#[test]
fn five_shapes_expect_their_common_plan() {
    let mut plans = Vec::new();
    let mut off = Vec::new();
    for key in SHAPES {
        let scenario = preset(key).expect("preset").scenario().expect("valid");
        let expected = Model::new(&scenario).expected_revenue();
        let ratio = expected / scenario.plan();
        eprintln!("{key}: E[revenue] {expected:.0}, plan {}, ratio {ratio:.5}", scenario.plan());
        if (ratio - 1.0).abs() >= CALIBRATION {
            off.push(format!("{key}: E[revenue]/plan = {ratio}"));
        }
        plans.push(scenario.plan());
    }
    assert!(off.is_empty(), "off the plan by 0.3% or more: {off:?}");
    assert!(plans.iter().all(|&p| p == plans[0]), "one plan for all five: {plans:?}");
}

/// What the posts draw for each shape (duty 2, lines 91–104 of the seed), read off the engine's
/// individual shape: the expected recorded deal count per stage at the end of a day.
struct Profile {
    key: &'static str,
    counts: Vec<f64>,
    conversions: Vec<f64>,
    /// Stage (from 1) and deals a day of each inflow.
    inflow: Vec<(i64, f64)>,
}

fn profile(key: &'static str) -> Profile {
    let scenario = preset(key).expect("preset").scenario().expect("valid");
    let spec = scenario.spec();
    Profile {
        key,
        counts: funnel_lab::sim::model::shape_counts(&scenario),
        conversions: spec.stages.iter().map(|s| s.conversion).collect(),
        inflow: spec.inflow.iter().map(|i| (i.stage, i.per_day)).collect(),
    }
}

/// New deals a day, at every stage.
fn intake(p: &Profile) -> f64 {
    p.inflow.iter().map(|(_, d)| d).sum()
}

/// How much wider than its narrowest stage a "pipe" may be at its widest: about even.
const PIPE_EVEN: f64 = 1.5;
/// A bulge, a waist or a wide end differs from what it is set against by at least this factor.
const CLEAR: f64 = 2.0;

#[test]
fn each_shape_looks_like_its_name() {
    let [trapezoid, pipe, barrel, skirt, guitar] = SHAPES.map(profile);
    for p in [&trapezoid, &pipe, &barrel, &skirt, &guitar] {
        eprintln!(
            "{}: counts {:?}",
            p.key,
            p.counts.iter().map(|c| (c * 10.0).round() / 10.0).collect::<Vec<_>>()
        );
    }
    // Inverted trapezoid: many deals on the upper stages, narrowing at every stage.
    let c = &trapezoid.counts;
    assert!(c.windows(2).all(|w| w[0] > w[1]), "trapezoid narrows: {c:?}");
    assert!(c[0] > CLEAR * CLEAR * c[c.len() - 1], "trapezoid: a wide top: {c:?}");
    // Pipe: about even, weak intake (the fewest new leads of the five), strong closing.
    let c = &pipe.counts;
    let (lo, hi) =
        (c.iter().cloned().fold(f64::MAX, f64::min), c.iter().cloned().fold(0.0, f64::max));
    assert!(hi < PIPE_EVEN * lo, "pipe about even: {c:?}");
    for other in [&trapezoid, &barrel, &skirt, &guitar] {
        assert!(intake(&pipe) < intake(other), "pipe: fewer new deals than {}", other.key);
    }
    let k = pipe.conversions.len();
    for s in k - 3..k {
        assert!(pipe.conversions[s] >= trapezoid.conversions[s], "pipe closes at stage {}", s + 1);
    }
    // Barrel: a bulge in the middle, fed by archive deals entering there.
    let c = &barrel.counts;
    let top = (0..c.len()).max_by(|&a, &b| c[a].total_cmp(&c[b])).expect("stages");
    assert!(top > 0 && top < c.len() - 1, "barrel widest in the middle: {c:?}");
    assert!(c[top] > CLEAR * c[0] && c[top] > CLEAR * c[c.len() - 1], "barrel bulges: {c:?}");
    assert!(
        barrel.inflow.iter().any(|&(s, d)| s as usize == top + 1 && d > 0.0),
        "archive deals enter the barrel's bulge: {:?}",
        barrel.inflow
    );
    // Skirt: wider at the bottom, existing clients entering on a lower stage.
    let c = &skirt.counts;
    let half = c.len() / 2;
    let upper = c[..half].iter().sum::<f64>() / half as f64;
    let lower = c[half..].iter().sum::<f64>() / (c.len() - half) as f64;
    assert!(lower > CLEAR * upper, "skirt wider at the bottom: {c:?}");
    assert!(c[c.len() - 1] > c[0], "skirt: the hem wider than the waist: {c:?}");
    assert!(skirt.inflow.iter().any(|&(s, d)| s > 2 && d > 0.0), "existing clients enter low");
    // Guitar: one narrow middle stage, the one with the highest conversion before the last.
    let c = &guitar.counts;
    let waists: Vec<usize> =
        (1..c.len() - 1).filter(|&k| c[k] * CLEAR < c[k - 1] && c[k] * CLEAR < c[k + 1]).collect();
    assert_eq!(waists.len(), 1, "guitar: one narrow middle stage: {c:?}");
    let best = (0..k - 1)
        .max_by(|&a, &b| guitar.conversions[a].total_cmp(&guitar.conversions[b]))
        .expect("stages");
    assert_eq!(waists[0], best, "the guitar's waist is its best-converting stage");
}

/// Every preset's card as the engine computes it: its names and its end-of-day shape rounded to
/// thousandths (what `assets/scenarios/cards.json` must hold).
fn cards_by_the_engine() -> Vec<funnel_lab::content::presets::PresetCard> {
    use funnel_lab::words::text::Named;
    funnel_lab::sim::PRESETS
        .iter()
        .map(|p| {
            let scenario = p.scenario().expect("valid preset");
            let spec = funnel_lab::sim::ScenarioSpec::from_json(p.json).expect("preset file");
            funnel_lab::content::presets::PresetCard {
                key: p.key.to_owned(),
                name: spec.name().to_owned(),
                name_en: spec.name_en().map(str::to_owned),
                shape: funnel_lab::sim::model::shape_counts(&scenario)
                    .into_iter()
                    .map(|c| (c * 1000.0).round() / 1000.0)
                    .collect(),
            }
        })
        .collect()
}

/// The preset picker draws from a file written ahead (the page builds no model for it): that
/// file must be what the engine says of today's presets. `FUNNEL_LAB_BLESS=1` rewrites it.
#[test]
fn the_preset_cards_file_is_what_the_engine_computes() {
    let want = cards_by_the_engine();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/scenarios/cards.json");
    if std::env::var_os("FUNNEL_LAB_BLESS").is_some() {
        let text = serde_json::to_string_pretty(&want).expect("cards") + "\n";
        std::fs::write(path, text).expect("write cards.json");
        eprintln!("wrote {path}: build again to embed it");
        return;
    }
    let have = funnel_lab::content::presets::cards();
    assert_eq!(
        have,
        want.as_slice(),
        "assets/scenarios/cards.json is stale: FUNNEL_LAB_BLESS=1 cargo test --test presets"
    );
    assert_eq!(have.len(), funnel_lab::sim::PRESETS.len());
    assert!(have.iter().all(|c| c.shape.iter().any(|&x| x > 0.0)), "every card has a shape");
}
