//! The team: several managers, each with their own funnel shape, and one team plan.

use leptos::prelude::*;

use crate::app::i18n::{tr, Lang};
use crate::app::pool::runner::{Order, Runner, Work};
use crate::app::state::AppState;
use crate::app::state::Tagged;
use crate::app::widgets::header::ShapeMini;
use crate::content::presets::card;
use crate::host::protocol::Response;
use crate::sim::analysis::MemberSpec;
use crate::sim::PRESETS;
use crate::words::format::Numbers;
use crate::words::i18n::Phrase;
use crate::words::page::PageWord;

/// The shape (expected deals per stage) of a preset, from its card (written ahead).
fn preset_shape(key: &str) -> Vec<f64> {
    card(key).map(|c| c.shape.clone()).unwrap_or_default()
}

fn preset_name(lang: Lang, key: &str) -> String {
    card(key).map_or_else(|| key.to_owned(), |c| c.name_in(lang).to_owned())
}

/// The team view: plan, member gallery, team result.
/// Names of a member card's controls, for assistive technology.
fn member_word(lang: crate::app::i18n::Lang, what: &str) -> &'static str {
    let word = match what {
        "name" => PageWord::ManagerName,
        "funnel" => PageWord::ManagerFunnel,
        _ => PageWord::RemoveManager,
    };
    word.text(lang)
}

#[component]
pub fn TeamView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let runner = expect_context::<Runner>();
    let lang = state.lang;
    let count = move || state.tools.team.with(|t| t.members.len());
    // The result on screen is the current team's: edit a member and its numbers go, so none
    // sits beside a member it was not computed for.
    let team_json = move || state.tools.team.with(|t| serde_json::to_string(t).unwrap_or_default());
    let report = Memo::new(move |_| {
        let json = team_json();
        state.tools.team_report.with(|r| r.as_ref().and_then(|r| r.for_input(&json)).cloned())
    });
    let run = move |_| {
        let json =
            state.tools.team.with_untracked(|t| serde_json::to_string(t).unwrap_or_default());
        let config = state.config.get_untracked().unwrap_or_default();
        state.tools.team_report.set(None);
        let tools = state.tools;
        let input = json.clone();
        let order = Order::new(Work::Team(json), move |response| match response {
            Response::TeamDone { report, .. } => {
                tools.team_failure.set(None);
                tools.team_report.set(Some(Tagged::new(input.clone(), *report)));
            }
            Response::Failed { error, .. } => tools.team_failure.set(Some(error)),
            _ => {}
        });
        runner.submit(vec![order], config);
    };
    let card = move |i: usize| {
        let member = move || state.tools.team.with(|t| t.members.get(i).cloned());
        let key = move || member().and_then(|m| m.preset).unwrap_or_default();
        view! {
            <div class="member-card" data-testid="team-member">
                <input class="member-name" aria-label=move || member_word(lang.get(), "name") prop:value=move || member().map(|m| m.name).unwrap_or_default()
                    on:change=move |ev| { let v = event_target_value(&ev); state.tools.team.update(|t| t.members[i].name = v) } />
                {move || view! { <ShapeMini shape=preset_shape(&key()) /> }}
                <select aria-label=move || member_word(lang.get(), "funnel") prop:value=key on:change=move |ev| {
                    let v = event_target_value(&ev);
                    state.tools.team.update(|t| t.members[i].preset = Some(v));
                }>
                    {move || PRESETS.iter().map(|p| view! { <option value=p.key>{preset_name(lang.get(), p.key)}</option> }).collect_view()}
                </select>
                <span class="member-p">{move || report.with(|r| r.as_ref()
                    .and_then(|r| r.members.get(i)).map(|m| format!("P(plan) {}", Numbers(lang.get()).percent(m.p_plan))).unwrap_or_default())}</span>
                <button title=move || tr(lang.get(), Phrase::Remove) aria-label=move || member_word(lang.get(), "remove") disabled=move || { count() <= 1 }
                    on:click=move |_| state.tools.team.update(|t| { t.members.remove(i); })>"✕"</button>
            </div>
        }
    };
    let result = move || {
        let l = lang.get();
        let n = Numbers(l);
        report.get().map(|r| view! {
            <div class="team-result" data-testid="team-result" data-value=r.p_plan.to_string()>
                <p class="big-delta">{tr(l, Phrase::TeamP)}": "{n.percent(r.p_plan)}" ± "{n.percent(r.p_plan_se)}</p>
                <p>{tr(l, Phrase::TeamShare)}": "{n.percent(r.share_members_on_plan)}</p>
                <p>{tr(l, Phrase::Revenue)}" P10 / P50 / P90: "{n.grouped(r.revenue.p10)}" / "{n.grouped(r.revenue.p50)}" / "{n.grouped(r.revenue.p90)}</p>
            </div>
        })
    };
    view! {
        <section class="team">
            <h2>{move || state.tools.team.with(|t| t.name.clone())}</h2>
            <p class="hint">{move || tr(lang.get(), Phrase::TeamHint)}</p>
            <label class="field"><span class="label">{move || tr(lang.get(), Phrase::TeamPlan)}</span>
                <input data-testid="team-plan" inputmode="decimal" prop:value=move || state.tools.team.with(|t| t.plan.to_string())
                    on:change=move |ev| {
                        let v = crate::app::editor::fields::parse(&event_target_value(&ev));
                        state.tools.team.update(|t| t.plan = v);
                    } />
            </label>
            <div class="gallery">
                <For each=move || 0..count() key=|i| *i children=card />
            </div>
            <div class="buttons">
                <button on:click=move |_| state.tools.team.update(|t| {
                    let n = t.members.len() + 1;
                    t.members.push(MemberSpec { name: format!("#{n}"), preset: Some("default".into()), file: None, scenario: None });
                })>{move || tr(lang.get(), Phrase::TeamAdd)}</button>
                <button class="run" data-testid="team-run" on:click=run>{move || tr(lang.get(), Phrase::TeamRun)}</button>
                {move || state.tools.team_failure.get().map(|m| view! { <p class="error" role="alert" data-testid="team-error">{crate::ui::errors::job_error_text(lang.get(), &m)}</p> })}
            </div>
            {result}
        </section>
    }
}
