//! Trials, seed, Run, Cancel and the progress bar.

use leptos::prelude::*;

use crate::app::i18n::tr;
use crate::app::pool::runner::Runner;
use crate::app::state::{AppState, RunStatus};
use crate::ui::errors::kind_text;
use crate::words::i18n::Phrase;

/// The run controls.
#[component]
pub fn RunBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let runner = expect_context::<Runner>();
    let lang = state.lang;
    let running = move || matches!(state.status.get(), RunStatus::Running { .. });
    let err = move |path: &'static str| {
        move || {
            state.error_at(path).map(|e| view! { <span class="error" data-testid="error">{kind_text(lang.get(), &e.kind)}</span> })
        }
    };
    view! {
        <div class="run-bar">
            <label class="field" class:invalid=move || state.error_at("trials").is_some()>
                <span class="label">{move || tr(lang.get(), Phrase::Trials)}</span>
                <input data-testid="trials" inputmode="numeric" prop:value=move || state.trials.get()
                    on:change=move |ev| state.trials.set(event_target_value(&ev)) />
                {err("trials")}
            </label>
            <label class="field" class:invalid=move || state.error_at("seed").is_some()>
                <span class="label">{move || tr(lang.get(), Phrase::Seed)}</span>
                <input data-testid="seed" inputmode="numeric" prop:value=move || state.seed.get()
                    on:change=move |ev| state.seed.set(event_target_value(&ev)) />
                {err("seed")}
            </label>
            <button class="run" data-testid="run" disabled=move || !state.runnable()
                on:click=move |_| runner.start()>{move || tr(lang.get(), Phrase::Run)}</button>
            <button class="cancel" data-testid="cancel" disabled=move || !running()
                on:click=move |_| runner.cancel()>{move || tr(lang.get(), Phrase::Cancel)}</button>
            <Progress />
        </div>
        {move || state.work.get().err().map(|m| view! {
            <p class="error" role="alert" data-testid="work-error">{crate::ui::errors::run_error_text(lang.get(), &m)}</p>
        })}
        {move || state.editor.failure.get().map(|m| view! {
            <p class="error" role="alert" data-testid="run-failure">{crate::ui::errors::job_error_text(lang.get(), &m)}</p>
        })}
        <Show when=move || !state.runnable()>
            <p class="notice">{move || tr(lang.get(), Phrase::Invalid)} " "
                {move || if state.editor.report.with(Option::is_some) { tr(lang.get(), Phrase::Stale) } else { "" }}</p>
        </Show>
    }
}

/// The progress bar of whatever the worker is doing.
#[component]
pub fn Progress() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let running = move || matches!(state.status.get(), RunStatus::Running { .. });
    let share = move || match state.status.get() {
        RunStatus::Running { done, total } if total > 0 => done as f64 / total as f64,
        _ => 0.0,
    };
    view! {
        <div class="progress" data-testid="progress" role="progressbar"
            aria-label=move || crate::words::page::PageWord::Progress.text(lang.get())
            aria-valuemin="0" aria-valuemax="100" aria-valuenow=move || format!("{:.0}", share() * 100.0)
            class:active=running>
            <div class="fill" style=move || format!("width:{:.1}%", share() * 100.0)></div>
            <span>{move || match state.status.get() {
                RunStatus::Running { done, total } => format!("{} {done} / {total}", tr(lang.get(), Phrase::Running)),
                RunStatus::Cancelled => tr(lang.get(), Phrase::Cancelled).to_owned(),
                RunStatus::Idle => String::new(),
            }}</span>
        </div>
    }
}
