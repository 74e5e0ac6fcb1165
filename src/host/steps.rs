//! The lab's, the ladder's and the plan check's jobs played step by step in the worker, like a
//! run: each step is a few tens of milliseconds of work, after which the worker answers
//! `Progress` and waits for `Continue`, so `Cancel` (or a newer request) stops the job between
//! two steps. Each study plays its trials in order into the same running sums, so the answer is
//! the one-go study's, bit for bit, whatever the steps.
//!
//! | job | a step |
//! |---|---|
//! | ladder | [`LADDER_BATCH`] simulated months |
//! | ladder lesson's arms | the same, arm after arm |
//! | LTV cohorts | one growth rate |
//! | CPL, ROMI, coverage | [`BATCH_TRIALS`] trials of one run (one source, return share or funnel), runs in order |
//! | plan check | [`BATCH_TRIALS`] trials: of the point estimates' run, then whole parameter draws |
//! | tripwire break-even | the whole (exact arithmetic, instant) |

use super::dispatch::tripwire_break_even;
use super::protocol::{JobError, LabJob, LabResult, Response, BATCH_TRIALS};
use crate::studies::calibrate::{Calibration, PlanCheckConfig, PlanCheckRun};
use crate::studies::lab::{
    coverage_study, cpl_study, romi_study, CohortStudy, CoverageRow, CplPoint, RomiPoint,
    SampledStudy, COVERAGE_PRESETS,
};
use crate::studies::ladder::{ladder, Ladder, LadderReport, PeriodPlay, PeriodRevenue};

/// Simulated months of a ladder a step: a month of the built-in ladder takes about 0.2 ms
/// natively, so a step is some 20 ms (about twice that in the browser).
pub const LADDER_BATCH: u64 = 100;

/// The ladder's arms: each file read, its exact report, and its month played in steps.
struct Arms {
    /// Arms not started yet, next last.
    waiting: Vec<Ladder>,
    /// The arm being played.
    playing: Option<(LadderReport, PeriodPlay)>,
    /// Arms finished, in order.
    done: Vec<(LadderReport, PeriodRevenue)>,
    trials: u64,
    seed: u64,
    /// One ladder (the ladder page) rather than a lesson's arms.
    single: bool,
}

impl Arms {
    fn new(files: &[String], trials: u64, seed: u64, single: bool) -> Result<Arms, String> {
        let mut waiting = files
            .iter()
            .map(|text| Ladder::from_json(text).map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        waiting.reverse();
        Ok(Arms { waiting, playing: None, done: Vec::new(), trials, seed, single })
    }

    /// Months of each arm (the study plays at least two).
    fn per_arm(&self) -> u64 {
        self.trials.max(2)
    }

    fn progress(&self) -> (u64, u64) {
        let arms =
            (self.waiting.len() + self.done.len() + usize::from(self.playing.is_some())) as u64;
        let playing = self.playing.as_ref().map_or(0, |(_, p)| p.played());
        (self.done.len() as u64 * self.per_arm() + playing, arms * self.per_arm())
    }

    fn step(&mut self) -> bool {
        if self.playing.is_none() {
            if let Some(l) = self.waiting.pop() {
                self.playing = Some((ladder(&l), PeriodPlay::new(&l, self.trials, self.seed)));
            }
        }
        if let Some((_, play)) = &mut self.playing {
            play.play(LADDER_BATCH);
            if play.played() >= play.trials() {
                if let Some((report, play)) = self.playing.take() {
                    self.done.push((report, play.finish()));
                }
            }
        }
        self.playing.is_some() || !self.waiting.is_empty()
    }

    fn result(mut self) -> LabResult {
        while self.step() {}
        if self.single && self.done.len() == 1 {
            if let Some((l, p)) = self.done.pop() {
                return LabResult::Ladder(Box::new(l), Box::new(p));
            }
        }
        LabResult::LadderArms(self.done)
    }
}

/// What a stepped job is playing.
enum Kind {
    Arms(Box<Arms>),
    Cohort(CohortStudy),
    Cpl(SampledStudy<Vec<CplPoint>>),
    Romi(SampledStudy<Vec<RomiPoint>>),
    Coverage(SampledStudy<Vec<CoverageRow>>),
    Plan(Box<PlanCheckRun>),
    /// Answered in one step.
    Ready(LabResult),
}

/// A lab, ladder or plan-check job in progress.
pub struct Steps {
    kind: Option<Kind>,
    /// Why a step failed (the job then answers `Failed`).
    failed: Option<JobError>,
}

impl Steps {
    /// Lab job `job`, nothing played yet; the error says why it cannot start.
    pub fn lab(job: &LabJob) -> Result<Steps, JobError> {
        let study = JobError::Study;
        let lab = |e: crate::studies::lab::LabError| JobError::Study(e.to_string());
        let kind = match job {
            LabJob::Ladder { ladder, trials, seed } => {
                let one = std::slice::from_ref(ladder);
                Kind::Arms(Box::new(Arms::new(one, *trials, *seed, true).map_err(study)?))
            }
            LabJob::LadderArms { ladders, trials, seed } => {
                Kind::Arms(Box::new(Arms::new(ladders, *trials, *seed, false).map_err(study)?))
            }
            LabJob::Cohort(p, seed) => Kind::Cohort(CohortStudy::new(p, *seed).map_err(lab)?),
            LabJob::Cpl(p, seed) => Kind::Cpl(cpl_study(&month()?, p, *seed).map_err(lab)?),
            LabJob::Romi(p, seed) => Kind::Romi(romi_study(&month()?, p, *seed).map_err(lab)?),
            LabJob::Coverage { trials, seed } => {
                Kind::Coverage(coverage_study(&COVERAGE_PRESETS, *trials, *seed).map_err(lab)?)
            }
            LabJob::BreakEven => Kind::Ready(LabResult::BreakEven(tripwire_break_even())),
        };
        Ok(Steps { kind: Some(kind), failed: None })
    }

    /// The plan check of a calibration, nothing played yet.
    pub fn plan(cal: &Calibration, config: &PlanCheckConfig) -> Result<Steps, JobError> {
        let run = PlanCheckRun::new(cal, config).map_err(|e| JobError::Study(e.to_string()))?;
        Ok(Steps { kind: Some(Kind::Plan(Box::new(run))), failed: None })
    }

    /// Plays the next step; false when nothing is left (or a step failed).
    pub fn step(&mut self) -> bool {
        let more = match &mut self.kind {
            Some(Kind::Arms(a)) => a.step(),
            Some(Kind::Cohort(c)) => c.step(),
            Some(Kind::Cpl(s)) => s.step(BATCH_TRIALS),
            Some(Kind::Romi(s)) => s.step(BATCH_TRIALS),
            Some(Kind::Coverage(s)) => s.step(BATCH_TRIALS),
            Some(Kind::Plan(p)) => match p.step(BATCH_TRIALS) {
                Ok(more) => more,
                Err(e) => {
                    self.failed = Some(JobError::Study(e.to_string()));
                    false
                }
            },
            Some(Kind::Ready(_)) | None => false,
        };
        more && self.failed.is_none()
    }

    /// Units played, and in all: trials (months of a ladder) or, for the cohorts, growth rates.
    pub fn progress(&self) -> (u64, u64) {
        match &self.kind {
            Some(Kind::Arms(a)) => a.progress(),
            Some(Kind::Cohort(c)) => c.progress(),
            Some(Kind::Cpl(s)) => s.progress(),
            Some(Kind::Romi(s)) => s.progress(),
            Some(Kind::Coverage(s)) => s.progress(),
            Some(Kind::Plan(p)) => p.progress(),
            Some(Kind::Ready(_)) | None => (0, 0),
        }
    }

    /// The answer once every step is played (or the first failure).
    pub fn answer(&mut self, id: u64) -> Response {
        if let Some(error) = self.failed.take() {
            return Response::Failed { id, error };
        }
        let lab = |result| Response::LabDone { id, result: Box::new(result) };
        match self.kind.take() {
            Some(Kind::Arms(a)) => lab(a.result()),
            Some(Kind::Cohort(c)) => lab(LabResult::Cohort(Box::new(c.finish()))),
            Some(Kind::Cpl(s)) => lab(LabResult::Cpl(s.finish())),
            Some(Kind::Romi(s)) => lab(LabResult::Romi(s.finish())),
            Some(Kind::Coverage(s)) => lab(LabResult::Coverage(s.finish())),
            Some(Kind::Plan(p)) => match p.finish() {
                Ok(check) => Response::PlanChecked { id, check: Box::new(check) },
                Err(e) => Response::Failed { id, error: JobError::Study(e.to_string()) },
            },
            Some(Kind::Ready(result)) => lab(result),
            None => Response::Failed { id, error: JobError::Study("answered already".into()) },
        }
    }
}

/// The default month, on which the CPL and ROMI experiments run.
fn month() -> Result<crate::sim::Scenario, JobError> {
    crate::sim::preset("default")
        .ok_or_else(|| JobError::Study("no default preset".into()))?
        .checked_scenario()
        .map_err(|e| JobError::Study(e.to_string()))
}
