//! A labelled number input with its inline validation message.

use leptos::prelude::*;

use super::i18n::{field_message, tr};
use super::state::AppState;

/// A number as an input shows it: up to six decimals, no trailing zeros, empty for NaN.
pub fn show(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let s = format!("{x:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Parses what the user typed (a comma works as the decimal point); NaN when it is no number,
/// which validation then reports in words.
pub fn parse(text: &str) -> f64 {
    text.trim()
        .replace(',', ".")
        .replace([' ', '\u{a0}', '\u{202f}'], "")
        .parse()
        .unwrap_or(f64::NAN)
}

/// A number field bound to one scenario value. `scale` is what the input shows per unit of
/// the value (100 for a share shown in percent). Edits commit on change (Enter or leaving).
#[component]
pub fn NumField(
    /// i18n key of the label.
    label: &'static str,
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
    let path_for_error = path.clone();
    let error = Memo::new(move |_| state.error_at(&path_for_error));
    let message = move || {
        error.get().map(|m| {
            if scale != 1.0 {
                // Percent fields: the engine's range is a share; say it in percent.
                format!("{} 0–{}%", tr(state.lang.get(), "range_is"), scale)
            } else {
                field_message(state.lang.get(), &m)
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
                prop:value=move || show(value.get() * scale)
                on:change=move |ev| set.run(parse(&event_target_value(&ev)) / scale)
            />
            {move || message().map(|m| view! { <span class="error" data-testid="error">{m}</span> })}
        </label>
    }
}
