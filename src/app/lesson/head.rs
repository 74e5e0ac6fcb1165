//! A lesson's head: the posts' claim in our words with where the posts say it, and the numbers
//! that are ours, not the posts', shown as assumptions the trainer can see and change.

use leptos::prelude::*;

use crate::app::i18n::tr;
use crate::app::lesson::text;
use crate::app::state::AppState;
use crate::content::lessons::Lesson;
use crate::words::i18n::Phrase;

/// The claim, its source and the assumptions box.
#[component]
pub fn LessonHead(lesson: Lesson) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let Lesson { claim, source, assumptions, .. } = lesson;
    view! {
        <div class="lesson-head">
            <blockquote class="claim" data-testid="lesson-claim">
                <p>{move || text(lang.get(), &claim)}</p>
                <small class="source" data-testid="lesson-source">
                    {move || format!("{}: {}", tr(lang.get(), Phrase::Source), text(lang.get(), &source))}
                </small>
            </blockquote>
            <details class="assumptions" open=true data-testid="lesson-assumptions">
                <summary>{move || tr(lang.get(), Phrase::Assumptions)}</summary>
                <ul>
                    {move || assumptions.iter().map(|a| view! { <li>{text(lang.get(), a)}</li> }).collect_view()}
                </ul>
            </details>
        </div>
    }
}
