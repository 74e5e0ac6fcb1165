//! Says that a simulation worker died and was replaced, and what became of its job.

use leptos::prelude::*;

use crate::app::i18n::tr;
use crate::app::pool::runner::Runner;
use crate::app::state::{AppState, InterruptedJob};
use crate::words::i18n::Phrase;

/// A polite live region (always present, so screen readers hear what appears in it) holding the
/// notice until it is dismissed; a job that killed its worker twice gets a "Run again" button.
#[component]
pub fn WorkerNoticeView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let runner = expect_context::<Runner>();
    let lang = state.lang;
    view! {
        <div class="worker-notice-region" role="status" aria-live="polite" data-testid="worker-notice-region">
            {move || state.worker_notice.get().map(|n| {
                let l = lang.get();
                let what = match n.job {
                    InterruptedJob::None => "",
                    InterruptedJob::Rerun => tr(l, Phrase::WorkerRerun),
                    InterruptedJob::Waiting => tr(l, Phrase::WorkerWaiting),
                };
                let waiting = n.job == InterruptedJob::Waiting;
                view! {
                    <p class="worker-notice" data-testid="worker-notice">
                        {tr(l, Phrase::WorkerDied)} " " {what} " "
                        <small class="detail">"(" {n.detail} ")"</small> " "
                        <Show when=move || waiting>
                            <button data-testid="worker-retry" on:click=move |_| runner.retry()>
                                {move || tr(lang.get(), Phrase::RunAgain)}</button>
                        </Show>
                        <button on:click=move |_| state.worker_notice.set(None)>{tr(l, Phrase::Dismiss)}</button>
                    </p>
                }
            })}
        </div>
    }
}
