//! Edits of the scenario's structure as the editor makes them: stages added, removed and
//! reordered (inflows and starting counts kept consistent), inflows, and the starting pipeline.
//! Values are not checked here: the engine's validation names whatever is out of range.

use crate::sim::scenario::{InflowSpec, InitialPipeline, StageSpec, STAGES};
use crate::sim::ScenarioSpec;
use crate::words::i18n::Lang;
use crate::words::i18n::Phrase;
use crate::words::page::PageWord;
use crate::words::phrases::fill;

/// Whether another stage may be added (a funnel has at most `STAGES.end()`).
pub fn can_add_stage(spec: &ScenarioSpec) -> bool {
    spec.stages.len() < *STAGES.end()
}

/// Whether a stage may be removed (a funnel has at least `STAGES.start()`).
pub fn can_remove_stage(spec: &ScenarioSpec) -> bool {
    spec.stages.len() > *STAGES.start()
}

/// Appends a stage named by its number in both languages, converting 80% in 3 days; given
/// starting counts get a 0 for it.
pub fn add_stage(spec: &mut ScenarioSpec) {
    let n = spec.stages.len() + 1;
    spec.stages.push(StageSpec {
        name: fill(PageWord::StageN.text(Lang::Ru), &[&n]),
        name_en: Some(fill(PageWord::StageN.text(Lang::En), &[&n])),
        exit_fact: String::new(),
        exit_fact_en: None,
        conversion: 0.8,
        mean_days: 3.0,
        phase: None,
        decision: false,
        task: None,
        task_en: None,
        price: None,
    });
    if let InitialPipeline::Counts(c) = &mut spec.initial_pipeline {
        c.push(0);
    }
}

/// Removes stage `i` (0-based); inflows past the new last stage move to it, and given
/// starting counts lose their last numbers.
pub fn remove_stage(spec: &mut ScenarioSpec, i: usize) {
    if i >= spec.stages.len() {
        return;
    }
    spec.stages.remove(i);
    let k = spec.stages.len() as i64;
    spec.inflow.iter_mut().for_each(|f| f.stage = f.stage.min(k));
    if let InitialPipeline::Counts(c) = &mut spec.initial_pipeline {
        c.truncate(k as usize);
    }
}

/// Swaps stage `i` with the one above it (nothing for the first).
pub fn move_stage_up(spec: &mut ScenarioSpec, i: usize) {
    if i > 0 && i < spec.stages.len() {
        spec.stages.swap(i - 1, i);
    }
}

/// Swaps stage `i` with the one below it (nothing for the last).
pub fn move_stage_down(spec: &mut ScenarioSpec, i: usize) {
    if i + 1 < spec.stages.len() {
        spec.stages.swap(i, i + 1);
    }
}

/// Adds an inflow of one deal a day at stage 1.
pub fn add_inflow(spec: &mut ScenarioSpec) {
    spec.inflow.push(InflowSpec { stage: 1, per_day: 1.0 });
}

/// Removes inflow `i`.
pub fn remove_inflow(spec: &mut ScenarioSpec, i: usize) {
    if i < spec.inflow.len() {
        spec.inflow.remove(i);
    }
}

/// How the pipeline starts, as the editor's select names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// No deals.
    Empty,
    /// At the funnel's steady shape.
    SteadyState,
    /// Counts given per stage.
    Counts,
    /// Deals read from a CRM (kept as they are; the select cannot make them).
    Deals,
}

impl Start {
    /// The starts the select offers to choose (deals only come from a file).
    pub const CHOOSABLE: [Start; 3] = [Start::SteadyState, Start::Empty, Start::Counts];

    /// The start of a scenario.
    pub fn of(spec: &ScenarioSpec) -> Start {
        match spec.initial_pipeline {
            InitialPipeline::Empty => Start::Empty,
            InitialPipeline::SteadyState => Start::SteadyState,
            InitialPipeline::Counts(_) => Start::Counts,
            InitialPipeline::Deals(_) => Start::Deals,
        }
    }

    /// The select's value.
    pub fn key(self) -> &'static str {
        match self {
            Start::Empty => "empty",
            Start::SteadyState => "steady_state",
            Start::Counts => "counts",
            Start::Deals => "deals",
        }
    }

    /// The select's words for it.
    pub fn phrase(self) -> Phrase {
        match self {
            Start::Empty => Phrase::Empty,
            Start::SteadyState => Phrase::SteadyState,
            Start::Counts => Phrase::Counts,
            Start::Deals => Phrase::Deals,
        }
    }

    /// The start of a select's value; anything unknown is the steady state.
    pub fn parse(key: &str) -> Start {
        match key {
            "empty" => Start::Empty,
            "counts" => Start::Counts,
            "deals" => Start::Deals,
            _ => Start::SteadyState,
        }
    }
}

/// Sets how the pipeline starts: counts start at 0 on every stage; deals keep what was read.
pub fn set_start(spec: &mut ScenarioSpec, start: Start) {
    spec.initial_pipeline = match start {
        Start::Empty => InitialPipeline::Empty,
        Start::Counts => InitialPipeline::Counts(vec![0; spec.stages.len()]),
        Start::Deals => spec.initial_pipeline.clone(),
        Start::SteadyState => InitialPipeline::SteadyState,
    };
}

/// The starting counts as the field shows them: `3, 1, 0`; empty for any other start.
pub fn counts_text(spec: &ScenarioSpec) -> String {
    match &spec.initial_pipeline {
        InitialPipeline::Counts(c) => {
            c.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        }
        _ => String::new(),
    }
}

/// Starting counts typed as numbers separated by commas, semicolons or spaces; a number is
/// rounded, and anything that is no number becomes -1, which validation then names.
pub fn parse_counts(text: &str) -> Vec<i64> {
    text.split([',', ';', ' '])
        .filter(|t| !t.is_empty())
        .map(super::fields::parse)
        .map(|x| if x.is_finite() { x.round() as i64 } else { -1 })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::MAX_STAGES;
    use crate::sim::{preset, Scenario};

    fn spec() -> ScenarioSpec {
        ScenarioSpec::from_json(preset("default").expect("preset").json).expect("parses")
    }

    fn names(s: &ScenarioSpec) -> Vec<String> {
        s.stages.iter().map(|s| s.name.clone()).collect()
    }

    #[test]
    fn added_stages_stop_at_the_engines_limit_and_stay_valid() {
        let mut s = spec();
        set_start(&mut s, Start::Counts);
        while can_add_stage(&s) {
            add_stage(&mut s);
        }
        assert_eq!(s.stages.len(), MAX_STAGES);
        assert_eq!(s.stages.last().map(|x| x.name_en.clone()), Some(Some("Stage 10".into())));
        assert_eq!(counts_text(&s).split(", ").count(), MAX_STAGES, "a count per stage");
        assert!(Scenario::new(s).is_ok());
    }

    #[test]
    fn removing_a_stage_keeps_inflows_and_counts_consistent() {
        let mut s = spec();
        let k = s.stages.len();
        s.inflow.push(InflowSpec { stage: k as i64, per_day: 2.0 });
        s.initial_pipeline = InitialPipeline::Counts((1..=k as i64).collect());
        remove_stage(&mut s, 0);
        assert_eq!(s.stages.len(), k - 1);
        assert!(s.inflow.iter().all(|f| f.stage <= (k - 1) as i64));
        assert_eq!(s.initial_pipeline, InitialPipeline::Counts((1..k as i64).collect()));
        assert!(Scenario::new(s.clone()).is_ok());
        while can_remove_stage(&s) {
            remove_stage(&mut s, 0);
        }
        assert_eq!(s.stages.len(), *STAGES.start());
        remove_stage(&mut s, 99);
        assert_eq!(s.stages.len(), *STAGES.start(), "a stage that is not there is no edit");
    }

    #[test]
    fn stages_move_within_the_funnel() {
        let mut s = spec();
        let before = names(&s);
        move_stage_up(&mut s, 0);
        move_stage_down(&mut s, before.len() - 1);
        assert_eq!(names(&s), before, "the ends do not move past themselves");
        move_stage_down(&mut s, 0);
        assert_eq!(
            (names(&s)[0].clone(), names(&s)[1].clone()),
            (before[1].clone(), before[0].clone())
        );
        move_stage_up(&mut s, 1);
        assert_eq!(names(&s), before);
    }

    #[test]
    fn inflows_are_added_and_removed() {
        let mut s = spec();
        let n = s.inflow.len();
        add_inflow(&mut s);
        assert_eq!(s.inflow.last(), Some(&InflowSpec { stage: 1, per_day: 1.0 }));
        remove_inflow(&mut s, n);
        remove_inflow(&mut s, 99);
        assert_eq!(s.inflow.len(), n);
    }

    #[test]
    fn the_start_select_round_trips() {
        let mut s = spec();
        for start in Start::CHOOSABLE {
            assert_eq!(Start::parse(start.key()), start);
            set_start(&mut s, start);
            assert_eq!(Start::of(&s), start);
        }
        assert_eq!(Start::parse("deals"), Start::Deals);
        assert_eq!(Start::parse("nonsense"), Start::SteadyState);
        set_start(&mut s, Start::Counts);
        assert_eq!(counts_text(&s), vec!["0"; s.stages.len()].join(", "));
    }

    #[test]
    fn typed_counts_are_read_and_bad_ones_are_left_to_validation() {
        assert_eq!(parse_counts("3, 1;0  2.5"), [3, 1, 0, 3]);
        assert_eq!(parse_counts("4 x"), [4, -1]);
        let mut s = spec();
        let text = format!("1, x{}", ", 2".repeat(s.stages.len() - 2));
        s.initial_pipeline = InitialPipeline::Counts(parse_counts(&text));
        let errs = Scenario::new(s).expect_err("invalid").errors();
        assert_eq!(errs[0].path, "initial_pipeline.counts[1]");
    }
}
