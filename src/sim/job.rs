//! One interface for every Monte Carlo job (a run, a comparison, a sensitivity, a team): an
//! empty summary, a batch of trials played into a summary, summaries merged, a report.
//!
//! Trial `i` of a job always uses the stream `(seed, i)` and summaries merge exactly, so any
//! split of `0..trials` into batches, played anywhere and merged in any grouping, gives the same
//! report. The worker, the command line's threads and [`Job::run_with_progress`] all drive a job
//! through this trait, so a new job is one `impl`.

use std::ops::Range;

/// What some trials of a job add up to.
pub trait Summary: Clone {
    /// Adds another summary of the same job, exactly.
    fn merge(&mut self, other: &Self);
    /// Trials summed so far.
    fn trials(&self) -> u64;
}

/// A Monte Carlo job over trials `0..trials()`.
pub trait Job {
    /// The mergeable summary of some trials.
    type Summary: Summary;
    /// What the whole job reports.
    type Report;
    /// The work of one trial, in trials of a plain run: batches are this many times smaller, so
    /// a batch takes about as long whatever the job.
    const WEIGHT: u64 = 1;

    /// Work of one trial, every scenario it plays together (see
    /// [`crate::sim::model::Model::work_per_trial`]): what the page's budget on a job counts.
    fn work_per_trial(&self) -> f64;
    /// Trials of the whole job.
    fn trials(&self) -> u64;
    /// The summary of no trials.
    fn empty(&self) -> Self::Summary;
    /// Plays trials `range` into a fresh summary.
    fn run_batch(&self, range: Range<u64>) -> Self::Summary;
    /// The report of a summary.
    fn report(&self, summary: &Self::Summary) -> Self::Report;

    /// Runs every trial.
    fn run(&self) -> Self::Report {
        self.report(&self.run_batch(0..self.trials()))
    }

    /// Runs every trial in batches of `batch`, calling `progress(done, total)` after each.
    fn run_with_progress(&self, batch: u64, mut progress: impl FnMut(u64, u64)) -> Self::Report
    where
        Self: Sized,
    {
        let total = self.trials();
        let mut summary = self.empty();
        for range in batches(total, batch) {
            summary.merge(&self.run_batch(range.clone()));
            progress(range.end, total);
        }
        self.report(&summary)
    }
}

/// Trials `0..trials` in consecutive batches of `size` (at least 1), the last possibly short.
pub fn batches(trials: u64, size: u64) -> impl Iterator<Item = Range<u64>> {
    let size = size.max(1);
    (0..trials.div_ceil(size)).map(move |b| b * size..((b + 1) * size).min(trials))
}

/// The batch size of a job of type `J` for a base size of plain trials.
pub fn batch_of<J: Job>(base: u64) -> u64 {
    (base / J::WEIGHT).max(1)
}
