//! The scenario editor: month, stages, inflows, starting pipeline, budget, levers, run settings.

pub(crate) mod analysis;
pub(crate) mod export;
pub(crate) mod fields;
pub(crate) mod goal;
pub(crate) mod print_summary;
pub(crate) mod results;
pub(crate) mod run_bar;
pub(crate) mod stage_table;

use leptos::prelude::*;

use crate::app::editor::fields::{parse, show, NumField};
use crate::app::editor::stage_table::StageTable;
use crate::app::i18n::{phase_name, tr};
use crate::app::state::AppState;
use crate::content::concepts::Focus;
use crate::sim::scenario::{InitialPipeline, Kpi, Levers, Phase, ScenarioSpec};
use crate::ui::errors::{error_line, kind_text};
use crate::ui::fields::whole;
use crate::ui::stages::{self, Start};
use crate::words::i18n::Phrase;

/// A number field bound to `get`/`set` on the scenario.
fn num(
    state: AppState,
    label: Phrase,
    path: &str,
    testid: &'static str,
    get: impl Fn(&ScenarioSpec) -> f64 + Send + Sync + 'static,
    set: impl Fn(&mut ScenarioSpec, f64) + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <NumField label=label path=path.to_owned() testid=testid
            value=Signal::derive(move || state.spec.with(|s| get(s)))
            set=Callback::new(move |v| state.edit(|s| set(s, v))) />
    }
}

fn lever(
    state: AppState,
    label: Phrase,
    key: &str,
    get: fn(&Levers) -> f64,
    set: fn(&mut Levers, f64),
) -> impl IntoView {
    num(
        state,
        label,
        &format!("levers.{key}"),
        "",
        move |s| get(&s.levers),
        move |s, v| set(&mut s.levers, v),
    )
}

/// The KPI the manager's talks are judged by (duty 11): minutes or calls.
#[component]
fn KpiField() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let key =
        move || state.spec.with(|s| if s.levers.kpi == Kpi::Calls { "calls" } else { "minutes" });
    view! {
        <label class="field"><span class="label">{move || tr(lang.get(), Phrase::Kpi)}</span>
            <select data-testid="kpi" data-path="levers.kpi" prop:value=key on:change=move |ev| {
                let kpi = if event_target_value(&ev) == "calls" { Kpi::Calls } else { Kpi::Minutes };
                state.edit(|s| s.levers.kpi = kpi);
            }>
                <option value="minutes">{move || tr(lang.get(), Phrase::KpiMinutes)}</option>
                <option value="calls">{move || tr(lang.get(), Phrase::KpiCalls)}</option>
            </select>
        </label>
    }
}

#[component]
fn Inflows() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let count = move || state.spec.with(|s| s.inflow.len());
    let stages = move || state.spec.with(|s| s.stages.len());
    let row = move |i: usize| {
        let f = move || state.spec.with(|s| s.inflow.get(i).cloned());
        view! {
            <div class="inflow-row">
                <label class="field"><span class="label">{move || tr(lang.get(), Phrase::AtStage)}</span>
                    <select prop:value=move || f().map_or(1, |f| f.stage).to_string()
                        on:change=move |ev| { let v: i64 = event_target_value(&ev).parse().unwrap_or(1); state.edit(|s| s.inflow[i].stage = v) }>
                        {move || (1..=stages()).map(|k| view! { <option value=k.to_string()>{k}</option> }).collect_view()}
                    </select>
                </label>
                <NumField label=Phrase::PerDay path=format!("inflow[{i}].per_day")
                    value=Signal::derive(move || f().map_or(f64::NAN, |f| f.per_day))
                    set=Callback::new(move |v| state.edit(|s| s.inflow[i].per_day = v)) />
                <button title=move || tr(lang.get(), Phrase::Remove) aria-label=move || format!("{} {}", tr(lang.get(), Phrase::Remove), tr(lang.get(), Phrase::Inflow)) on:click=move |_| state.edit(|s| stages::remove_inflow(s, i))>"✕"</button>
            </div>
        }
    };
    view! {
        <fieldset>
            <legend>{move || tr(lang.get(), Phrase::Inflow)}</legend>
            <For each=move || 0..count() key=|i| *i children=row />
            <button class="add" on:click=move |_| state.edit(stages::add_inflow)>
                {move || tr(lang.get(), Phrase::AddInflow)}</button>
        </fieldset>
    }
}

#[component]
fn Initial() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let kind = move || state.spec.with(Start::of);
    let counts_text = move || state.spec.with(stages::counts_text);
    let counts_error = Memo::new(move |_| {
        state.validated.with(|v| match v {
            Err(errs) => errs.iter().find(|e| e.path.starts_with("initial_pipeline")).cloned(),
            Ok(_) => None,
        })
    });
    view! {
        <fieldset>
            <legend>{move || tr(lang.get(), Phrase::Initial)}</legend>
            <select aria-label=move || tr(lang.get(), Phrase::Initial) prop:value=move || kind().key() on:change=move |ev| {
                let start = Start::parse(&event_target_value(&ev));
                state.edit(|s| stages::set_start(s, start))
            }>
                {move || (kind() == Start::Deals).then(|| view! { <option value="deals">{move || tr(lang.get(), Start::Deals.phrase())}</option> })}
                {Start::CHOOSABLE.into_iter().map(|k| view! { <option value=k.key()>{move || tr(lang.get(), k.phrase())}</option> }).collect_view()}
            </select>
            <Show when=move || kind() == Start::Counts>
                <input class="counts" aria-label=move || format!("{}: {}", tr(lang.get(), Phrase::Initial), tr(lang.get(), Phrase::Counts)) prop:value=counts_text on:change=move |ev| {
                    let v = stages::parse_counts(&event_target_value(&ev));
                    state.edit(|s| s.initial_pipeline = InitialPipeline::Counts(v));
                } />
            </Show>
            {move || counts_error.get().map(|e| view! { <span class="error" data-testid="error">{error_line(lang.get(), &e)}</span> })}
        </fieldset>
    }
}

/// Everything the user can change about the scenario and the run. The levers' twenty fields sit
/// in a folded section below the first screen; `levers` says when they mount (a browser task
/// after the rest of the editor, docs/load.md), so the page's first task does not build them.
#[component]
pub fn ScenarioEditor(levers: Signal<bool>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let minutes_text =
        move || state.spec.with(|s| s.levers.minutes_per_day.map(show).unwrap_or_default());
    let minutes_error = Memo::new(move |_| state.error_at("levers.minutes_per_day"));
    // A concepts link `#/?lever=<field>` or `#/?rule=<key>` opens what it names: the lever's
    // field (its section unfolded), or the rule's advice where it fires and else the funnel's
    // advice list; scrolled to and highlighted.
    Effect::new(move |_| {
        state.route.track();
        // A lever's field exists once the levers have mounted: look again then.
        levers.track();
        let Some(focus) = window().location().hash().ok().and_then(|h| Focus::parse(&h)) else {
            return;
        };
        request_animation_frame(move || {
            let doc = document();
            let found = doc.query_selector(&focus.selector()).ok().flatten().or_else(|| {
                matches!(focus, Focus::Rule(_))
                    .then(|| doc.query_selector("[data-testid=funnel-advice]").ok().flatten())
                    .flatten()
            });
            let Some(el) = found else { return };
            if let Ok(Some(d)) = el.closest("details") {
                let _ = d.set_attribute("open", "");
            }
            let target = el.closest("label").ok().flatten().unwrap_or(el);
            let _ = target.set_attribute("data-focused", "true");
            target.scroll_into_view_with_bool(false);
        });
    });
    view! {
        <section class="editor">
            <fieldset class="month">
                <legend>{move || tr(lang.get(), Phrase::Month)}</legend>
                {num(state, Phrase::Plan, "plan", "plan", |s| s.plan, |s, v| s.plan = v)}
                {num(state, Phrase::Horizon, "horizon_days", "horizon", |s| s.horizon_days as f64, |s, v| s.horizon_days = if v.is_finite() { v.round() as i64 } else { 0 })}
                {num(state, Phrase::Checkpoint, "checkpoint_day", "checkpoint", |s| s.resolved_checkpoint() as f64, |s, v| s.checkpoint_day = Some(if v.is_finite() { v.round() as i64 } else { 0 }))}
            </fieldset>
            <StageTable />
            <Inflows />
            <Initial />
            <fieldset>
                <legend>{move || tr(lang.get(), Phrase::Budget)}</legend>
                {num(state, Phrase::Median, "budget.median", "budget-median", |s| s.budget.median, |s, v| s.budget.median = v)}
                {num(state, Phrase::P90, "budget.p90", "budget-p90", |s| s.budget.p90, |s, v| s.budget.p90 = v)}
            </fieldset>
            <details class="levers">
                <summary>{move || tr(lang.get(), Phrase::Levers)}</summary>
                <Show when=move || levers.get()>
                <div class="grid">
                    {lever(state, Phrase::QuestionEffect, "question_effect", |l| l.question_effect, |l, v| l.question_effect = v)}
                    {Phase::ALL.into_iter().map(|p| view! {
                        <NumField label=Phrase::OpenShare path=format!("levers.open_question_share.{}", p.key()) scale=100.0
                            value=Signal::derive(move || state.spec.with(|s| s.levers.open_question_share.get(p)))
                            set=Callback::new(move |v| state.edit(|s| s.levers.open_question_share.set(p, v))) />
                        <span class="phase-tag">{move || phase_name(lang.get(), p)}</span>
                    }).collect_view()}
                    {lever(state, Phrase::Rework, "rework_per_day", |l| l.rework_per_day, |l, v| l.rework_per_day = v)}
                    <label class="field check"><input type="checkbox" data-testid="record-reverse" data-path="levers.record_reverse"
                        prop:checked=move || state.spec.with(|s| s.levers.record_reverse)
                        on:change=move |ev| { let on = event_target_checked(&ev); state.edit(|s| s.levers.record_reverse = on) } />
                        <span class="label">{move || tr(lang.get(), Phrase::RecordReverse)}</span></label>
                    {lever(state, Phrase::DeadlineShare, "deadline_share", |l| l.deadline_share, |l, v| l.deadline_share = v)}
                    {lever(state, Phrase::DeadlineLift, "deadline_lift", |l| l.deadline_lift, |l, v| l.deadline_lift = v)}
                    {lever(state, Phrase::DeadlineSpeedup, "deadline_speedup", |l| l.deadline_speedup, |l, v| l.deadline_speedup = v)}
                    <label class="field" class:invalid=move || minutes_error.get().is_some()>
                        <span class="label">{move || tr(lang.get(), Phrase::MinutesPerDay)}</span>
                        <input type="text" inputmode="decimal" data-testid="minutes-per-day" prop:value=minutes_text on:change=move |ev| {
                            let t = event_target_value(&ev);
                            let v = if t.trim().is_empty() { None } else { Some(parse(&t)) };
                            state.edit(|s| s.levers.minutes_per_day = v);
                        } />
                        {move || minutes_error.get().map(|e| view! { <span class="error" data-testid="error">{kind_text(lang.get(), &e.kind)}</span> })}
                    </label>
                    {lever(state, Phrase::MinutesPerDeal, "minutes_per_deal", |l| l.minutes_per_deal, |l, v| l.minutes_per_deal = v)}
                    {lever(state, Phrase::DepthPenalty, "depth_penalty", |l| l.depth_penalty, |l, v| l.depth_penalty = v)}
                    <KpiField />
                    {lever(state, Phrase::CallKpiFactor, "call_kpi_factor", |l| l.call_kpi_factor, |l, v| l.call_kpi_factor = v)}
                    {lever(state, Phrase::ContactsPerDeal, "contacts_per_deal", |l| l.contacts_per_deal as f64, |l, v| l.contacts_per_deal = whole(v))}
                    {lever(state, Phrase::ContactsWorked, "contacts_worked", |l| l.contacts_worked as f64, |l, v| l.contacts_worked = whole(v))}
                    {lever(state, Phrase::VetoPerContact, "veto_per_contact", |l| l.veto_per_contact, |l, v| l.veto_per_contact = v)}
                    {lever(state, Phrase::BudgetKnownFromStage, "budget_known_from_stage", |l| l.budget_known_from_stage as f64, |l, v| l.budget_known_from_stage = whole(v))}
                    {lever(state, Phrase::EarlyBudgetSigma, "early_budget_sigma", |l| l.early_budget_sigma, |l, v| l.early_budget_sigma = v)}
                </div>
                </Show>
            </details>
        </section>
    }
}
