//! Nothing lost: undo/redo of every edit, the library of named scenarios, the last valid
//! scenario kept beside the draft, and storage that may be full or blocked.
//!
//! The rules live in [`crate::ui::history`] and [`crate::io::library`]; this module wires them to the
//! page's state and to localStorage, and is provided once as the [`Keep`] context.
//!
//! Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y (or ⌘) act on the scenario's history unless the focus is in a
//! text field holding typing not yet committed: then the keys are the field's own undo, until
//! its text is back to what it was when it took the focus (or was last committed), after which
//! they step through the scenario's history again.

pub(crate) mod bar;
pub(crate) mod keys;
pub(crate) mod library_panel;
pub(crate) mod words;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::pool::runner::Runner;
use crate::app::state::AppState;
use crate::io::library::{Library, LibraryError};
use crate::sim::{Scenario, ScenarioSpec};
use crate::ui::history::History;

/// The last scenario that passed validation (run on load when the draft does not).
pub const LAST_VALID_KEY: &str = "funnel-lab.last-valid";
/// The library of named scenarios.
pub const LIBRARY_KEY: &str = "funnel-lab.library";
/// Where a stored library this version cannot read is put aside rather than overwritten.
pub const UNREADABLE_KEY: &str = "funnel-lab.library.unreadable";

/// What one undo step restores: the scenario and the preset key it came from.
type Snapshot = (ScenarioSpec, String);

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn read(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

/// History, library and storage health; `Copy`, provided as context.
#[derive(Clone, Copy)]
pub struct Keep {
    history: StoredValue<History<Snapshot>>,
    /// Set while an undo or redo puts a snapshot back, so that it is not recorded as an edit.
    restoring: StoredValue<bool>,
    /// Whether there is something to undo.
    pub can_undo: RwSignal<bool>,
    /// Whether there is something to redo.
    pub can_redo: RwSignal<bool>,
    /// The saved scenarios.
    pub library: RwSignal<Library>,
    /// The last library operation's refusal, or why the stored library could not be read.
    pub library_error: RwSignal<Option<LibraryError>>,
    /// The library entry last saved or opened, offered as the name to save under.
    pub open_entry: RwSignal<Option<String>>,
    /// A write to localStorage failed (full or blocked): the page says so and works on.
    pub storage_problem: RwSignal<bool>,
    /// The last scenario that passed validation: the draft when it is valid.
    pub last_valid: Memo<Option<ScenarioSpec>>,
}

impl Keep {
    /// Reads the library and the last valid scenario, starts recording edits and saving, listens
    /// for the undo keys, and runs the last valid scenario when the draft is invalid.
    pub fn install(state: AppState, runner: Runner) -> Keep {
        let (library, error) = match read(LIBRARY_KEY).map(|t| (Library::from_json(&t), t)) {
            None => (Library::default(), None),
            Some((Ok(lib), _)) => (lib, None),
            Some((Err(e), text)) => {
                if let Some(s) = storage() {
                    let _ = s.set_item(UNREADABLE_KEY, &text);
                }
                (Library::default(), Some(e))
            }
        };
        let stored_valid = read(LAST_VALID_KEY)
            .and_then(|t| ScenarioSpec::from_json(&t).ok())
            .filter(|s| Scenario::new(s.clone()).is_ok());
        let last_valid = Memo::new(move |prev: Option<&Option<ScenarioSpec>>| {
            if state.validated.with(Result::is_ok) {
                Some(state.spec.get())
            } else {
                prev.cloned().flatten().or_else(|| stored_valid.clone())
            }
        });
        let keep = Keep {
            history: StoredValue::new(History::default()),
            restoring: StoredValue::new(false),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
            library: RwSignal::new(library),
            library_error: RwSignal::new(error),
            open_entry: RwSignal::new(None),
            storage_problem: RwSignal::new(false),
            last_valid,
        };
        provide_context(keep);
        keep.record_edits(state);
        Effect::new(move |_| {
            if let Some(json) = last_valid.with(|s| s.as_ref().map(ScenarioSpec::to_json)) {
                keep.write(LAST_VALID_KEY, &json);
            }
        });
        Effect::new(move |_| {
            let json = keep.library.with(Library::to_json);
            keep.write(LIBRARY_KEY, &json);
        });
        crate::app::keep::keys::listen(state, keep);
        if !state.validated.with_untracked(Result::is_ok) {
            let config = state.config.get_untracked().unwrap_or_default();
            if let Some(json) = last_valid.with_untracked(|s| s.as_ref().map(ScenarioSpec::to_json))
            {
                runner.run_main(json, config);
            }
        }
        keep
    }

    /// Records the state before every change of the scenario, one step per change (loading a
    /// preset or a library entry included), except the changes undo and redo make.
    fn record_edits(self, state: AppState) {
        Effect::new(move |prev: Option<Snapshot>| {
            let now = (state.spec.get(), state.preset.get_untracked());
            if self.restoring.get_value() {
                self.restoring.set_value(false);
            } else if let Some(before) = prev.filter(|b| b.0 != now.0) {
                self.history.update_value(|h| h.record(before));
                self.sync();
            }
            now
        });
    }

    fn sync(&self) {
        let (u, r) = self.history.with_value(|h| (h.can_undo(), h.can_redo()));
        self.can_undo.set(u);
        self.can_redo.set(r);
    }

    fn restore(
        &self,
        state: AppState,
        step: impl FnOnce(&mut History<Snapshot>, Snapshot) -> Option<Snapshot>,
    ) {
        let now = (state.spec.get_untracked(), state.preset.get_untracked());
        if let Some((spec, key)) = self.history.try_update_value(|h| step(h, now)).flatten() {
            self.restoring.set_value(true);
            state.spec.set(spec);
            state.preset.set(key);
        }
        self.sync();
    }

    /// Steps back one edit.
    pub fn undo(&self, state: AppState) {
        self.restore(state, History::undo);
    }

    /// Steps forward one undone edit.
    pub fn redo(&self, state: AppState) {
        self.restore(state, History::redo);
    }

    /// Writes to localStorage; a failure (full, blocked, or no storage at all) is said on the
    /// page until a later write succeeds. Everything stays in memory either way.
    pub fn write(&self, key: &str, value: &str) {
        let ok = storage().is_some_and(|s| s.set_item(key, value).is_ok());
        if self.storage_problem.get_untracked() == ok {
            self.storage_problem.set(!ok);
        }
    }
}

/// The focused element as an input, if it is one.
pub(super) fn focused_input() -> Option<web_sys::HtmlInputElement> {
    document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
}
