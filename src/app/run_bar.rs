//! Trials, seed, Run, Cancel and the progress bar.

use leptos::prelude::*;

use super::i18n::{field_message, tr};
use super::runner::Runner;
use super::state::{AppState, RunStatus};

/// The run controls.
#[component]
pub fn RunBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let runner = expect_context::<Runner>();
    let lang = state.lang;
    let running = move || matches!(state.status.get(), RunStatus::Running { .. });
    let err = move |path: &'static str| {
        move || {
            state.error_at(path).map(|m| view! { <span class="error" data-testid="error">{field_message(lang.get(), &m)}</span> })
        }
    };
    view! {
        <div class="run-bar">
            <label class="field" class:invalid=move || state.error_at("trials").is_some()>
                <span class="label">{move || tr(lang.get(), "trials")}</span>
                <input data-testid="trials" inputmode="numeric" prop:value=move || state.trials.get()
                    on:change=move |ev| state.trials.set(event_target_value(&ev)) />
                {err("trials")}
            </label>
            <label class="field" class:invalid=move || state.error_at("seed").is_some()>
                <span class="label">{move || tr(lang.get(), "seed")}</span>
                <input data-testid="seed" inputmode="numeric" prop:value=move || state.seed.get()
                    on:change=move |ev| state.seed.set(event_target_value(&ev)) />
                {err("seed")}
            </label>
            <button class="run" data-testid="run" disabled=move || !state.runnable()
                on:click=move |_| runner.start(state)>{move || tr(lang.get(), "run")}</button>
            <button class="cancel" data-testid="cancel" disabled=move || !running()
                on:click=move |_| runner.cancel(state)>{move || tr(lang.get(), "cancel")}</button>
            <Progress />
        </div>
        <Show when=move || !state.runnable()>
            <p class="notice">{move || tr(lang.get(), "invalid")} " "
                {move || if state.report.with(Option::is_some) { tr(lang.get(), "stale") } else { "" }}</p>
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
            aria-label=move || if lang.get() == super::i18n::Lang::En { "Progress" } else { "Ход расчёта" }
            aria-valuemin="0" aria-valuemax="100" aria-valuenow=move || format!("{:.0}", share() * 100.0)
            class:active=running>
            <div class="fill" style=move || format!("width:{:.1}%", share() * 100.0)></div>
            <span>{move || match state.status.get() {
                RunStatus::Running { done, total } => format!("{} {done} / {total}", tr(lang.get(), "running")),
                RunStatus::Cancelled => tr(lang.get(), "cancelled").to_owned(),
                RunStatus::Idle => String::new(),
            }}</span>
        </div>
    }
}
