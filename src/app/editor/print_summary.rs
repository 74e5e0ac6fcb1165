//! The scenario in a few lines, shown only on paper: the print view puts it above the key
//! numbers, the three charts and the forecast sentence of the run it belongs to.

use leptos::prelude::*;

use crate::app::i18n::{tr, Lang};
use crate::app::keep::words::{word, Word};
use crate::app::keep::Keep;
use crate::app::state::AppState;
use crate::sim::ScenarioSpec;
use crate::words::format::{grouped, percent};
use crate::words::i18n::Phrase;
use crate::words::text::Named;

fn summary(lang: Lang, s: &ScenarioSpec) -> (String, String, String) {
    let name = s.name_in(lang).to_owned();
    let month = format!(
        "{}: {} {} · {}: {} · {}: {} · {}: {}",
        tr(lang, Phrase::Plan),
        grouped(s.plan, lang.thousands()),
        s.currency,
        tr(lang, Phrase::Horizon),
        s.horizon_days,
        tr(lang, Phrase::Checkpoint),
        s.resolved_checkpoint(),
        word(lang, Word::Inflow),
        s.inflow
            .iter()
            .map(|f| format!("{} {} {}", f.per_day, tr(lang, Phrase::AtStage), f.stage))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let stages = s
        .stages
        .iter()
        .enumerate()
        .map(|(i, st)| (i, st.name_in(lang).to_owned(), st))
        .map(|(i, name, st)| {
            format!(
                "{}. {} ({}, {} {})",
                i + 1,
                name,
                percent(st.conversion),
                st.mean_days,
                tr(lang, Phrase::Days).to_lowercase()
            )
        })
        .collect::<Vec<_>>()
        .join(" → ");
    (name, month, format!("{}: {stages}", word(lang, Word::Stages)))
}

/// The print-only summary of the scenario the result belongs to (the last valid one).
#[component]
pub fn PrintSummary() -> impl IntoView {
    let state = expect_context::<AppState>();
    let keep = expect_context::<Keep>();
    move || {
        let l = state.lang.get();
        keep.last_valid.with(|s| s.as_ref().map(|s| summary(l, s))).map(|(name, month, stages)| {
            view! {
                <section class="print-summary" data-testid="print-summary">
                    <h2>{name}</h2>
                    <p>{month}</p>
                    <p>{stages}</p>
                </section>
            }
        })
    }
}
