//! The charts render to SVG natively: each draws its bars, lines and words.

use funnel_lab::charts::{draw_fan, draw_funnel, draw_histogram, ChartText};
use funnel_lab::sim::Job;
use funnel_lab::sim::{preset, RunConfig, Simulation};
use funnel_lab::words::format::Numbers;
use funnel_lab::words::i18n::Lang;
use funnel_lab::words::text::Named;
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
        numbers: Numbers::default(),
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
        // English numbers by default, so the stages' English names.
        let name = st.name_in(Lang::En);
        assert!(w.iter().any(|t| t.starts_with(name)), "stage {name}: {w:?}");
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

/// Rectangles filled with `colour` (an SVG hex colour such as `#2563EB`).
fn rects_of(svg: &str, colour: &RGBColor) -> usize {
    let hex = format!("fill=\"#{:02X}{:02X}{:02X}\"", colour.0, colour.1, colour.2);
    svg.split("<rect")
        .skip(1)
        .filter(|r| r.split("/>").next().is_some_and(|t| t.contains(&hex)))
        .count()
}

fn reveal_text() -> ChartText {
    ChartText {
        title: "P(plan) by variant".into(),
        legend: vec!["P(plan), 95% interval".into(), "guess".into()],
        ..ChartText::default()
    }
}

fn reveal_bars(guesses: [Option<f64>; 3]) -> Vec<funnel_lab::charts::RevealBar> {
    use funnel_lab::charts::RevealBar;
    let arm = |label: &str, p: f64, guess, delta| RevealBar {
        label: label.into(),
        p,
        se: 0.01,
        guess,
        delta,
    };
    vec![
        arm("No reverse moves", 0.61, guesses[0], None),
        arm("10% a day fall back", 0.43, guesses[1], Some((-0.18, 0.008))),
        arm("20% a day", 0.30, guesses[2], Some((-0.31, 0.009))),
    ]
}

#[test]
fn reveal_bars_draw_one_bar_per_arm_and_the_guesses() {
    use funnel_lab::charts::{arm_colour, draw_reveal_bars};
    let bars = reveal_bars([Some(0.6), Some(0.5), None]);
    let out = svg(|a| draw_reveal_bars(a, &bars, &reveal_text(), 1.5).is_ok());
    // One bar per arm in the arm's colour; the baseline's colour also keys the legend.
    let arm_rects: Vec<usize> = (0..4).map(|i| rects_of(&out, &arm_colour(i))).collect();
    assert_eq!(arm_rects, [2, 1, 1, 0], "bars per arm colour");
    // A guess marker per guess, and one in the legend.
    assert_eq!(out.matches("<polygon").count(), 3, "guess markers");
    let w = words(&out);
    for label in ["No reverse moves", "10% a day fall back", "20% a day", "P(plan) by variant"] {
        assert!(w.iter().any(|t| t == label), "{label}: {w:?}");
    }
    // The unit stays with its number (a no-break space), as everywhere Numbers writes points.
    assert!(w.contains(&"61.0% ± 2.0\u{a0}pp".to_owned()), "value and interval: {w:?}");
    assert!(w.contains(&"Δ -18.0 ± 1.6\u{a0}pp".to_owned()), "paired difference: {w:?}");
    assert!(w.contains(&"guess 60%".to_owned()) && w.contains(&"guess 50%".to_owned()), "{w:?}");
}

#[test]
fn reveal_bars_without_guesses_have_no_markers() {
    use funnel_lab::charts::draw_reveal_bars;
    let bars = reveal_bars([None; 3]);
    let out = svg(|a| draw_reveal_bars(a, &bars, &reveal_text(), 1.0).is_ok());
    assert_eq!(out.matches("<polygon").count(), 0);
    assert!(!words(&out).iter().any(|t| t.starts_with("guess")));
}

#[test]
fn attainment_overlay_has_a_curve_per_arm_and_the_plan() {
    use funnel_lab::charts::{arm_colour, draw_attainment_overlay, OverlaySeries};
    let r = report();
    let mut shifted = r.attainment.clone();
    shifted.counts.rotate_left(4);
    let series = vec![
        OverlaySeries { label: "baseline".into(), histogram: r.attainment.clone() },
        OverlaySeries { label: "variant".into(), histogram: shifted },
    ];
    let t = ChartText { title: "Attainment".into(), plan: "plan".into(), ..ChartText::default() };
    let out = svg(|a| draw_attainment_overlay(a, &series, &t, 1.0).is_ok());
    assert_eq!(out.matches("<polygon").count(), 2, "one filled outline per arm");
    for i in 0..2 {
        let c = arm_colour(i);
        let hex = format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
        assert!(out.matches(&hex).count() >= 3, "arm {i}: fill, outline and legend key");
    }
    let w = words(&out);
    for word in ["Attainment", "plan", "baseline", "variant", "100%", "300%+"] {
        assert!(w.contains(&word.to_owned()), "{word}: {w:?}");
    }
}

#[test]
fn warn_curve_draws_each_basis_and_survives_an_empty_curve() {
    use funnel_lab::charts::{draw_warn_curve, CurveLine, CurvePoint};
    use funnel_lab::sim::report::CheckBasis;
    let t = ChartText {
        title: "Mid-month check".into(),
        day: "tolerance".into(),
        legend: ["precision", "recall", "both numbers", "count only", "budget only"]
            .map(String::from)
            .to_vec(),
        ..ChartText::default()
    };
    let line = |basis, lift: f64| CurveLine {
        basis,
        points: (0..6)
            .map(|i| {
                let tol = f64::from(i) / 10.0;
                CurvePoint {
                    tolerance: tol,
                    precision: Some(0.5 + tol * lift),
                    recall: if i == 3 { None } else { Some(0.9 - tol) },
                }
            })
            .collect(),
    };
    let lines = vec![
        line(CheckBasis::Both, 0.8),
        line(CheckBasis::Count, 0.5),
        line(CheckBasis::Budget, 0.2),
    ];
    let out = svg(|a| draw_warn_curve(a, &lines, &t, 1.0).is_ok());
    // Points are marked on the two-number line only: six precisions and five recalls.
    assert_eq!(out.matches("<circle").count(), 11, "markers on the posts' two-number check");
    let w = words(&out);
    for word in ["Mid-month check", "tolerance", "count only", "budget only", "0%", "50%"] {
        assert!(w.contains(&word.to_owned()), "{word}: {w:?}");
    }
    let empty = svg(|a| draw_warn_curve(a, &[], &t, 1.0).is_ok());
    assert_eq!(empty.matches("<circle").count(), 0);
    assert!(words(&empty).contains(&"—".to_owned()), "an empty curve says there is nothing");
}

#[test]
fn lab_charts_draw_their_series_rules_and_words() {
    use funnel_lab::charts::draw_lines;
    use funnel_lab::studies::lab::{cohort_ltv, coverage, cpl_trap, CohortParams, CplParams};
    use funnel_lab::ui::lab_view::{climb_chart, cohort_chart, coverage_chart, cpl_chart};
    let cohort = cohort_ltv(&CohortParams { runs: 2, ..CohortParams::default() }, 1).expect("runs");
    let base = preset("default").and_then(|p| p.scenario().ok()).expect("default");
    let cpl = cpl_trap(&base, &CplParams { trials: 200, ..CplParams::default() }, 1).expect("runs");
    let cov = coverage(&["default", "skirt"], 200, 1).expect("runs");
    let spec = funnel_lab::studies::ladder::ladder_preset("ladder").expect("ladder");
    let ladder = funnel_lab::studies::ladder::Ladder::new(spec).expect("valid");
    let climb = funnel_lab::studies::ladder::ladder(&ladder).to_flagship;
    for (chart, must) in [
        (cohort_chart(&cohort, true), vec!["Error of LTV = ARPU / churn", "+30%", "no error"]),
        (cpl_chart(&cpl, false), vec!["Стоимость лида и стоимость клиента", "CPL, ₽ за лид"]),
        (coverage_chart(&cov, true), vec!["the 3× rule", "80%", "3×"]),
        (climb_chart(&climb, true), vec!["working days", "mean", "90%"]),
    ] {
        let out = svg(|root| draw_lines(root, &chart, 1.0).is_ok());
        let printed = words(&out);
        for m in must {
            assert!(
                printed.iter().any(|t| t.contains(m)),
                "{}: no '{m}' in {printed:?}",
                chart.title
            );
        }
        // One path per series at least, and the bands as polygons.
        assert!(
            out.matches("<polyline").count() + out.matches("<path").count() >= chart.series.len()
        );
    }
}

#[test]
fn a_chart_writes_numbers_and_stage_names_in_the_pages_language() {
    let r = report();
    assert!(
        r.stages.iter().all(|s| s.name_en.is_some()),
        "the default preset names its stages in English too"
    );
    let ru = ChartText { numbers: Numbers(Lang::Ru), ..text("Воронка") };
    let en = ChartText { numbers: Numbers(Lang::En), ..text("Funnel") };
    let (w_ru, w_en) = (
        words(&svg(|a| draw_funnel(a, &r, &ru, 2.0).is_ok())),
        words(&svg(|a| draw_funnel(a, &r, &en, 2.0).is_ok())),
    );
    for st in &r.stages {
        let english = st.name_en.as_deref().unwrap_or_default();
        assert!(w_ru.iter().any(|t| t.starts_with(&st.name)), "{}: {w_ru:?}", st.name);
        assert!(w_en.iter().any(|t| t.starts_with(english)), "{english}: {w_en:?}");
    }
    // Counts and budgets: a decimal comma and «тыс.» / «млн» in Russian, a point and k / M in
    // English.
    assert!(
        w_ru.iter().any(|t| t.contains(',') && (t.contains("тыс.") || t.contains("млн"))),
        "{w_ru:?}"
    );
    assert!(
        !w_ru.iter().any(|t| t.contains("k ") || t.ends_with('k') || t.ends_with('M')),
        "{w_ru:?}"
    );
    assert!(
        w_en.iter().any(|t| t.contains('.') && (t.contains('k') || t.contains('M'))),
        "{w_en:?}"
    );
    let fan_ru = words(&svg(|a| draw_fan(a, &r, &ru, 1.0).is_ok()));
    assert!(fan_ru.iter().any(|t| t.ends_with("млн")), "money axis in millions: {fan_ru:?}");
}
