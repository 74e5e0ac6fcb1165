//! The metrics lab (`#/metrics`): the metrics post's worked tables recomputed beside its own
//! figures, then the four experiments that test its critique ([`crate::app::tools::lab`]).

use leptos::prelude::*;

use crate::app::i18n::Lang;
use crate::app::state::AppState;
use crate::app::tools::lab::LabExperiments;
use crate::studies::metrics::{seed_tables, Figure, SeedTable, Unit};
use crate::ui::lab_view::figure_label_ru;
use crate::words::format::Numbers;
use crate::words::lab::LabWord;

/// A phrase of the metrics page in `lang`.
pub(super) fn t(lang: Lang, p: LabWord) -> &'static str {
    p.text(lang)
}

/// A figure as the post prints it (rounded its way), or as we compute it (to the kopeck).
fn shown(lang: Lang, unit: Unit, x: f64, exact: bool) -> String {
    let n = Numbers(lang);
    match (unit, exact) {
        (Unit::Rub, false) => format!("{} ₽", n.grouped(x)),
        (Unit::Rub, true) => {
            let whole = n.grouped(x.trunc());
            let kopecks = ((x.fract().abs() * 100.0).round() as i64).min(99);
            format!("{whole}{} ₽", n.localize(&format!(".{kopecks:02}")))
        }
        (Unit::Clients, _) => n.grouped(x),
        (Unit::Share, false) => n.percent_places(x, 1),
        (Unit::Share, true) => n.percent_places(x, 2),
        (Unit::Ratio, false) => n.times(x, 1),
        (Unit::Ratio, true) => n.times(x, 3),
    }
}

fn figure_row(lang: Lang, f: &Figure) -> impl IntoView {
    let label = if lang == Lang::En {
        f.label.clone()
    } else {
        figure_label_ru(&f.key).unwrap_or_else(|| f.label.clone())
    };
    let post = f.post.map(|p| shown(lang, f.unit, p, false)).unwrap_or_else(|| "—".into());
    let mark = f.note.is_some().then_some(" *");
    view! {
        <tr data-testid=format!("fig-{}", f.key) data-exact=f.exact.to_string()>
            <td>{label}</td>
            <td class="num">{post}</td>
            <td class="num">{shown(lang, f.unit, f.exact, true)}{mark}</td>
        </tr>
    }
}

fn seed_table(lang: Lang, table: &SeedTable) -> impl IntoView {
    let title = if lang == Lang::En { table.title_en.clone() } else { table.title_ru.clone() };
    let notes = table
        .figures
        .iter()
        .filter_map(|f| f.note.as_ref().map(|n| (f.key.clone(), n.clone())))
        .map(|(key, n)| {
            let text = if lang == Lang::En { n.en } else { n.ru };
            view! { <li><code>{key}</code>": "{text}</li> }
        })
        .collect_view();
    view! {
        <table class="seed-table" data-testid=format!("seed-{}", table.key)>
            <caption>{title}</caption>
            <thead><tr>
                <th>{t(lang, LabWord::Figure)}</th>
                <th>{t(lang, LabWord::Post)}</th>
                <th>{t(lang, LabWord::Exact)}</th>
            </tr></thead>
            <tbody>{table.figures.iter().map(|f| figure_row(lang, f)).collect_view()}</tbody>
        </table>
        <ul class="notes">{notes}</ul>
    }
}

/// The metrics lab page.
#[component]
pub fn MetricsView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let tables = seed_tables();
    view! {
        <section class="metrics-page">
            <h2>{move || t(lang.get(), LabWord::MetricsLab)}</h2>
            <p class="source">{move || t(lang.get(), LabWord::SourceAnalyticsThatShows)}</p>
            <h3>{move || t(lang.get(), LabWord::PostSTablesRecomputed)}</h3>
            <p class="hint">{move || t(lang.get(), LabWord::LeftFigurePostPrints)}</p>
            {move || {
                let l = lang.get();
                match &tables {
                    Ok(ts) => ts.tables.iter().map(|tb| seed_table(l, tb)).collect_view().into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            }}
            <LabExperiments />
        </section>
    }
}
