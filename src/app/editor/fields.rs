//! A labelled number input with its inline validation message.

use leptos::prelude::*;

use crate::app::i18n::tr;
use crate::app::state::AppState;
use crate::ui::errors::{kind_text, scaled_text};
pub use crate::ui::fields::{parse, show};
use crate::words::i18n::Phrase;

/// A number field bound to one scenario value. `scale` is what the input shows per unit of
/// the value (100 for a share shown in percent). Edits commit on change (Enter or leaving).
#[component]
pub fn NumField(
    /// The label's words.
    label: Phrase,
    /// Path of the value in the scenario, for its validation message.
    #[prop(into)]
    path: String,
    /// Reads the value.
    #[prop(into)]
    value: Signal<f64>,
    /// Writes the value.
    set: Callback<f64>,
    /// Shown per unit of the value.
    #[prop(default = 1.0)]
    scale: f64,
    /// Stable test id.
    #[prop(optional)]
    testid: &'static str,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    // The text shown, memoised: an edit elsewhere in the scenario (each step of a drag) leaves
    // this field's input untouched instead of writing the same text into it again.
    let text = Memo::new(move |_| show(value.get() * scale));
    let path_for_error = path.clone();
    let error = Memo::new(move |_| state.error_at(&path_for_error));
    let message = move || {
        error.get().map(|e| {
            if scale != 1.0 {
                // Percent fields: the engine's range is a share; say it in percent.
                scaled_text(state.lang.get(), &e.kind, scale)
            } else {
                kind_text(state.lang.get(), &e.kind)
            }
        })
    };
    view! {
        <label class="field" class:invalid=move || error.get().is_some()>
            <span class="label">{move || tr(state.lang.get(), label)}</span>
            <input
                type="text"
                inputmode="decimal"
                data-testid=testid
                data-path=path
                prop:value=move || text.get()
                on:change=move |ev| {
                    set.run(parse(&event_target_value(&ev)) / scale);
                    // Shown as the scenario now holds it, even when that did not change (a
                    // rounded or clamped entry, or the same number written another way).
                    event_target::<web_sys::HtmlInputElement>(&ev).set_value(&text.get_untracked());
                }
            />
            {move || message().map(|m| view! { <span class="error" data-testid="error">{m}</span> })}
        </label>
    }
}
