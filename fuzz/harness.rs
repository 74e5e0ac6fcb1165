//! The fuzz harness: one function per decoder of outside input, each taking arbitrary bytes and
//! doing with the decoded value what the app does next (validate, upgrade, build the model, a
//! tiny run, calibrate into a scenario), so that a panic anywhere after decoding is found.
//!
//! The fuzz targets in `fuzz/` (cargo-fuzz, nightly) and the replay test `tests/fuzz_corpus.rs`
//! (stable) call the same functions, so every input the fuzzer kept is checked by `cargo test`.
//! Each function must return for any input; a panic is the bug. Refusals are fine: these only
//! check that a refused input is refused cleanly and an accepted one is usable.
//!
//! The work after decoding is bounded so that one input stays well under a millisecond or so
//! (a valid scenario may describe a month of a hundred thousand deals a day, which is slow but
//! not a bug): a run is tried only when the expected number of deals is small.

use funnel_lab::content::lessons::Lesson;
use funnel_lab::io::library::Library;
use funnel_lab::io::share;
use funnel_lab::sim::analysis::{Team, TeamSpec};
use funnel_lab::sim::Job as _;
use funnel_lab::sim::{Model, RunConfig, Scenario, ScenarioSpec, Simulation};
use funnel_lab::studies::calibrate::{self, CalibrateOptions, FormatChoice, PlanCheckConfig};

/// Deals a scenario may expect in a month for the harness to run it (a trial is then cheap).
const MAX_DEALS_TO_RUN: f64 = 500.0;

/// How many deals a valid scenario handles in a month, by the engine's own count
/// ([`Model::expected_deals`]: inflow over the horizon and the starting pipeline), times its
/// contacts.
fn expected_deals(model: &Model, scenario: &Scenario) -> f64 {
    model.expected_deals() * scenario.spec().levers.contacts_per_deal.max(1) as f64
}

/// What the app does with a scenario that validated: the file round trip, the model, and
/// when cheap, a short run.
fn use_scenario(scenario: &Scenario) {
    let spec = scenario.spec();
    let back = ScenarioSpec::from_json(&spec.to_json()).expect("a written scenario reads back");
    assert_eq!(&back, spec, "a scenario reads back as written");
    let model = Model::new(scenario);
    if expected_deals(&model, scenario) <= MAX_DEALS_TO_RUN {
        let config = RunConfig { trials: 1, seed: 1, ..RunConfig::default() };
        if let Ok(sim) = Simulation::new(scenario.clone(), config) {
            assert_eq!(sim.run().trials, 1);
        }
    }
}

/// A scenario file (schema 1 or 2), as the CLI, the page's import, its localStorage and a
/// library entry read it.
pub fn scenario(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let upgraded = ScenarioSpec::from_json_upgrading(text);
    let file = share::read_scenario_file(text);
    match (&upgraded, &file) {
        (Ok((spec, _)), Ok((same, _))) => {
            assert_eq!(spec, same);
            let _ = spec.resolved_checkpoint();
            let _ = share::export_file_name(spec, "");
            let scenario = Scenario::new(spec.clone()).expect("a file that loads validates");
            use_scenario(&scenario);
        }
        (Ok((spec, _)), Err(_)) => {
            // Parsed but refused: the field errors must be printable.
            if let Err(e) = Scenario::new(spec.clone()) {
                let _ = e.to_string();
            }
        }
        (Err(e), _) => {
            let _ = e.to_string();
        }
    }
}

/// A team file, as `funnel-lab team` and the page's team view read it (member files are not
/// read: the page has none).
pub fn team(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(spec) = TeamSpec::from_json(text) else { return };
    let Ok(members) = spec.resolve(|f| Err(format!("no file '{f}'"))) else { return };
    let deals: f64 = members.iter().map(|(_, s)| expected_deals(&Model::new(s), s)).sum();
    if deals > MAX_DEALS_TO_RUN {
        return;
    }
    let config = RunConfig { trials: 1, seed: 1, ..RunConfig::default() };
    if let Ok(team) = Team::new(spec.name.clone(), spec.plan, members, config) {
        assert_eq!(team.run().trials, 1);
    }
}

/// A lesson file: its arms patched from presets and validated.
pub fn lesson(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(lesson) = serde_json::from_str::<Lesson>(text) else { return };
    let Ok(arms) = lesson.scenarios() else { return };
    for (_, spec) in arms {
        let scenario = Scenario::new(spec).expect("a lesson's arm validates");
        let _ = Model::new(&scenario);
    }
}

/// A share link. The first byte picks what the rest is: 0 the fragment as typed, 1 the
/// compressed payload (written in base64 into a fragment), 2 the payload's JSON (compressed
/// with the link's dictionary), so that the fuzzer reaches every layer of the decoder.
pub fn share(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else { return };
    let fragment = match mode % 3 {
        0 => match std::str::from_utf8(rest) {
            Ok(text) => text.to_owned(),
            Err(_) => return,
        },
        1 => share::fragment_of_packed(rest),
        _ => share::fragment_of_json(rest),
    };
    let _ = share::is_share_link(&fragment);
    match share::decode(&fragment) {
        Ok(state) => {
            let fragment = share::encode(&state);
            if fragment.len() <= share::MAX_PAYLOAD_CHARS {
                let again = share::decode(&fragment).expect("an opened link re-opens");
                assert_eq!(again, state, "a link re-encodes to the same state");
            }
            let scenario = Scenario::new(state.spec.clone()).expect("an opened link validates");
            use_scenario(&scenario);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// A CRM export (CSV of any recognised layout, or amoCRM's JSON), as the calibrate page and
/// `funnel-lab calibrate` read it. The first byte picks the format (bits 0–2; auto-detection
/// most often), the calendar (bit 7) and whether to run the plan check (bit 6: it builds and
/// runs the model, many times slower than calibrating); the scenario calibrated must validate.
pub fn csv(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else { return };
    let format = match pick % 8 {
        0 | 6 | 7 => FormatChoice::Auto,
        1 => FormatChoice::Generic,
        2 => FormatChoice::Bitrix24,
        3 => FormatChoice::Salesforce,
        4 => FormatChoice::Hubspot,
        _ => FormatChoice::Amocrm,
    };
    let calendar =
        if pick & 0x80 == 0 { calibrate::Calendar::Workdays } else { calibrate::Calendar::All };
    let options = CalibrateOptions { format, calendar, ..CalibrateOptions::default() };
    let cal = match calibrate::calibrate_bytes(rest, &options) {
        Ok(cal) => cal,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let scenario = Scenario::new(cal.scenario.clone()).expect("a calibrated scenario validates");
    let _ = serde_json::to_string(&cal).expect("a calibration writes as JSON");
    if let Some(team) = &cal.team {
        team.resolve(|f| Err(format!("no file '{f}'"))).expect("a calibrated team resolves");
    }
    if pick & 0x40 != 0 && expected_deals(&Model::new(&scenario), &scenario) <= MAX_DEALS_TO_RUN {
        let config = PlanCheckConfig { batches: 1, trials_per_batch: 1, seed: 1 };
        if let Ok(check) = calibrate::plan_check(&cal, &config) {
            assert!((0.0..=1.0).contains(&check.p_plan), "P(plan) is a probability");
        }
    }
}

/// The page's stored library (localStorage), read back and written again.
pub fn library(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(lib) = Library::from_json(text) else { return };
    let again = Library::from_json(&lib.to_json()).expect("a written library reads back");
    assert_eq!(again.entries(), lib.entries(), "a library reads back as written");
}
