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
