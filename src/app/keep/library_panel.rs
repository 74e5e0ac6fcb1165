//! The library panel: save the current scenario under a name; open, rename, duplicate or
//! delete saved ones; open a built-in (read-only: editing it makes a draft).

use leptos::prelude::*;

use crate::app::i18n::Lang;
use crate::app::keep::words::{library_error, word, Word};
use crate::app::keep::Keep;
use crate::app::state::AppState;
use crate::io::library::{Library, LibraryError};

/// A library operation; `Ok(Some(name))` makes `name` the entry open.
type Op = Box<dyn FnOnce(&mut Library) -> Result<Option<String>, LibraryError>>;
use crate::sim::{ScenarioSpec, PRESETS};
use crate::words::text::Named;

fn display_name(lang: Lang, s: &ScenarioSpec) -> String {
    s.name_in(lang).to_owned()
}

/// The panel the library button opens.
#[component]
pub fn LibraryPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let keep = expect_context::<Keep>();
    let lang = state.lang;
    let w = move |k| move || word(lang.get(), k);
    let default_name = keep
        .open_entry
        .get_untracked()
        .unwrap_or_else(|| state.spec.with_untracked(|s| s.name.clone()));
    let name = RwSignal::new(default_name);
    let deleted = RwSignal::new(None);
    // Every operation goes through here so its refusal is said in words.
    let act = move |f: Op| {
        let mut result = Ok(None);
        keep.library.update(|l| result = f(l));
        match result {
            Ok(opened) => {
                keep.library_error.set(None);
                if opened.is_some() {
                    keep.open_entry.set(opened);
                }
            }
            Err(e) => keep.library_error.set(Some(e)),
        }
    };
    let save = move |_| {
        let spec = state.spec.get_untracked();
        act(Box::new(move |l| l.save(&name.get_untracked(), spec).map(Some)));
    };
    let open = move |spec: ScenarioSpec, entry: String| {
        state.load(spec, String::new());
        keep.open_entry.set(Some(entry.clone()));
        name.set(entry);
    };
    let entries = move || {
        keep.library.with(|l| l.entries().to_vec()).into_iter().map(|e| {
        let (n1, n2, n3, n4) = (e.name.clone(), e.name.clone(), e.name.clone(), e.name.clone());
        view! {
            <li data-testid="library-entry" data-name=e.name.clone()>
                <input data-testid="library-entry-name" aria-label=w(Word::NameLabel) prop:value=e.name.clone() on:change=move |ev| {
                    let (old, new) = (n1.clone(), event_target_value(&ev));
                    if keep.open_entry.get_untracked().as_deref() == Some(old.as_str()) { keep.open_entry.set(Some(new.trim().to_owned())); }
                    act(Box::new(move |l| l.rename(&old, &new).map(|_| None)));
                } />
                <button data-testid="library-open" on:click=move |_| open(e.spec.clone(), n2.clone())>{w(Word::Open)}</button>
                <button data-testid="library-duplicate" on:click=move |_| { let n = n3.clone(); act(Box::new(move |l| l.duplicate(&n).map(|_| None))) }>{w(Word::Duplicate)}</button>
                <button data-testid="library-delete" on:click=move |_| {
                    let n = n4.clone();
                    act(Box::new(move |l| l.delete(&n).map(|e| { deleted.set(Some(e)); None })));
                }>{w(Word::Delete)}</button>
            </li>
        }
    }).collect_view()
    };
    let builtins = move || {
        PRESETS.iter().filter_map(|p| ScenarioSpec::from_json(p.json).ok().map(|s| (p.key, s))).map(|(key, s)| {
        let label = display_name(lang.get(), &s);
        view! {
            <li data-testid="library-builtin" data-key=key>
                <span>{label}</span>
                <button data-testid="library-open" on:click=move |_| { state.load(s.clone(), key.to_owned()); keep.open_entry.set(None); }>{w(Word::Open)}</button>
            </li>
        }
    }).collect_view()
    };
    let restore = move |_| {
        if let Some(e) = deleted.get_untracked() {
            deleted.set(None);
            act(Box::new(move |l| l.save(&l.unique_name(&e.name), e.spec).map(|_| None)));
        }
    };
    view! {
        <section class="library" data-testid="library-panel">
            <div class="library-save">
                <label>{w(Word::NameLabel)}" "<input data-testid="library-name" prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) /></label>
                <button data-testid="library-save" on:click=save>{w(Word::Save)}</button>
            </div>
            {move || keep.library_error.get().map(|e| view! { <p class="error" data-testid="library-error">{library_error(lang.get(), &e)}</p> })}
            {move || deleted.get().map(|e| view! {
                <p class="deleted">{w(Word::Deleted)}" «"{e.name}"» "<button data-testid="library-restore" on:click=restore>{w(Word::Restore)}</button></p>
            })}
            <h2>{w(Word::Mine)}</h2>
            <Show when=move || keep.library.with(|l| l.entries().is_empty())><p class="muted">{w(Word::Empty)}</p></Show>
            <ul class="library-list">{entries}</ul>
            <h2>{w(Word::BuiltIns)}" "<small class="muted">{w(Word::ReadOnly)}</small></h2>
            <ul class="library-list builtins">{builtins}</ul>
        </section>
    }
}
