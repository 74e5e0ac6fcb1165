//! The open lesson's reveal and who may fill it. Every reveal is a run with a number of its own,
//! and a result comes back tagged with its run: the slot takes it only while that run is the
//! open lesson's current one. Opening a lesson (or leaving it) starts afresh, so a result of a
//! lesson left mid-reveal cannot land in the next lesson's rows, whatever the timing.

use leptos::prelude::*;

use crate::host::protocol::JobError;
use crate::sim::Report;

/// ΔP(plan) and its paired SE against the baseline.
pub type Delta = (f64, f64);

/// Whose the rows are: the lesson on screen, this visit of it, and the run that may fill them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Owner {
    lesson: String,
    visit: u64,
    run: u64,
}

/// The rows of the open lesson's reveal; `Copy`, part of the page's state.
#[derive(Clone, Copy)]
pub struct LessonSlot {
    owner: StoredValue<Owner>,
    /// The last number given to a visit or a run; numbers are never given twice.
    counter: StoredValue<u64>,
    reports: RwSignal<Vec<Option<Report>>>,
    deltas: RwSignal<Vec<Option<Delta>>>,
    /// Why the current run could not play an arm, if it could not.
    failure: RwSignal<Option<JobError>>,
}

impl LessonSlot {
    /// No lesson open.
    pub fn new() -> LessonSlot {
        LessonSlot {
            owner: StoredValue::new(Owner::default()),
            counter: StoredValue::new(0),
            reports: RwSignal::new(Vec::new()),
            deltas: RwSignal::new(Vec::new()),
            failure: RwSignal::new(None),
        }
    }

    fn fresh(&self) -> u64 {
        self.counter.update_value(|c| *c += 1);
        self.counter.get_value()
    }

    fn empty(&self, arms: usize) {
        self.reports.set(vec![None; arms]);
        self.deltas.set(vec![None; arms]);
        self.failure.set(None);
    }

    /// Lesson `lesson` with `arms` arms opens with its rows empty; returns the visit, for
    /// [`LessonSlot::close`]. No run started before fills these rows.
    pub fn open(&self, lesson: &str, arms: usize) -> u64 {
        let (visit, run) = (self.fresh(), self.fresh());
        self.owner.set_value(Owner { lesson: lesson.to_owned(), visit, run });
        self.empty(arms);
        visit
    }

    /// The visit `visit` ends (its view is gone): unless another lesson opened meanwhile, the
    /// rows belong to no one and no run fills them.
    pub fn close(&self, visit: u64) {
        if self.owner.with_value(|o| o.visit == visit) {
            self.owner.set_value(Owner::default());
            self.empty(0);
        }
    }

    /// A new reveal of `lesson`: its rows emptied and the number of its run, or `None` when
    /// `lesson` is not the open one.
    pub fn begin(&self, lesson: &str, arms: usize) -> Option<u64> {
        if !self.owner.with_value(|o| o.visit != 0 && o.lesson == lesson) {
            return None;
        }
        let run = self.fresh();
        self.owner.update_value(|o| o.run = run);
        self.empty(arms);
        Some(run)
    }

    /// Whether results of run `run` still belong on screen.
    pub fn wants(&self, run: u64) -> bool {
        self.owner.with_value(|o| o.visit != 0 && o.run == run)
    }

    /// Whether `lesson` is open and every one of its arms is in.
    pub fn complete(&self, lesson: &str) -> bool {
        self.owner.with_value(|o| o.visit != 0 && o.lesson == lesson)
            && self.reports.with_untracked(|v| !v.is_empty() && v.iter().all(Option::is_some))
    }

    /// Arm `arm`'s result of run `run` (a variant's with its difference from the baseline);
    /// dropped unless the run is the open lesson's current one. Says whether it was taken.
    pub fn fill(&self, run: u64, arm: usize, report: Report, delta: Option<Delta>) -> bool {
        let fits = self.wants(run) && self.reports.with_untracked(|v| arm < v.len());
        if fits {
            if let Some(d) = delta {
                self.deltas.update(|v| v[arm] = Some(d));
            }
            self.reports.update(|v| v[arm] = Some(report));
        }
        fits
    }

    /// Run `run` could not play an arm: `message` says why (dropped unless the run is current).
    pub fn fail(&self, run: u64, error: JobError) {
        if self.wants(run) {
            self.failure.set(Some(error));
        }
    }

    /// Why the current run could not play an arm, if it could not.
    pub fn failure(&self) -> ReadSignal<Option<JobError>> {
        self.failure.read_only()
    }

    /// Each arm's result, baseline first (read only: only [`LessonSlot::fill`] writes).
    pub fn reports(&self) -> ReadSignal<Vec<Option<Report>>> {
        self.reports.read_only()
    }

    /// Each arm's ΔP(plan) ± paired SE against the baseline.
    pub fn deltas(&self) -> ReadSignal<Vec<Option<Delta>>> {
        self.deltas.read_only()
    }
}

impl Default for LessonSlot {
    fn default() -> Self {
        Self::new()
    }
}
