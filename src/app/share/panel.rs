//! The Share button and its panel: the link to what is on screen, a copy button, and the link as
//! a QR code so a room can open the same page on their phones.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::share::words::{link_error, word, Word};
use crate::app::state::AppState;
use crate::io::share::{link, qr_svg, SharedState};

/// The link to the current scenario, trials, seed and view, or `None` while any of them is
/// invalid (such a link would not open).
fn current_link(state: AppState) -> Option<String> {
    let spec = state.spec.get();
    let config = state.config.get().ok()?;
    state.validated.with(Result::is_ok).then_some(())?;
    let view = state.route.get().hash().trim_start_matches('#').to_owned();
    let page = window().location().href().ok()?;
    Some(link(&page, &SharedState { spec, trials: config.trials, seed: config.seed, view }))
}

/// Puts `text` on the clipboard; where there is no clipboard (a page served over plain HTTP)
/// or it refuses, selects the link so Ctrl+C copies it.
fn copy(text: String, input: NodeRef<leptos::html::Input>, said: RwSignal<Option<Word>>) {
    let select = move || {
        if let Some(i) = input.get_untracked() {
            i.select();
        }
        said.set(Some(Word::CopyByHand));
    };
    let navigator = window().navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has_clipboard {
        select();
        return;
    }
    let promise = navigator.clipboard().write_text(&text);
    leptos::task::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => said.set(Some(Word::Copied)),
            Err(_) => select(),
        }
    });
}

/// The Share button; the panel opens below it.
#[component]
pub fn ShareButton() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let open = RwSignal::new(false);
    let said = RwSignal::new(None::<Word>);
    let input = NodeRef::<leptos::html::Input>::new();
    let url = Memo::new(move |_| open.get().then(|| current_link(state)).flatten());
    let qr = move || {
        url.get().map(|u| match qr_svg(&u) {
            Ok(q) => view! { <div class="qr" data-testid="share-qr" data-modules=q.modules inner_html=q.svg></div> }.into_any(),
            Err(e) => view! { <p class="hint">{link_error(lang.get(), &e)}</p> }.into_any(),
        })
    };
    let body = move || match url.get() {
        Some(u) => {
            let u2 = u.clone();
            view! {
                <p class="hint">{move || word(lang.get(), Word::ShareHint)}</p>
                <div class="share-row">
                    <input readonly data-testid="share-link" aria-label=move || word(lang.get(), Word::Share) node_ref=input prop:value=u
                        on:focus=move |ev| { if let Some(i) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) { i.select(); } } />
                    <button data-testid="share-copy" on:click=move |_| copy(u2.clone(), input, said)>
                        {move || word(lang.get(), Word::Copy)}</button>
                </div>
                <p class="said" data-testid="share-said">{move || said.get().map(|w| word(lang.get(), w))}</p>
                <figure>{qr}<figcaption>{move || word(lang.get(), Word::QrCaption)}</figcaption></figure>
            }
            .into_any()
        }
        None => {
            view! { <p class="notice">{move || word(lang.get(), Word::FixFirst)}</p> }.into_any()
        }
    };
    view! {
        <div class="share">
            <button data-testid="share" aria-expanded=move || open.get().to_string() class:active=move || open.get()
                on:click=move |_| { said.set(None); open.update(|o| *o = !*o) }>{move || word(lang.get(), Word::Share)}</button>
            <Show when=move || open.get()>
                <div class="share-panel" role="dialog" aria-label=move || word(lang.get(), Word::Share) data-testid="share-panel">
                    {body}
                    <button class="close" on:click=move |_| open.set(false)>{move || word(lang.get(), Word::Close)}</button>
                </div>
            </Show>
        </div>
    }
}
