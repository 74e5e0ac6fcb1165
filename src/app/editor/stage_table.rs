//! The stage table: 2–10 stages, each a process with its exit fact, planned task, conversion,
//! days and phase, and the linter's advice beside them.

use leptos::prelude::*;

use crate::app::editor::fields::NumField;
use crate::app::i18n::{phase_name, tr};
use crate::app::state::AppState;
use crate::lint::Advice;
use crate::sim::scenario::{Phase, StageSpec};
use crate::ui::stages;
use crate::words::i18n::Phrase;
use crate::words::text::Named;

fn phase_key(p: Option<Phase>) -> &'static str {
    p.map_or("", Phase::key)
}

/// One stage's row. Its fields read the stage through a memo, so an edit of another stage (a
/// drag of its conversion, say) re-runs none of them.
#[component]
fn StageRow(
    i: usize,
    advice: Memo<Vec<Advice>>,
    count: Memo<usize>,
    removable: Memo<bool>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let stage = Memo::new(move |_| state.spec.with(|s| s.stages.get(i).cloned()));
    let st = move || stage.get();
    let lang = state.lang;
    let name = move || st().map(|s| s.name_in(lang.get()).to_owned());
    let fact = move || {
        st().map(|s| match (lang.get(), &s.exit_fact_en) {
            (crate::app::i18n::Lang::En, Some(en)) => en.clone(),
            _ => s.exit_fact,
        })
    };
    let task = move || {
        st().and_then(|s| match (lang.get(), s.task_en) {
            (crate::app::i18n::Lang::En, Some(en)) => Some(en),
            _ => s.task,
        })
    };
    let edit = move |f: Box<dyn FnOnce(&mut StageSpec)>| state.edit(|s| f(&mut s.stages[i]));
    view! {
        <div class="stage-row" data-testid="stage-row">
            <span class="num">{i + 1}</span>
            <div class="texts">
            <input class="name" aria-label=move || tr(lang.get(), Phrase::StageName)
                prop:value=move || name().unwrap_or_default()
                on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |s| { s.name = v; s.name_en = None; })) } />
            <input class="fact" aria-label=move || tr(lang.get(), Phrase::ExitFact)
                prop:value=move || fact().unwrap_or_default()
                on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |s| { s.exit_fact = v; s.exit_fact_en = None; })) } />
            <input class="task" aria-label=move || tr(lang.get(), Phrase::Task) placeholder=move || tr(lang.get(), Phrase::TaskHint)
                prop:value=move || task().unwrap_or_default()
                on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |s| { s.task = Some(v).filter(|t| !t.trim().is_empty()); s.task_en = None; })) } />
            </div>
            <div class="values">
            <NumField label=Phrase::Conversion path=format!("stages[{i}].conversion") scale=100.0 testid="stage-conversion"
                value=Signal::derive(move || st().map_or(f64::NAN, |s| s.conversion))
                set=Callback::new(move |v| edit(Box::new(move |s| s.conversion = v))) />
            // Dragged, it re-asks the exact line on every step (no pause); arrows move it by 1 pp.
            <input type="range" class="conversion-range" min="1" max="100" step="1"
                data-testid="stage-conversion-range"
                aria-label=move || format!("{} {}", tr(lang.get(), Phrase::Conversion), i + 1)
                prop:value=move || st().map_or(0.0, |s| (s.conversion * 100.0).round()).to_string()
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                        edit(Box::new(move |s| s.conversion = v / 100.0));
                    }
                } />
            <NumField label=Phrase::Days path=format!("stages[{i}].mean_days") testid="stage-days"
                value=Signal::derive(move || st().map_or(f64::NAN, |s| s.mean_days))
                set=Callback::new(move |v| edit(Box::new(move |s| s.mean_days = v))) />
            <select aria-label=move || tr(lang.get(), Phrase::Phase)
                prop:value=move || phase_key(st().and_then(|s| s.phase))
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let p = Phase::ALL.into_iter().find(|p| p.key() == v);
                    edit(Box::new(move |s| s.phase = p));
                }>
                <option value="">{move || tr(lang.get(), Phrase::NoPhase)}</option>
                {Phase::ALL.into_iter().map(|p| view! { <option value=p.key()>{move || phase_name(lang.get(), p)}</option> }).collect_view()}
            </select>
            <span class="row-buttons">
                <button title=move || tr(lang.get(), Phrase::MoveUp) disabled=move || i == 0
                    on:click=move |_| state.edit(|s| stages::move_stage_up(s, i))>"↑"</button>
                <button title=move || tr(lang.get(), Phrase::MoveDown) disabled=move || { i + 1 >= count.get() }
                    on:click=move |_| state.edit(|s| stages::move_stage_down(s, i))>"↓"</button>
                <button title=move || tr(lang.get(), Phrase::Remove) disabled=move || !removable.get()
                    on:click=move |_| state.edit(|s| stages::remove_stage(s, i))>"✕"</button>
            </span>
            </div>
            <AdviceList advice=advice stage=Some(i) testid="stage-advice" />
        </div>
    }
}

/// The linter's advice on one stage (or, for `None`, on the funnel as a whole), each message with
/// the posts' item it rests on in small text. The list is drawn again only when its own advice
/// changes.
#[component]
fn AdviceList(
    advice: Memo<Vec<Advice>>,
    stage: Option<usize>,
    testid: &'static str,
) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let mine = Memo::new(move |_| {
        advice.with(|all| all.iter().filter(|a| a.stage == stage).cloned().collect::<Vec<_>>())
    });
    view! {
        <ul class="lint" data-testid=testid>
            {move || {
                let l = lang.get();
                mine.get().into_iter().map(|a| {
                    let (msg, src) = (a.message.get(l).to_owned(), a.source.get(l).to_owned());
                    let code = crate::content::concepts::rule_key(a.code);
                    view! { <li data-code=code>{msg}" "<small class="source">{src}</small></li> }
                }).collect_view()
            }}
        </ul>
    }
}

/// The table of stages with add, remove and reorder.
#[component]
pub fn StageTable() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let count = Memo::new(move |_| state.spec.with(|s| s.stages.len()));
    let removable = Memo::new(move |_| state.spec.with(stages::can_remove_stage));
    // The linter runs once per edit for the whole page (each list takes its part).
    let advice = state.editor.advice;
    view! {
        <fieldset class="stages">
            <legend>{move || tr(lang.get(), Phrase::Stages)}</legend>
            <AdviceList advice=advice stage=None testid="funnel-advice" />
            <For each=move || 0..count.get() key=|i| *i
                children=move |i| view! { <StageRow i=i advice=advice count=count removable=removable /> } />
            <button class="add" disabled=move || !state.spec.with(stages::can_add_stage)
                on:click=move |_| state.edit(stages::add_stage)>{move || tr(lang.get(), Phrase::AddStage)}</button>
        </fieldset>
    }
}
