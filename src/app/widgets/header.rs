//! The page header: title, language switch and the preset picker with each preset's shape
//! (`content::presets`: the names and shapes written ahead, not computed on the page).

use leptos::prelude::*;

use crate::app::i18n::tr;
use crate::app::state::AppState;
use crate::content::presets::cards;
use crate::sim::ScenarioSpec;
use crate::words::i18n::Phrase;
use crate::words::text::Named;

/// A small drawing of a funnel shape: one centred bar per stage.
#[component]
pub fn ShapeMini(shape: Vec<f64>) -> impl IntoView {
    let max = shape.iter().cloned().fold(0.0, f64::max).max(1e-9);
    view! {
        <span class="shape-mini" aria-hidden="true">
            {shape.into_iter().map(|c| view! { <i style=format!("width:{:.0}%", 100.0 * c / max)></i> }).collect_view()}
        </span>
    }
}

/// Title, language switch, preset picker.
#[component]
pub fn Header() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let choose = move |key: String| {
        if let Some(p) = crate::sim::preset(&key) {
            if let Ok(spec) = ScenarioSpec::from_json(p.json) {
                state.load(spec, key);
            }
        }
    };
    // A scenario that is no preset (edited, or a lesson's arm) is named, so the trainer sees
    // which one is open.
    let custom = move || {
        let l = lang.get();
        let name = state.spec.with(|s| s.name_in(l).to_owned());
        format!("{}: {name}", tr(l, Phrase::Custom))
    };
    view! {
        <header>
            <div class="titles">
                <h1>{move || tr(lang.get(), Phrase::Title)}</h1>
                <p>{move || tr(lang.get(), Phrase::Subtitle)}</p>
            </div>
            <div class="presets">
                <label>{move || tr(lang.get(), Phrase::Preset)}
                    <select data-testid="preset" prop:value=move || state.preset.get()
                        on:change=move |ev| choose(event_target_value(&ev))>
                        <option value="" disabled=true>{custom}</option>
                        {move || cards().iter().map(|c| {
                            view! { <option value=c.key.clone()>{c.name_in(lang.get()).to_owned()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <div class="preset-cards">
                    {move || cards().iter().map(|c| {
                        let (name, shape) = (c.name_in(lang.get()).to_owned(), c.shape.clone());
                        let key = c.key.clone();
                        let k2 = key.clone();
                        view! {
                            <button class="preset-card" class:active=move || state.preset.get() == k2
                                on:click=move |_| choose(key.clone())>
                                <ShapeMini shape=shape />
                                <span>{name}</span>
                            </button>
                        }
                    }).collect_view()}
                </div>
            </div>
        </header>
    }
}
