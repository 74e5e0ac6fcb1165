//! Export and import of the scenario as a JSON file in the CLI's schema: export writes exactly
//! what `ScenarioSpec::to_json` writes; import (the file input, or a file dropped anywhere on
//! the page) loads a file only if it reads and validates, else says which fields are wrong and
//! leaves the current scenario alone.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::app::share::link::{replace_hash, Notice, ShareState};
use crate::app::share::words::{word, Word};
use crate::app::state::{AppState, Route};
use crate::io::share::{
    export_file_name, preset_of, read_scenario_file, FileError, MAX_FILE_BYTES,
};

/// Saves `text` as a file named `name` through a temporary `blob:` URL (no request leaves the
/// page).
fn download(name: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // Revoked later: some browsers read the URL after `click` returns.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(5),
    );
    Ok(())
}

/// Reads a chosen or dropped file and loads it if it is a valid scenario.
fn import(state: AppState, share: ShareState, file: web_sys::File) {
    let name = file.name();
    let size = file.size();
    if size > MAX_FILE_BYTES as f64 {
        share.notice.set(Some(Notice::FileRefused(FileError::TooLarge(size as usize))));
        return;
    }
    leptos::task::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
        let text = text.ok().and_then(|t| t.as_string()).unwrap_or_default();
        match read_scenario_file(&text) {
            Ok((spec, upgrade)) => {
                let key = preset_of(&spec).unwrap_or_default().to_owned();
                state.load(spec, key);
                state.upgrade.set(upgrade);
                share.notice.set(Some(Notice::FileLoaded(name)));
                // The scenario is edited and run in the editor.
                if state.route.get_untracked() != Route::Editor {
                    replace_hash(&Route::Editor.hash());
                    state.route.set(Route::Editor);
                }
            }
            Err(e) => share.notice.set(Some(Notice::FileRefused(e))),
        }
    });
}

/// Whether a drag carries files (text dragged into a field is left to the field).
fn carries_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|d| d.types().includes(&"Files".into(), 0))
}

/// The Export JSON button and the Import control (which the whole page backs as a drop zone).
#[component]
pub fn ScenarioFiles() -> impl IntoView {
    let state = expect_context::<AppState>();
    let share = expect_context::<ShareState>();
    let lang = state.lang;
    let export = move |_| {
        let (json, name) = state
            .spec
            .with_untracked(|s| (s.to_json(), export_file_name(s, &state.preset.get_untracked())));
        let _ = download(&name, &json);
    };
    let chosen = move |ev: leptos::ev::Event| {
        let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        if let Some(input) = input {
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                import(state, share, file);
            }
            // Choosing the same file again is a new change.
            input.set_value("");
        }
    };
    let _ = window_event_listener(leptos::ev::dragover, |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
        }
    });
    let _ = window_event_listener(leptos::ev::drop, move |ev| {
        // A drop zone of its own (the calibrate page's, for CRM exports) has taken the file:
        // it is not a scenario to import. On that page a file dropped elsewhere is not one
        // either.
        let own_zone = ev.default_prevented();
        let calibrating = state.route.get_untracked() == crate::app::state::Route::Calibrate;
        if carries_files(&ev) {
            ev.prevent_default();
            if own_zone || calibrating {
                return;
            }
            if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                import(state, share, file);
            }
        }
    });
    view! {
        <button data-testid="export-json" title=move || word(lang.get(), Word::ExportHint) on:click=export>{move || word(lang.get(), Word::Export)}</button>
        <label class="import" title=move || word(lang.get(), Word::DropHint)>
            <span>{move || word(lang.get(), Word::Import)}</span>
            <input type="file" data-testid="import" accept=".json,application/json" on:change=chosen />
        </label>
    }
}
