//! Undo, redo and the library button above the result; the storage warning; and, when the
//! draft is invalid, which scenario the result shown belongs to.

use leptos::prelude::*;

use crate::app::keep::library_panel::LibraryPanel;
use crate::app::keep::words::{word, Word};
use crate::app::keep::Keep;
use crate::app::state::AppState;
use crate::words::text::Named;

/// The bar and what it opens.
#[component]
pub fn KeepBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let keep = expect_context::<Keep>();
    let lang = state.lang;
    let w = move |k| move || word(lang.get(), k);
    let open = RwSignal::new(false);
    let source = move || {
        let invalid = !state.validated.with(Result::is_ok);
        let shown = state.editor.report.with(Option::is_some);
        let l = lang.get();
        // Named as the last valid scenario it ran, in the page's language (the report carries
        // the scenario's first name only).
        let name = keep.last_valid.with(|s| s.as_ref().map(|s| s.name_in(l).to_owned()));
        name.filter(|_| invalid && shown).map(|name| {
            view! {
                <p class="result-source" data-testid="result-source" role="status">
                    {word(l, Word::ResultOfLastValid)}" «"{name}"»; "{word(l, Word::DraftHasErrors)}
                </p>
            }
        })
    };
    view! {
        <div class="keep-bar">
            <button data-testid="undo" title=w(Word::UndoHint) disabled=move || !keep.can_undo.get()
                on:click=move |_| keep.undo(state)>{w(Word::Undo)}</button>
            <button data-testid="redo" title=w(Word::RedoHint) disabled=move || !keep.can_redo.get()
                on:click=move |_| keep.redo(state)>{w(Word::Redo)}</button>
            <button data-testid="library" class:active=move || open.get() aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>{w(Word::Library)}</button>
            {move || keep.open_entry.get().map(|n| view! {
                <span class="open-entry">{w(Word::OpenEntry)}" "{n}</span>
            })}
        </div>
        <Show when=move || open.get()><LibraryPanel /></Show>
        <Show when=move || keep.storage_problem.get()>
            <p class="storage-problem" data-testid="storage-problem" role="alert">{w(Word::StorageProblem)}</p>
        </Show>
        {source}
    }
}
