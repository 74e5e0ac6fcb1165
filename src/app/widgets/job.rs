//! A page's own long job on screen (the ladder, the metrics lab, the plan check): a progress
//! bar while the worker plays it step by step, a Cancel button beside it, and after a cancel a
//! line saying so, the previous results staying where they are. The page wraps its answer
//! handlers with [`JobBar::answers`], so each `Progress` of its jobs moves the bar and their
//! final answers end it.

use leptos::prelude::*;

use crate::app::i18n::{tr, Lang};
use crate::app::pool::runner::Runner;
use crate::host::protocol::Response;
use crate::words::i18n::Phrase;

/// The state of a page's jobs: `Copy`, so every handler can hold it.
#[derive(Clone, Copy)]
pub struct JobBar {
    /// Jobs of the current request: finished, and in all.
    jobs: RwSignal<(usize, usize)>,
    /// The running job's units done and in all.
    step: RwSignal<(u64, u64)>,
    cancelled: RwSignal<bool>,
}

impl Default for JobBar {
    fn default() -> Self {
        JobBar {
            jobs: RwSignal::new((0, 0)),
            step: RwSignal::new((0, 0)),
            cancelled: RwSignal::new(false),
        }
    }
}

impl JobBar {
    /// Nothing running.
    pub fn new() -> JobBar {
        JobBar::default()
    }

    /// A request of `jobs` jobs is sent: the bar starts from zero.
    pub fn start(self, jobs: usize) {
        self.cancelled.set(false);
        self.step.set((0, 0));
        self.jobs.set((0, jobs));
    }

    /// Whether jobs of the current request are still running.
    pub fn running(self) -> bool {
        self.jobs.with(|&(done, all)| done < all)
    }

    /// `on`, with each `Progress` moving the bar (and not handed on) and the final answer
    /// counted before it is.
    pub fn answers(self, on: impl Fn(Response) + 'static) -> impl Fn(Response) + 'static {
        move |response| match response {
            Response::Progress { done, total, .. } => {
                self.step.try_set((done, total));
            }
            last => {
                self.step.try_set((0, 0));
                self.jobs.try_update(|j| j.0 = (j.0 + 1).min(j.1));
                on(last);
            }
        }
    }

    /// Stops the page's jobs: the worker drops them between two steps, their answers never
    /// come, and what is on screen stays.
    pub fn cancel(self, runner: Runner) {
        runner.cancel();
        self.jobs.set((0, 0));
        self.step.set((0, 0));
        self.cancelled.set(true);
    }

    /// Share of the request done: finished jobs, and the running one's part.
    fn share(self) -> f64 {
        let (done, all) = self.jobs.get();
        let (d, t) = self.step.get();
        let part = if t > 0 { d as f64 / t as f64 } else { 0.0 };
        if all == 0 {
            0.0
        } else {
            ((done as f64 + part) / all as f64).min(1.0)
        }
    }
}

/// The bar, the Cancel button and the cancelled line of a page's jobs; `testid` names them
/// (`{testid}-progress`, `{testid}-cancel`, `{testid}-cancelled`).
#[component]
pub fn JobProgress(bar: JobBar, lang: RwSignal<Lang>, testid: &'static str) -> impl IntoView {
    let runner = expect_context::<Runner>();
    let percent = move || format!("{:.0}", bar.share() * 100.0);
    view! {
        <Show when=move || bar.running()>
            <div class="job-progress">
                <div class="progress active" role="progressbar" data-testid=format!("{testid}-progress")
                    aria-label=move || tr(lang.get(), Phrase::Running)
                    aria-valuemin="0" aria-valuemax="100" aria-valuenow=percent>
                    <div class="fill" style=move || format!("width:{}%", percent())></div>
                    <span>{move || format!("{} {}%", tr(lang.get(), Phrase::Running), percent())}</span>
                </div>
                <button type="button" class="cancel" data-testid=format!("{testid}-cancel")
                    on:click=move |_| bar.cancel(runner)>{move || tr(lang.get(), Phrase::Cancel)}</button>
            </div>
        </Show>
        <Show when=move || bar.cancelled.get()>
            <p class="notice" role="status" data-testid=format!("{testid}-cancelled")>
                {move || tr(lang.get(), Phrase::Cancelled)}" "{move || tr(lang.get(), Phrase::KeptPrevious)}
            </p>
        </Show>
    }
}
