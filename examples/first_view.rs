//! Writes the first view's numbers into the built page (issue #20 item 5; docs/load.md): the
//! engine's own result for the default scenario at the page's default trials and seed, computed
//! here, natively, at build time, so a first visit with nothing saved sees it at once, marked
//! «рассчитано заранее» / "computed in advance" until the page's own run replaces it.
//!
//! Trunk runs it after each build (Trunk.toml, a `post_build` hook) on the staged `index.html`:
//! `cargo run --profile test-opt --example first_view -- <index.html>`. It fills the page's
//! empty `<span data-fv="…">` slots (both languages' forms; the page's CSS shows one) and
//! replaces the marker `<!--first-view-->` with a JSON data block (data, not a script: the
//! Content-Security-Policy is unchanged) holding the scenario and run settings that `boot.js`
//! hands the first worker, so the app's own first run is of exactly this scenario.
//! It also drops the preload links Trunk writes for the page's JS and wasm (see `without_preloads`).

use funnel_lab::sim::presets::default_preset;
use funnel_lab::sim::{Job, RunConfig, Scenario, ScenarioSpec, Simulation};
use funnel_lab::words::format::{grouped, Numbers};
use funnel_lab::words::i18n::Lang;

const MARKER: &str = "<!--first-view-->";

/// The page's default run settings (`AppState::new`: "10000" trials, seed "1").
const TRIALS: u64 = 10_000;
const SEED: u64 = 1;

/// Both languages' forms of one number: `<span class=ru>…</span><span class=en>…</span>`.
fn both(ru: &str, en: &str) -> String {
    format!("<span class=\"ru\">{ru}</span><span class=\"en\">{en}</span>")
}

/// `page` with the numbers in their slots and the data block at the marker.
fn fill(page: &str) -> Result<String, Box<dyn std::error::Error>> {
    let preset = default_preset();
    // What the page sends for a fresh visit: the preset read as the editor's spec and written
    // back (`state.spec.to_json()`).
    let scenario_json = ScenarioSpec::from_json(preset.json)?.to_json();
    let config = RunConfig { trials: TRIALS, seed: SEED, ..RunConfig::default() };
    let report = Simulation::new(Scenario::from_json(&scenario_json)?, config)?.run();
    let (ru, en) = ("\u{202f}", ",");
    let (n_ru, n_en) = (Numbers(Lang::Ru), Numbers(Lang::En));
    let money = |x: f64| {
        both(
            &format!("{} {}", grouped(x, ru), report.currency),
            &format!("{} {}", grouped(x, en), report.currency),
        )
    };
    let q = |x: f64| both(&grouped(x, ru), &grouped(x, en));
    let v = &report.revenue;
    let numbers = [
        ("p_plan", both(&n_ru.percent(report.p_plan), &n_en.percent(report.p_plan))),
        (
            "p_plan_se",
            both(
                &format!("± {}", n_ru.percent(report.p_plan_se)),
                &format!("± {}", n_en.percent(report.p_plan_se)),
            ),
        ),
        ("plan", money(report.plan)),
        ("trials", both(&grouped(report.trials as f64, ru), &grouped(report.trials as f64, en))),
        ("days", report.horizon_days.to_string()),
        ("quantiles", format!("{} / {} / {}", q(v.p10), q(v.p50), q(v.p90))),
        ("mean", money(v.mean)),
        ("wins", both(&n_ru.decimal(report.wins.mean, 1), &n_en.decimal(report.wins.mean, 1))),
        (
            "losses",
            both(&n_ru.decimal(report.losses.mean, 1), &n_en.decimal(report.losses.mean, 1)),
        ),
    ];
    let mut out = page.to_owned();
    for (key, html) in numbers {
        let slot = format!("<span data-fv=\"{key}\"></span>");
        if !out.contains(&slot) {
            return Err(format!("the page has no slot {slot}").into());
        }
        out = out.replacen(&slot, &format!("<span data-fv=\"{key}\">{html}</span>"), 1);
    }
    let data = serde_json::json!({ "scenario": scenario_json, "config": config });
    // A data block, not a script; `</` inside it could end it early, and `<\/` is the same JSON.
    let block = format!(
        "<script type=\"application/json\" id=\"first-view-data\">{}</script>",
        data.to_string().replace("</", "<\\/")
    );
    if !out.contains(MARKER) {
        return Err(format!("the page has no {MARKER} marker").into());
    }
    Ok(without_preloads(&out.replacen(MARKER, &block, 1)))
}

/// `page` without Trunk's preload links for the page's JS and wasm: on the simulator `boot.js`
/// fetches them only after the first result, so that the worker's wasm has the line to itself
/// (on a phone the two would share 1.6 Mbps); elsewhere it imports them at once.
fn without_preloads(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(at) = ["<link rel=\"modulepreload\"", "<link rel=\"preload\""]
        .iter()
        .filter_map(|tag| rest.find(tag))
        .min()
    {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: first_view <index.html>")?;
    let page = std::fs::read_to_string(&path)?;
    std::fs::write(&path, fill(&page)?)?;
    Ok(())
}
