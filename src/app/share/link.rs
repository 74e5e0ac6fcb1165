//! Opening a share link: the fragment read into the state (scenario, trials, seed, view) all at
//! once, or refused with its reason while the current work stays as it was; and the notice
//! that says which, also used by importing a file.

use leptos::prelude::*;

use crate::app::i18n::Lang;
use crate::app::share::words::{file_error, link_error, word, Word};
use crate::app::state::{AppState, Route};
use crate::io::share::{decode, preset_of, FileError, ShareError};

/// What the share tools last did, said until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// A link was opened.
    LinkOpened,
    /// A link was refused; the current work is unchanged.
    LinkRefused(ShareError),
    /// A file was loaded (its name).
    FileLoaded(String),
    /// A file was refused; the current work is unchanged.
    FileRefused(FileError),
}

/// The share tools' state, provided once in `<App/>`.
#[derive(Clone, Copy)]
pub struct ShareState {
    /// The notice on screen, if any.
    pub notice: RwSignal<Option<Notice>>,
}

impl ShareState {
    /// Makes the state and provides it as context.
    pub fn provide() -> ShareState {
        let s = ShareState { notice: RwSignal::new(None) };
        provide_context(s);
        s
    }
}

/// Replaces the URL's fragment without a new history entry or a `hashchange` event.
pub fn replace_hash(hash: &str) {
    if let Ok(h) = window().history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(hash));
    }
}

/// If `hash` is a share link, opens it (or refuses it, keeping the current work) and returns
/// true; any other hash is a route, left to the caller.
pub fn open_link(state: AppState, share: ShareState, hash: &str) -> bool {
    if !Route::is_share_link(hash) {
        return false;
    }
    let route = match decode(hash) {
        Ok(s) => {
            let key = preset_of(&s.spec).unwrap_or_default().to_owned();
            state.load(s.spec, key);
            state.trials.set(s.trials.to_string());
            state.seed.set(s.seed.to_string());
            share.notice.set(Some(Notice::LinkOpened));
            Route::of_view(&s.view)
        }
        Err(e) => {
            share.notice.set(Some(Notice::LinkRefused(e)));
            Route::Editor
        }
    };
    // The address becomes the view's own, so a reload or a bookmark does not reopen the link
    // over later edits (the scenario itself is saved as any edit is).
    replace_hash(&route.hash());
    if state.route.get_untracked() != route {
        state.route.set(route);
    }
    true
}

fn notice_text(lang: Lang, n: &Notice) -> (String, Vec<String>) {
    let untouched = word(lang, Word::Untouched);
    match n {
        Notice::LinkOpened => (word(lang, Word::LinkOpened).into(), Vec::new()),
        Notice::LinkRefused(e) => {
            let reason = link_error(lang, e);
            let stop = if reason.ends_with('.') { "" } else { "." };
            (format!("{} {reason}{stop} {untouched}", word(lang, Word::LinkRefused)), Vec::new())
        }
        Notice::FileLoaded(name) => {
            (format!("{} {name}.", word(lang, Word::FileLoaded)), Vec::new())
        }
        Notice::FileRefused(e) => (word(lang, Word::FileRefused).into(), file_error(lang, e)),
    }
}

/// The share tools' notice, with a button that dismisses it.
#[component]
pub fn ShareNotice() -> impl IntoView {
    let state = expect_context::<AppState>();
    let share = expect_context::<ShareState>();
    move || {
        share.notice.get().map(|n| {
            let lang = state.lang.get();
            let bad = matches!(n, Notice::LinkRefused(_) | Notice::FileRefused(_));
            let kind = match n {
                Notice::LinkOpened => "link-opened",
                Notice::LinkRefused(_) => "link-refused",
                Notice::FileLoaded(_) => "file-loaded",
                Notice::FileRefused(_) => "file-refused",
            };
            let (text, lines) = notice_text(lang, &n);
            view! {
                <div class="share-notice" class:bad=bad role="status" data-testid="share-notice" data-kind=kind>
                    <span>{text}</span>
                    <ul data-testid="import-errors">{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    <button on:click=move |_| share.notice.set(None)>{word(lang, Word::Dismiss)}</button>
                </div>
            }
        })
    }
}
