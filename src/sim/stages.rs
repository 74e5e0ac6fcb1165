//! Each stage as each kind of deal experiences it once the levers are applied: the numbers the
//! model, the outcome tables and the exact path all step with.

use super::rng::Geometric;
use super::scenario::{Kpi, Phase, Scenario, ScenarioSpec};

/// A stage as one kind of deal experiences it.
#[derive(Clone, Debug, PartialEq)]
pub struct StageParams {
    /// Conversion once the question and deadline levers are applied.
    pub conversion: f64,
    /// Mean days in stage once the deadline lever is applied.
    pub mean_days: f64,
    /// Daily exit probability h = 1 / mean_days.
    pub exit_prob: f64,
    /// Daily probability of leaving the stage either way (exit, or a reverse move).
    pub(crate) leave_prob: f64,
    /// The stay's distribution (days until it leaves), capped at T + 1.
    pub(crate) stay: Geometric,
    /// Share of leaves that are exits rather than rework starts.
    pub(crate) exit_share: f64,
    /// Daily chance of finishing rework here: 1 / d of the previous stage (0 in the first).
    pub(crate) finish_prob: f64,
    /// The rework spell's length (days until it finishes), capped at T + 1.
    pub(crate) spell: Geometric,
}

/// The question lever's multiplier for a phase: 1 + e·(2·fit − 1).
fn question_factor(scenario: &Scenario, phase: Option<Phase>) -> f64 {
    let levers = &scenario.spec().levers;
    let fit = match phase {
        Some(Phase::Forming) => levers.open_question_share.forming,
        Some(Phase::Norming) => 1.0 - levers.open_question_share.norming,
        _ => return 1.0,
    };
    1.0 + levers.question_effect * (2.0 * fit - 1.0)
}

/// The decision stage (0-based): the one marked, else the second-to-last.
pub fn decision_stage(spec: &ScenarioSpec) -> usize {
    spec.stages.iter().position(|s| s.decision).unwrap_or(spec.stages.len().saturating_sub(2))
}

/// Each stage as each kind of deal experiences it (`[no deadline, deadline]`), with the
/// question, deadline, KPI and contact levers applied (MODEL.md's order, clamped once).
pub(crate) fn stage_params(scenario: &Scenario) -> [Vec<StageParams>; 2] {
    let spec = scenario.spec();
    let levers = &spec.levers;
    let rework = levers.rework_per_day;
    let kpi = if levers.kpi == Kpi::Calls {
        libm::pow(levers.call_kpi_factor, levers.depth_penalty)
    } else {
        1.0
    };
    let decision = decision_stage(spec);
    let unworked = (levers.contacts_per_deal - levers.contacts_worked).max(0);
    let veto = libm::pow(1.0 - levers.veto_per_contact, unworked as f64);
    let cap = scenario.horizon() + 1;
    [false, true].map(|deadline| {
        let days: Vec<f64> = spec
            .stages
            .iter()
            .map(|s| {
                if deadline {
                    (s.mean_days * (1.0 - levers.deadline_speedup)).max(1.0)
                } else {
                    s.mean_days
                }
            })
            .collect();
        spec.stages
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let lift = if deadline { 1.0 + levers.deadline_lift } else { 1.0 };
                let mut p =
                    (s.conversion * question_factor(scenario, s.phase) * lift).min(1.0) * kpi;
                if i == decision {
                    p *= veto;
                }
                let d = days[i];
                let h = 1.0 / d;
                let r = if i == 0 { 0.0 } else { rework };
                let leave = h + (1.0 - h) * r;
                let finish = if i == 0 { 0.0 } else { 1.0 / days[i - 1] };
                StageParams {
                    conversion: p,
                    mean_days: d,
                    exit_prob: h,
                    leave_prob: leave,
                    stay: Geometric::new(leave, cap),
                    exit_share: h / leave,
                    finish_prob: finish,
                    spell: Geometric::new(if i == 0 { 1.0 } else { finish }, cap),
                }
            })
            .collect()
    })
}
