//! Taking a result away: the last report as CSV (`,` or `;`), each chart as a PNG at the
//! canvas's own pixel size (CSS size × device pixel ratio), and the print view.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::i18n::Lang;
use crate::app::keep::words::{word, Word};
use crate::app::state::AppState;
use crate::app::widgets::download;
use crate::io::csv_export::{report_csv, Separator};

/// The charts that can be saved: test id of the canvas, its word, its file name.
const CHARTS: [(&str, Word, &str); 3] = [
    ("chart-histogram", Word::Histogram, "histogram"),
    ("chart-funnel", Word::Funnel, "funnel"),
    ("chart-fan", Word::Fan, "fan"),
];

/// A file name from the scenario's name: letters and digits kept, the rest made dashes.
fn file_stem(name: &str) -> String {
    let s: String = name.chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
    let s = s.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
    if s.is_empty() {
        "funnel-lab".into()
    } else {
        s
    }
}

fn save_png(testid: &str, file: &str) {
    let canvas = document()
        .query_selector(&format!("canvas[data-testid={testid}]"))
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok());
    if let Some(url) = canvas.and_then(|c| c.to_data_url().ok()) {
        download(&url, &format!("funnel-lab-{file}.png"));
    }
}

/// CSV with its separator, a PNG per chart, print.
#[component]
pub fn ExportBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let w = move |k| move || word(lang.get(), k);
    // A Russian-locale spreadsheet wants `;` and decimal commas; start from the page's language.
    let sep = RwSignal::new(match lang.get_untracked() {
        Lang::Ru => Separator::Semicolon,
        Lang::En => Separator::Comma,
    });
    let no_report = move || state.editor.report.with(Option::is_none);
    let csv = move |_| {
        state.editor.report.with_untracked(|r| {
            if let Some(r) = r {
                let text = report_csv(r, sep.get_untracked());
                let href = format!(
                    "data:text/csv;charset=utf-8,{}",
                    String::from(js_sys::encode_uri_component(&text))
                );
                download(&href, &format!("{}.csv", file_stem(&r.scenario)));
            }
        });
    };
    view! {
        <div class="export-bar" data-testid="export">
            <label>{w(Word::Separator)}" "
                <select data-testid="csv-sep" prop:value=move || sep.get().char().to_string()
                    on:change=move |ev| sep.set(Separator::parse(&event_target_value(&ev)).unwrap_or_default())>
                    <option value=",">{w(Word::SepComma)}</option>
                    <option value=";">{w(Word::SepSemicolon)}</option>
                </select>
            </label>
            <button data-testid="export-csv" disabled=no_report on:click=csv>{w(Word::ExportCsv)}</button>
            {CHARTS.into_iter().map(|(id, label, file)| view! {
                <button data-testid="export-png" data-chart=id disabled=no_report on:click=move |_| save_png(id, file)>
                    {w(Word::ExportPng)}": "{w(label)}</button>
            }).collect_view()}
            <button data-testid="print" disabled=no_report on:click=move |_| { let _ = window().print(); }>{w(Word::Print)}</button>
        </div>
    }
}
