//! The charts render to SVG natively: each draws its bars, lines and words.

use funnel_lab::charts::{draw_fan, draw_funnel, draw_histogram, ChartText};
use funnel_lab::sim::{preset, RunConfig, Simulation};
use plotters::prelude::*;

fn report() -> funnel_lab::sim::Report {
    let s = preset("default").and_then(|p| p.scenario().ok()).expect("default");
    Simulation::new(s, RunConfig { trials: 2000, ..RunConfig::default() }).expect("config").run()
}

fn text(title: &str) -> ChartText {
    ChartText {
        title: title.into(),
        plan: "plan".into(),
        note: "61% past plan".into(),
        legend: vec!["shape".into(), "day 10".into()],
        day: "day".into(),
        checkpoint: "checkpoint".into(),
    }
}

/// The words a chart printed.
fn words(svg: &str) -> Vec<String> {
    svg.split("</text>")
        .filter_map(|chunk| chunk.rsplit_once('>').map(|(_, t)| t.trim().to_owned()))
        .filter(|t| !t.is_empty())
        .collect()
}

fn svg(draw: impl Fn(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> bool) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (800, 420)).into_drawing_area();
        assert!(draw(&root), "chart drew without error");
        root.present().expect("present");
    }
    out
}

#[test]
fn histogram_has_bars_on_both_sides_of_the_plan() {
    let r = report();
    let out = svg(|a| draw_histogram(a, &r, &text("Attainment"), 1.0).is_ok());
    assert!(out.matches("<rect").count() > 10, "bars");
    let w = words(&out);
    assert!(w.contains(&"Attainment".to_owned()) && w.contains(&"plan".to_owned()), "{w:?}");
    assert!(w.contains(&"100%".to_owned()) && w.contains(&"300%+".to_owned()), "{w:?}");
    assert!(out.contains("#16A34A") || out.to_lowercase().contains("#16a34a"), "bars past plan");
    assert!(out.to_lowercase().contains("#dc2626"), "bars short of plan");
}

#[test]
fn funnel_shows_both_numbers_per_stage() {
    let r = report();
    let out = svg(|a| draw_funnel(a, &r, &text("Funnel"), 2.0).is_ok());
    let w = words(&out);
    for st in &r.stages {
        assert!(w.iter().any(|t| t.starts_with(&st.name)), "stage {}: {w:?}", st.name);
    }
    assert!(out.matches("<rect").count() >= 2 * r.stages.len());
}

#[test]
fn fan_has_band_median_and_plan() {
    let r = report();
    let out = svg(|a| draw_fan(a, &r, &text("Revenue by day"), 1.0).is_ok());
    assert!(out.contains("<polygon"), "band");
    assert!(out.matches("<polyline").count() >= 2, "median and plan");
    let w = words(&out);
    assert!(w.contains(&"checkpoint".to_owned()) && w.contains(&"plan".to_owned()), "{w:?}");
    assert!(w.iter().any(|t| t.ends_with('M')), "money axis in millions: {w:?}");
}

#[test]
fn tornado_has_a_bar_pair_per_parameter() {
    use funnel_lab::charts::{draw_tornado, TornadoBar};
    let bars = vec![
        TornadoBar { label: "conversion 1".into(), minus: -0.13, plus: 0.10 },
        TornadoBar { label: "days 2".into(), minus: 0.01, plus: -0.01 },
    ];
    let out = svg(|a| draw_tornado(a, &bars, &text("Sensitivity"), 1.0).is_ok());
    let w = words(&out);
    assert!(w.contains(&"conversion 1".to_owned()) && w.contains(&"days 2".to_owned()), "{w:?}");
    assert!(w.iter().any(|t| t.contains("pp")), "axis in percentage points: {w:?}");
    // Two bars per parameter, plus the background and the legend keys.
    assert!(out.matches("<rect").count() > 4, "two bars per parameter");
}
