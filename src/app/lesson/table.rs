//! The lesson's arms as a table: each arm's name and shape with a button that opens it in the
//! editor, the room's guess, and once revealed its one-number metrics and its difference from
//! the baseline.

use leptos::prelude::*;

use crate::app::i18n::tr;
use crate::app::lesson::{open_arm, text, ArmName, ArmView};
use crate::app::state::AppState;
use crate::charts::Z95;
use crate::content::lessons::Metric;
use crate::ui::reveal::{is_column, metric_cell, metric_key, DASH};
use crate::words::format::Numbers;
use crate::words::i18n::Phrase;

/// The arms, the guesses typed beside them, and the columns of the reveal.
#[component]
pub fn ArmTable(
    arms: Vec<ArmView>,
    metrics: Vec<Metric>,
    guesses: RwSignal<Vec<String>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let columns: Vec<Metric> = metrics.into_iter().filter(|&m| is_column(m)).collect();
    let head = columns.clone();
    let rows = arms.into_iter().enumerate().map(|(n, arm)| {
        let columns = columns.clone();
        let cells = move || {
            let numbers = Numbers(lang.get());
            state.lesson.reports().with(|v| {
                let r = v.get(n).and_then(Option::as_ref);
                columns.iter().map(|&m| view! { <td>{r.map(|r| metric_cell(m, r, numbers)).unwrap_or_default()}</td> }).collect_view()
            })
        };
        let delta = move || {
            let revealed = state.lesson.reports().with(|v| v.get(n).is_some_and(Option::is_some));
            match state.lesson.deltas().with(|v| v.get(n).copied().flatten()) {
                // A paired SE of exactly 0: every month ended the same way in both arms.
                Some((d, se)) if d == 0.0 && se == 0.0 => tr(lang.get(), Phrase::SameEveryMonth).to_owned(),
                Some((d, se)) => Numbers(lang.get()).points_interval(d, Z95 * se),
                None if revealed && n > 0 => DASH.to_owned(),
                None => String::new(),
            }
        };
        let guess = move || guesses.with(|g| g.get(n).cloned().unwrap_or_default());
        let set_guess = move |ev| guesses.update(|g| if let Some(slot) = g.get_mut(n) { *slot = event_target_value(&ev) });
        let ArmView { label, shape, .. } = arm.clone();
        let guess_label = label.clone();
        view! {
            <tr>
                <td class="arm">
                    <ArmName n=n label=label shape=shape />
                    <button class="open-arm" data-testid="lesson-open-arm" title=move || tr(lang.get(), Phrase::OpenArm)
                        on:click=move |_| open_arm(state, &arm)>{move || tr(lang.get(), Phrase::OpenArm)}</button>
                </td>
                <td><input class="guess" data-testid="lesson-guess" inputmode="decimal" placeholder="%"
                    aria-label=move || format!("{}: {}", tr(lang.get(), Phrase::YourGuess), text(lang.get(), &guess_label))
                    prop:value=guess on:input=set_guess /></td>
                {cells}
                <td class="delta">{delta}</td>
            </tr>
        }
    }).collect_view();
    view! {
        <table class="reveal" data-testid="lesson-result">
            <thead><tr>
                <th>{move || tr(lang.get(), Phrase::Arm)}</th>
                <th>{move || tr(lang.get(), Phrase::YourGuess)}</th>
                {move || head.iter().map(|&m| view! { <th>{tr(lang.get(), metric_key(m))}</th> }).collect_view()}
                <th>{move || tr(lang.get(), Phrase::VsBase)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
