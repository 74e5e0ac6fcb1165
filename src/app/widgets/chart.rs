//! A canvas that draws one chart of the last report, sharp on high-DPI screens.

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

use crate::app::i18n::{tr, Lang};
use crate::app::state::AppState;
use crate::charts::{alt, draw_fan, draw_funnel, draw_histogram, ChartText, DrawResult};
use crate::sim::Report;
use crate::words::format::Numbers;
use crate::words::i18n::Phrase;

/// Which chart.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Attainment histogram.
    Histogram,
    /// Shape vs checkpoint, per stage.
    Funnel,
    /// Cumulative revenue by day.
    Fan,
}

fn words(kind: ChartKind, lang: Lang, r: &Report) -> ChartText {
    let t = |k| tr(lang, k).to_owned();
    let numbers = Numbers(lang);
    let text = match kind {
        ChartKind::Histogram => ChartText {
            title: t(Phrase::ChartHist),
            plan: t(Phrase::Plan),
            note: format!("{} {}", numbers.percent(r.p_plan), tr(lang, Phrase::PastPlan)),
            ..ChartText::default()
        },
        ChartKind::Funnel => ChartText {
            title: t(Phrase::ChartFunnel),
            legend: vec![
                t(Phrase::PlanShape),
                format!("{} {}", tr(lang, Phrase::Day), r.checkpoint_day),
            ],
            ..ChartText::default()
        },
        ChartKind::Fan => ChartText {
            title: t(Phrase::ChartFan),
            plan: t(Phrase::Plan),
            legend: vec![t(Phrase::Band), t(Phrase::MedianLine)],
            day: t(Phrase::Day),
            checkpoint: t(Phrase::Checkpoint),
            ..ChartText::default()
        },
    };
    ChartText { numbers, ..text }
}

/// Sizes a canvas to its CSS box times the device pixel ratio (so it stays sharp), then draws on
/// it; `draw` gets the drawing area and the pixel scale.
pub fn paint(
    canvas: &web_sys::HtmlCanvasElement,
    draw: impl FnOnce(&DrawingArea<CanvasBackend, Shift>, f64) -> DrawResult<CanvasBackend>,
) {
    let dpr = window().device_pixel_ratio().max(1.0);
    let rect = canvas.get_bounding_client_rect();
    let (w, h) = ((rect.width() * dpr).round() as u32, (rect.height() * dpr).round() as u32);
    if w == 0 || h == 0 {
        return;
    }
    canvas.set_width(w);
    canvas.set_height(h);
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else { return };
    let root = backend.into_drawing_area();
    if draw(&root, dpr).and_then(|()| root.present()).is_err() {
        leptos::logging::warn!("a chart could not be drawn");
    }
}

fn draw(canvas: &web_sys::HtmlCanvasElement, kind: ChartKind, lang: Lang, r: &Report) {
    let text = words(kind, lang, r);
    paint(canvas, |root, dpr| match kind {
        ChartKind::Histogram => draw_histogram(root, r, &text, dpr),
        ChartKind::Funnel => draw_funnel(root, r, &text, dpr),
        ChartKind::Fan => draw_fan(root, r, &text, dpr),
    });
}

/// One chart; redrawn when the report or the language changes.
#[component]
pub fn ChartCanvas(kind: ChartKind, testid: &'static str) -> impl IntoView {
    let state = expect_context::<AppState>();
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let lang = state.lang.get();
        state.editor.report.with(|r| {
            if let (Some(r), Some(c)) = (r, canvas.get()) {
                draw(&c, kind, lang, r);
            }
        });
    });
    // The numbers drawn, in words: the chart's text alternative.
    let alt = move || {
        let lang = state.lang.get();
        state.editor.report.with(|r| {
            r.as_ref().map(|r| {
                let (title, en) = (words(kind, lang, r).title, lang == Lang::En);
                match kind {
                    ChartKind::Histogram => alt::histogram(en, &title, r),
                    ChartKind::Funnel => alt::funnel(en, &title, r),
                    ChartKind::Fan => alt::fan(en, &title, r),
                }
            })
        })
    };
    view! { <canvas class="chart" data-testid=testid node_ref=canvas role="img" aria-label=alt></canvas> }
}

/// How much larger a chart's type is in presenter mode (16 px labels become 24 px).
const PRESENTER_ZOOM: f64 = 1.5;
/// Below this CSS width a chart's type shrinks.
const NATURAL_WIDTH: f64 = 640.0;

/// A canvas that draws `data` with `draw` whenever the data or presenter mode (which resizes
/// the canvas and enlarges its type) changes; blank while the data is `None`. Sizing for the
/// device pixel ratio is [`paint`]'s.
#[component]
pub fn PlotCanvas<D, F>(
    /// What to draw.
    data: Signal<Option<D>>,
    /// Draws it on the area at a pixel scale.
    draw: F,
    /// The numbers drawn, in words (its text alternative); `true` for English.
    describe: fn(&D, bool) -> String,
    /// Stable test id.
    testid: &'static str,
    /// Extra CSS class (sets the size).
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView
where
    D: Clone + Send + Sync + 'static,
    F: Fn(&DrawingArea<CanvasBackend, Shift>, &D, f64) -> DrawResult<CanvasBackend> + 'static,
{
    let state = expect_context::<AppState>();
    let canvas = NodeRef::<Canvas>::new();
    // A presenter step that was hidden (drawn at no size) draws again when it shows.
    let slides = use_context::<crate::app::lesson::present::Slides>();
    Effect::new(move |_| {
        let presenting = state.presenter.get();
        if let Some(s) = slides {
            s.at.track();
        }
        data.with(|d| {
            if let (Some(d), Some(c)) = (d, canvas.get()) {
                // Type made for a wide canvas shrinks on a narrow one (a phone), down to 3/4.
                let width = c.get_bounding_client_rect().width();
                let zoom = if presenting {
                    PRESENTER_ZOOM
                } else {
                    (width / NATURAL_WIDTH).clamp(0.75, 1.0)
                };
                paint(&c, |root, dpr| draw(root, d, dpr * zoom));
            }
        });
    });
    let alt = move || {
        let en = state.lang.get() == Lang::En;
        data.with(|d| d.as_ref().map(|d| describe(d, en)))
    };
    view! { <canvas class=format!("chart {class}") data-testid=testid node_ref=canvas role="img" aria-label=alt></canvas> }
}
