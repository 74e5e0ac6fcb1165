//! «Что нужно, чтобы…» / "What it takes" (issue #21) beside the results: for the chance the
//! slider sets, each lever's value that reaches it (rows streamed from the workers as they are
//! solved, the smallest change first), each a button that applies it as one undo step, and the
//! plan you can commit to. The words are `ui::goal_view`'s; this only wires signals.

use leptos::prelude::*;

use crate::app::pool::runner::Runner;
use crate::app::state::AppState;
use crate::host::protocol::Response;
use crate::sim::goal::{apply_lever, GoalHead, LeverGoal};
use crate::ui::goal_view::{self, TARGET_DEFAULT, TARGET_MAX, TARGET_MIN};
use crate::words::page::PageWord;
use crate::words::phrases::fill;

/// The panel's own state: the table on screen (its head, its rows by lever index, and the
/// revision and chance it answers) and the latest question asked.
#[derive(Clone, Copy)]
struct GoalPanelState {
    target: RwSignal<u32>,
    head: RwSignal<Option<GoalHead>>,
    rows: RwSignal<Vec<Option<LeverGoal>>>,
    shown: RwSignal<Option<(u64, u32)>>,
    error: RwSignal<Option<String>>,
    asked: StoredValue<u64>,
}

impl GoalPanelState {
    fn new() -> Self {
        GoalPanelState {
            target: RwSignal::new(TARGET_DEFAULT),
            head: RwSignal::new(None),
            rows: RwSignal::new(Vec::new()),
            shown: RwSignal::new(None),
            error: RwSignal::new(None),
            asked: StoredValue::new(0),
        }
    }

    /// An answer to question `n` (of the scenario at `revision`, at chance `t`): the first head
    /// replaces the table, rows fill it; an older question's answers are ignored.
    fn on(self, n: u64, revision: u64, t: u32, response: Response) {
        // The panel's values live as long as its view: rows still streaming after the user has
        // left the simulator find it gone (`None`) and are dropped.
        if self.asked.try_get_value() != Some(n) {
            return;
        }
        match response {
            // Each worker sends the same head: the first one counts.
            Response::GoalHead { result: Ok(head), .. }
                if self.shown.get_untracked() != Some((revision, t)) =>
            {
                self.rows.set(vec![None; head.levers]);
                self.head.set(Some(*head));
                self.shown.set(Some((revision, t)));
                self.error.set(None);
            }
            Response::GoalHead { result: Err(message), .. } => {
                self.head.set(None);
                self.rows.set(Vec::new());
                self.shown.set(Some((revision, t)));
                self.error.set(Some(message));
            }
            Response::GoalRow { index, row, .. } => self.rows.update(|r| {
                if let Some(slot) = r.get_mut(index as usize) {
                    *slot = Some(*row);
                }
            }),
            _ => {}
        }
    }
}

/// The panel.
#[component]
pub fn GoalPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let runner = expect_context::<Runner>();
    let lang = state.lang;
    let panel = GoalPanelState::new();
    // Every valid edit and every move of the slider asks again; the workers keep one question
    // in flight and the latest waiting, so a drag never builds a backlog.
    Effect::new(move |_| {
        let t = panel.target.get();
        let revision = state.revision.get();
        if state.validated.with(Result::is_err) {
            return;
        }
        let scenario = state.spec.with_untracked(|s| s.to_json());
        let n = panel.asked.try_update_value(|a| {
            *a += 1;
            *a
        });
        let n = n.unwrap_or_default();
        runner.goal(scenario, f64::from(t) / 100.0, move |r| panel.on(n, revision, t, r));
    });
    let current = move || panel.shown.get() == Some((state.revision.get(), panel.target.get()));
    let filled = move || panel.rows.with(|r| r.iter().filter(|x| x.is_some()).count());
    let total = move || panel.rows.with(Vec::len);
    let table = move || {
        let l = lang.get();
        let head = panel.head.get()?;
        let answers: Vec<LeverGoal> = panel.rows.with(|r| r.iter().flatten().cloned().collect());
        let result = head.assemble(answers);
        let (rows, commit, status) = state.spec.with(|s| {
            (
                goal_view::rows(l, s, &result),
                goal_view::commit_line(l, s, &result),
                goal_view::status_line(l, &result),
            )
        });
        let widest = rows.iter().map(|r| r.relative_size).fold(0.0, f64::max).max(1e-9);
        let items = rows
            .into_iter()
            .map(|r| {
                let lever = r.lever.clone();
                let needed = r.needed;
                let bar = format!("width: {:.1}%", (r.relative_size / widest * 100.0).min(100.0));
                let apply = move |_| {
                    if let Some(x) = needed {
                        let lever = lever.clone();
                        state.edit(move |s| {
                            apply_lever(s, &lever, x);
                        });
                    }
                };
                view! {
                    <li>
                        <button class="goal-row" class:unreachable=!r.reachable data-testid="goal-row"
                            data-lever=r.lever.clone() data-needed=needed.map(|x| x.to_string()).unwrap_or_default()
                            data-p-at=r.p_at.map(|p| p.0.to_string()).unwrap_or_default()
                            data-p-error=r.p_at.map(|p| p.1.to_string()).unwrap_or_default()
                            disabled=move || !r.reachable || !current() on:click=apply>
                            <span class="text">{r.text.clone()}</span>
                            <span class="rel"><span class="bar" style=bar></span>{r.relative.clone()}</span>
                            <small class="note">{r.note.clone()}</small>
                        </button>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <p class="commit" data-testid="goal-commit" data-revenue=result.commit.revenue.to_string()>{commit}</p>
            <p class="status">{status}</p>
            <ul class="goal-rows">{items}</ul>
        })
    };
    let pending = move || {
        let (f, t) = (filled(), total());
        (f < t || !current()).then(|| {
            let text = fill(PageWord::GoalSolving.text(lang.get()), &[&f, &t]);
            view! { <p class="pending" role="status">{text}</p> }
        })
    };
    let slider_label = move || fill(PageWord::GoalTarget.text(lang.get()), &[&panel.target.get()]);
    view! {
        <section class="goal" data-testid="goal" class:stale=move || !current()
            data-revision=move || panel.shown.get().map(|s| s.0.to_string()).unwrap_or_default()
            data-target=move || panel.shown.get().map(|s| s.1.to_string()).unwrap_or_default()
            data-rows=move || filled().to_string() data-levers=move || total().to_string()
            data-complete=move || (current() && total() > 0 && filled() == total()).to_string()>
            <h2>{move || PageWord::GoalTitle.text(lang.get())}</h2>
            <label class="goal-target">
                <span>{slider_label}</span>
                <input type="range" data-testid="goal-target" min=TARGET_MIN max=TARGET_MAX step="1"
                    prop:value=move || panel.target.get().to_string()
                    on:input=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<u32>() {
                            panel.target.set(v.clamp(TARGET_MIN, TARGET_MAX));
                        }
                    } />
            </label>
            {move || panel.error.get().map(|e| view! { <p class="error" data-testid="goal-error">{e}</p> })}
            {table}
            {pending}
            <p class="hint">{move || PageWord::GoalHint.text(lang.get())}</p>
        </section>
    }
}
