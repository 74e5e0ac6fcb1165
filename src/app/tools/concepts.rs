//! The concepts page (`#/concepts`): every item of the two posts, grouped by post section, with
//! its source, our summary, how far the model covers it and a link to where the app shows it.
//! Grouping, hrefs and labels come from [`crate::content::concepts`]; this only renders them.

use leptos::prelude::*;

use crate::app::i18n::{tr, Lang};
use crate::app::state::{AppState, Route};
use crate::content::concepts::{concepts, sections, Concept, Coverage, Link};
use crate::content::lessons::{lessons, Lesson, Text};
use crate::words::i18n::Phrase;

fn text(lang: Lang, t: &Text) -> String {
    match lang {
        Lang::Ru => t.ru.clone(),
        Lang::En => t.en.clone(),
    }
}

fn coverage_class(c: Coverage) -> &'static str {
    match c {
        Coverage::Simulated => "badge simulated",
        Coverage::Assumed => "badge assumed",
        Coverage::Checked => "badge checked",
        Coverage::NotSimulated => "badge not-simulated",
    }
}

/// The page: a heading, a short guide, then one block per post section.
#[component]
pub fn ConceptsView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    // Titles of lessons for the link words; while the lesson files do not parse, ids stand in.
    let known = StoredValue::new(lessons().unwrap_or_default());
    let shown = move || match state.route.get() {
        Route::Concepts(id) => id,
        _ => None,
    };
    // A deep link `#/concepts/<id>` scrolls its item into view once the page is drawn.
    Effect::new(move |_| {
        if let Some(el) = shown().and_then(|id| document().get_element_by_id(&id)) {
            el.scroll_into_view();
        }
    });
    let body = move || {
        let l = lang.get();
        let target = shown();
        match concepts() {
            Err(e) => view! { <p class="notice">{e.to_string()}</p> }.into_any(),
            Ok(all) => sections(&all)
                .into_iter()
                .map(|(section, items)| {
                    let cards = items
                        .into_iter()
                        .map(|c| {
                            let is_target = target.as_deref() == Some(c.id.as_str());
                            view! { <ConceptCard concept=c.clone() lang=l known=known is_target=is_target /> }
                        })
                        .collect_view();
                    view! {
                        <section class="concept-section">
                            <h3>{text(l, &section.title())}</h3>
                            {cards}
                        </section>
                    }
                })
                .collect_view()
                .into_any(),
        }
    };
    view! {
        <section class="concepts" data-testid="concepts">
            <h2>{move || tr(lang.get(), Phrase::ConceptsTitle)}</h2>
            <p class="hint">{move || tr(lang.get(), Phrase::ConceptsIntro)}</p>
            {body}
        </section>
    }
}

/// One link with its words.
fn link_view(lang: Lang, link: &Link, known: &[Lesson], testid: &'static str) -> impl IntoView {
    view! { <a href=link.href() data-testid=testid>{text(lang, &link.label(known))}</a> }
}

/// One item: title and coverage, source, summary, the reason it is not simulated (if so), and
/// where the app shows it.
#[component]
fn ConceptCard(
    concept: Concept,
    lang: Lang,
    known: StoredValue<Vec<Lesson>>,
    is_target: bool,
) -> impl IntoView {
    let c = concept;
    let main = known.with_value(|k| link_view(lang, &c.link, k, "concept-link"));
    let also = (!c.also.is_empty()).then(|| {
        let links = known.with_value(|k| {
            c.also
                .iter()
                .map(|l| view! { " · " {link_view(lang, l, k, "concept-also")} })
                .collect_view()
        });
        view! { <p class="also">{tr(lang, Phrase::SeeAlso)}{links}</p> }
    });
    let where_word = match c.coverage {
        Coverage::NotSimulated => tr(lang, Phrase::ClosestPlace),
        _ => tr(lang, Phrase::ShownIn),
    };
    view! {
        <article data-testid="concept" id=c.id.clone() class="concept"
            class:sub=c.is_sub_item() class:target=is_target>
            <div class="concept-head">
                <h4>{c.marker().map(|m| view! { <span class="num">{m}". "</span> })}{text(lang, &c.title)}</h4>
                <span class=coverage_class(c.coverage)>{text(lang, &c.coverage.label())}</span>
                <a class="permalink" href=format!("#/concepts/{}", c.id)
                    title=tr(lang, Phrase::Permalink) aria-label=tr(lang, Phrase::Permalink)>"#"</a>
            </div>
            <p class="source">{text(lang, &c.source)}</p>
            <p class="summary">{text(lang, &c.summary)}</p>
            {c.note.as_ref().map(|n| view! { <p class="note">{text(lang, n)}</p> })}
            <p class="where">{where_word}" "{main}</p>
            {also}
        </article>
    }
}
