//! A CRM log written by the engine: one month (or any number of days) of a scenario played by
//! the literal daily dynamics, written as the generic CSV (`deal_id, stage, entered_at, amount`),
//! one row per stage entry as the record shows it and a `won` / `lost` row to close. It is what
//! calibration is tested against: a funnel whose true parameters are known.
//!
//! The log starts from an empty funnel, since a CRM's history holds every deal from its
//! creation; under the moving record (`record_reverse`) a rework spell shows as a move back
//! and a move forward again, under the posts' rule it does not show.

use super::date::{Calendar, Date};
use crate::sim::events::DealEvent;
use crate::sim::model::Model;
use crate::sim::rng::TrialRng;
use crate::sim::scenario::{InitialPipeline, Scenario};
use crate::sim::trial::Trial;

/// The default first day of a simulated log: Monday 2025-01-06.
pub const DEFAULT_START: Date = Date(20_094);

/// What to simulate.
#[derive(Clone, Debug, PartialEq)]
pub struct SimLogConfig {
    /// Days of the log (1..=366), counted on `calendar`.
    pub days: u32,
    /// Seed.
    pub seed: u64,
    /// Its first day (a weekend start moves to the Monday after under working days).
    pub start: Date,
    /// How the engine's days map to dates.
    pub calendar: Calendar,
    /// A manager's name for every row, if wanted (a `manager` column is added).
    pub manager: Option<String>,
}

impl Default for SimLogConfig {
    fn default() -> Self {
        SimLogConfig {
            days: 60,
            seed: 1,
            start: DEFAULT_START,
            calendar: Calendar::Workdays,
            manager: None,
        }
    }
}

/// A simulated log.
#[derive(Clone, Debug, PartialEq)]
pub struct SimLog {
    /// The CSV text.
    pub csv: String,
    /// Deals in it.
    pub deals: u64,
    /// Data rows.
    pub rows: u64,
    /// The date of the last day (the natural as-of date).
    pub last_day: Date,
    /// Said when the scenario's initial pipeline was replaced by an empty one.
    pub note: Option<String>,
}

/// Why a log could not be written.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SimLogError {
    /// Days outside 1..=366.
    #[error("--days: {0} is outside 1..=366")]
    Days(u32),
    /// The scenario with the log's horizon is invalid.
    #[error("{0}")]
    Scenario(String),
}

/// Plays `scenario` for `config.days` days and writes its log.
pub fn simulate_log(scenario: &Scenario, config: &SimLogConfig) -> Result<SimLog, SimLogError> {
    if !(1..=366).contains(&config.days) {
        return Err(SimLogError::Days(config.days));
    }
    let mut spec = scenario.spec().clone();
    let note = (spec.initial_pipeline != InitialPipeline::Empty).then(|| {
        "the log starts from an empty funnel (a CRM's history holds deals from their creation)"
            .to_owned()
    });
    spec.initial_pipeline = InitialPipeline::Empty;
    spec.horizon_days = i64::from(config.days);
    spec.checkpoint_day = None;
    let scenario = Scenario::new(spec).map_err(|e| SimLogError::Scenario(e.to_string()))?;
    let model = Model::new(&scenario);
    let mut events: Vec<DealEvent> = Vec::new();
    let mut rng = TrialRng::for_trial(config.seed, 0);
    Trial::default().simulate_days_logged(&model, &mut rng, &mut events);

    let names: Vec<&str> = scenario.spec().stages.iter().map(|s| s.name.as_str()).collect();
    let reverse = scenario.spec().levers.record_reverse;
    let first = config.calendar.index(config.start);
    let date = |day: u32| config.calendar.date(first + i64::from(day) - 1).to_string();
    let mut budgets: Vec<f64> = Vec::new();
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["deal_id", "stage", "entered_at", "amount"];
    if config.manager.is_some() {
        header.push("manager");
    }
    out.write_record(&header).map_err(|e| SimLogError::Scenario(e.to_string()))?;
    let mut rows = 0u64;
    let mut write = |deal: u64, stage: &str, day: u32, budget: f64| {
        let id = format!("D{}", deal + 1);
        let amount = format!("{budget:.2}");
        let when = date(day);
        let mut rec = vec![id.as_str(), stage, when.as_str(), amount.as_str()];
        if let Some(m) = &config.manager {
            rec.push(m.as_str());
        }
        rows += 1;
        out.write_record(&rec)
    };
    let mut result = Ok(());
    for e in &events {
        let written = match *e {
            DealEvent::Created { deal, day, stage, budget, .. } => {
                let i = deal as usize;
                if budgets.len() <= i {
                    budgets.resize(i + 1, 0.0);
                }
                budgets[i] = budget;
                write(deal, names[stage], day, budget)
            }
            DealEvent::Advanced { deal, day, stage } => {
                write(deal, names[stage + 1], day, budgets[deal as usize])
            }
            DealEvent::Won { deal, day } => write(deal, "won", day, budgets[deal as usize]),
            DealEvent::Lost { deal, day, .. } => write(deal, "lost", day, budgets[deal as usize]),
            DealEvent::ReworkStarted { deal, day, stage } if reverse => {
                write(deal, names[stage - 1], day, budgets[deal as usize])
            }
            DealEvent::ReworkFinished { deal, day, stage } if reverse => {
                write(deal, names[stage], day, budgets[deal as usize])
            }
            DealEvent::ReworkStarted { .. } | DealEvent::ReworkFinished { .. } => Ok(()),
        };
        if let Err(e) = written {
            result = Err(e);
            break;
        }
    }
    result.map_err(|e| SimLogError::Scenario(e.to_string()))?;
    let body = out
        .into_inner()
        .map_err(|e| SimLogError::Scenario(e.to_string()))
        .and_then(|b| String::from_utf8(b).map_err(|e| SimLogError::Scenario(e.to_string())))?;
    Ok(SimLog {
        csv: body,
        deals: budgets.len() as u64,
        rows,
        last_day: config.calendar.date(first + i64::from(config.days) - 1),
        note,
    })
}
