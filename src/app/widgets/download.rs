//! Saving a file from the page.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Makes the browser save `href` as `filename`, through a link clicked once.
pub fn download(href: &str, filename: &str) {
    let doc = document();
    let Ok(a) = doc.create_element("a") else { return };
    let _ = a.set_attribute("href", href);
    let _ = a.set_attribute("download", filename);
    if let (Some(body), Ok(link)) = (doc.body(), a.dyn_into::<web_sys::HtmlElement>()) {
        let _ = body.append_child(&link);
        link.click();
        link.remove();
    }
}
