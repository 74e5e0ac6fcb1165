//! The undo keys: Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo (⌘ on a Mac), by key position so
//! they work in any keyboard layout. A text field with typing not yet committed keeps its own
//! undo (see [`crate::app::keep`]).

use leptos::prelude::*;

use crate::app::keep::{focused_input, Keep};
use crate::app::state::AppState;

/// The attribute holding a field's text as it was when it took the focus or last committed.
const CLEAN: &str = "data-clean-value";

/// Whether the focused field holds typing that its own undo should take back.
fn field_is_dirty() -> bool {
    focused_input().is_some_and(|i| {
        let text = matches!(i.type_().as_str(), "text" | "search" | "number" | "");
        text && i.get_attribute(CLEAN).is_some_and(|clean| clean != i.value())
    })
}

/// Marks the focused field clean: its text now is what undo would get back to.
fn mark_clean() {
    if let Some(i) = focused_input() {
        let _ = i.set_attribute(CLEAN, &i.value());
    }
}

/// Listens on the window for the keys and for fields taking the focus or committing.
pub fn listen(state: AppState, keep: Keep) {
    let _ = window_event_listener(leptos::ev::focusin, |_| mark_clean());
    let _ = window_event_listener(leptos::ev::change, |_| mark_clean());
    let _ = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() {
            return;
        }
        let redo = match ev.code().as_str() {
            "KeyZ" => ev.shift_key(),
            "KeyY" => true,
            _ => return,
        };
        if field_is_dirty() {
            return;
        }
        ev.prevent_default();
        if redo {
            keep.redo(state);
        } else {
            keep.undo(state);
        }
        // The focused field now shows the restored value (once the page has re-rendered):
        // that is its clean text, so the next Ctrl+Z steps back again.
        set_timeout(mark_clean, std::time::Duration::ZERO);
    });
}
