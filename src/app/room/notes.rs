//! The trainer's notes: a second window of the same app (`#/notes`) that follows the projector
//! over a `BroadcastChannel` (same origin, no server needed). It shows the lesson on screen,
//! the step, what the posts say and where, every number that is ours, the simulation's numbers
//! once revealed, the room's count and the lesson's point.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::app::lesson::{all_lessons, arm_labels, text};
use crate::app::room::words::{word, Word};
use crate::app::state::AppState;
use crate::ui::room::NotesMsg;
use crate::ui::slides::Slide;
use crate::words::format::Numbers;

/// The channel's name.
pub const CHANNEL: &str = "funnel-lab.presenter";
/// What a notes window says when it opens, so the projector tells it where it is.
pub const HELLO: &str = "hello";

/// The projector's side: says `msg` to any notes window now and whenever one opens. The channel
/// closes with the view.
pub fn announce(msg: Signal<NotesMsg>) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else { return };
    let tell = {
        let channel = channel.clone();
        move |m: &NotesMsg| {
            if let Ok(t) = serde_json::to_string(m) {
                let _ = channel.post_message(&t.into());
            }
        }
    };
    let answer = {
        let tell = tell.clone();
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            if ev.data().as_string().as_deref() == Some(HELLO) {
                if let Some(m) = msg.try_get_untracked() {
                    tell(&m);
                }
            }
        })
    };
    channel.set_onmessage(Some(answer.as_ref().unchecked_ref()));
    Effect::new(move |_| msg.with(|m| tell(m)));
    keep_until_cleanup(channel, answer);
}

/// Keeps `channel` and its listener while the view lives; then closes the channel and drops
/// the listener.
fn keep_until_cleanup(
    channel: web_sys::BroadcastChannel,
    listener: Closure<dyn Fn(web_sys::MessageEvent)>,
) {
    let kept = StoredValue::new_local(Some((channel, listener)));
    on_cleanup(move || {
        if let Some(Some((channel, listener))) = kept.try_update_value(Option::take) {
            channel.set_onmessage(None);
            channel.close();
            drop(listener);
        }
    });
}

/// Opens the notes in a second window.
pub fn open_notes() {
    let url = format!(
        "{}{}",
        window().location().pathname().unwrap_or_default(),
        crate::ui::route::Route::Notes.hash()
    );
    let _ = window().open_with_url_and_target_and_features(
        &url,
        "funnel-lab-notes",
        "popup,width=960,height=760",
    );
}

/// The notes page.
#[component]
pub fn NotesView() -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let got = RwSignal::new(None::<NotesMsg>);
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        let hear =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                if let Some(m) = ev.data().as_string().and_then(|t| serde_json::from_str(&t).ok()) {
                    got.try_set(Some(m));
                }
            });
        channel.set_onmessage(Some(hear.as_ref().unchecked_ref()));
        let _ = channel.post_message(&HELLO.into());
        keep_until_cleanup(channel, hear);
    }
    let w = move |x: Word| move || word(lang.get(), x);
    let body = move || {
        let l = lang.get();
        let en = l == crate::app::i18n::Lang::En;
        let Some(m) = got.get() else {
            return view! { <p class="hint" data-testid="notes-waiting">{word(l, Word::NotesWaiting)}</p> }.into_any();
        };
        let Some(lesson) = all_lessons().into_iter().find(|x| x.id == m.lesson) else {
            return view! { <p class="hint">{word(l, Word::NotesWaiting)}</p> }.into_any();
        };
        let slide = Slide::parse(&m.slide).map(|s| s.name(en)).unwrap_or("");
        let arms = arm_labels(&lesson);
        let numbers = arms
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let n = match m.truths.get(i).copied().flatten() {
                    Some((p, lo, hi)) => {
                        Numbers(l).localize(&format!("P(plan) {p:.1}% [{lo:.1}–{hi:.1}]"))
                    }
                    None => word(l, Word::NotYet).to_owned(),
                };
                view! { <li>{text(l, t)}": "{n}</li> }
            })
            .collect_view();
        let room = m.code.clone().map(|c| {
            format!(
                "{c} · {} {} · {} {}",
                word(l, Word::Round),
                m.round.unwrap_or(0),
                m.answered.unwrap_or(0),
                word(l, Word::Answered)
            )
        });
        view! {
            <p class="notes-step" data-testid="notes-step" data-slide=m.slide.clone()>{word(l, Word::OnScreen)}": "<b>{slide}</b></p>
            <h2 data-testid="notes-lesson">{text(l, &lesson.title)}</h2>
            {room.map(|r| view! { <p data-testid="notes-room">{r}</p> })}
            <h3>{word(l, Word::PostsSay)}</h3>
            <p>{text(l, &lesson.claim)}</p>
            <p class="hint">{text(l, &lesson.source)}</p>
            <h3>{word(l, Word::Say)}</h3>
            <p data-testid="notes-intro">{text(l, &lesson.intro)}</p>
            <h3>{crate::app::i18n::tr(l, crate::words::i18n::Phrase::Assumptions)}</h3>
            <ul>{lesson.assumptions.iter().map(|a| view! { <li>{text(l, a)}</li> }).collect_view()}</ul>
            <h3>{word(l, Word::Numbers)}</h3>
            <ul data-testid="notes-numbers">{numbers}</ul>
            <h3>{word(l, Word::Moral)}</h3>
            <p>{text(l, &lesson.moral)}</p>
        }.into_any()
    };
    view! {
        <section class="notes" data-testid="notes">
            <h1>{w(Word::NotesTitle)}</h1>
            {body}
        </section>
    }
}
