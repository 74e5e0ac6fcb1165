//! Moving work between people and programs with no server in between: the share link (the
//! scenario, trials, seed and view deflated into the URL's fragment, which browsers never send
//! to a server), the QR code of that link, and reading or naming a scenario file in the CLI's
//! schema. Plain Rust, so every rule here is tested natively; the page only wires it to buttons.
//!
//! A link's fragment is `#/s/<version>/<payload>`: `version` is [`LINK_VERSION`]; `payload` is
//! the state as compact JSON, deflated (raw DEFLATE, no header) and written in URL-safe base64
//! without padding. Reading refuses, each with its own [`ShareError`], a fragment that is not a
//! share link, an unknown version, text that is not base64, a stream cut short or corrupt, more
//! than [`MAX_DECODED_BYTES`] once inflated (inflating stops there, so a small link cannot
//! expand into a large allocation), and a state that does not validate.

use std::fmt::Write as _;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use miniz_oxide::deflate::core::{
    compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush,
};
use miniz_oxide::inflate::core::inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
use miniz_oxide::inflate::core::{decompress, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;
use serde::{Deserialize, Serialize};

use crate::sim::run::MAX_TRIALS;
use crate::sim::scenario::{ScenarioError, Upgrade};
use crate::sim::{RunConfig, Scenario, ScenarioSpec};
use crate::words::i18n::Lang;
use crate::words::text::Named;

/// What every share link's fragment starts with (before the version).
pub const LINK_PREFIX: &str = "#/s/";
/// The link format written today; links of other versions are refused by name.
pub const LINK_VERSION: u32 = 1;
/// The most a payload may inflate to. The default scenario takes about 1.4 KB, so this leaves
/// room for some forty stages with long names while keeping a hostile link harmless.
pub const MAX_DECODED_BYTES: usize = 64 * 1024;
/// The longest payload read at all, in characters: deflate cannot make 64 KB of JSON longer
/// than this, so anything longer is refused before decoding.
pub const MAX_PAYLOAD_CHARS: usize = 96 * 1024;
/// The largest scenario file read (a scenario of the CLI's schema is a few kilobytes).
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// The longest view path a link may carry (`/lesson/<id>` and the like are far shorter).
const MAX_VIEW_CHARS: usize = 200;
/// DEFLATE effort: the highest, since links are short and made one at a time.
const DEFLATE_LEVEL: i32 = 10;
/// The preset dictionary of version 1: the built-in scenarios as they stood when the format was
/// made, in the compact form links carry. DEFLATE may refer back into it, so a link to a preset,
/// a lesson's arm or a lightly edited scenario holds only what differs (the default scenario's
/// link drops from about 1,300 characters to under a hundred). It is frozen: a test pins its
/// checksum, because changing one byte would misread every version 1 link; a new dictionary
/// is a new [`LINK_VERSION`].
const DICTIONARY_V1: &[u8] = include_bytes!("../../assets/share/dictionary-v1.txt");

/// What a share link carries: enough to see the same thing and get the same numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedState {
    /// The scenario, as written (schema 2).
    pub spec: ScenarioSpec,
    /// Trials of the run.
    pub trials: u64,
    /// Seed of the run.
    pub seed: u64,
    /// The view, as the route's path without `#`: `/`, `/lesson/pocket`, `/ladder`, ….
    pub view: String,
    /// The sender's interface language (`ru` or `en`), for a receiver who has not chosen one;
    /// `None` in a link made before it was carried (or naming another language).
    pub lang: Option<String>,
}

/// The JSON inside the payload. Field names are short because every byte is in the link.
#[derive(Serialize, Deserialize)]
struct Payload {
    /// The scenario as `ScenarioSpec` writes it; read with the same upgrade and checks as a file.
    s: serde_json::Value,
    /// Trials.
    t: u64,
    /// Seed.
    r: u64,
    /// View path.
    v: String,
    /// Interface language; absent in older links (version 1 reads them as before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    l: Option<String>,
}

/// Why a share link was not opened. Each says what a person can do about it.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ShareError {
    /// The fragment is not a share link at all.
    #[error(
        "this is not a Funnel Lab share link (it should contain {LINK_PREFIX}{LINK_VERSION}/…)"
    )]
    NotALink,
    /// The link was written by a version of the format this page does not read.
    #[error("the link is of format version {0}; this page reads version {LINK_VERSION} (open it in the Funnel Lab that made it)")]
    UnknownVersion(String),
    /// The payload (or what it inflates to) is larger than this page reads.
    #[error("the link holds more than {} KB of data; this page reads at most that", MAX_DECODED_BYTES / 1024)]
    TooLarge,
    /// The payload has characters that URL-safe base64 does not use (mangled by copying?).
    #[error("the link is damaged: {0} (was it copied whole?)")]
    Malformed(String),
    /// The compressed data ends early: the link was cut short.
    #[error("the link is cut short: its data ends early (was it copied whole?)")]
    Truncated,
    /// The compressed data is not a valid DEFLATE stream.
    #[error("the link is damaged: its compressed data does not decode")]
    Corrupt,
    /// The data decodes but is not the state of this format.
    #[error("the link's data is not a Funnel Lab state: {0}")]
    Payload(String),
    /// The scenario in the link does not parse or validate; the fields are named.
    #[error("the link's scenario is refused: {0}")]
    Scenario(ScenarioError),
    /// Trials outside what a run accepts.
    #[error("the link's trials {0} are outside 1..={MAX_TRIALS}")]
    Trials(u64),
    /// The view is not a path of this app.
    #[error("the link's view {0:?} is not a page of this app")]
    View(String),
    /// The link is longer than a QR code can hold.
    #[error("the link is {0} bytes, more than a QR code holds")]
    TooLongForQr(usize),
}

/// Why a scenario file was not loaded.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum FileError {
    /// The file is larger than any scenario.
    #[error("the file is {0} bytes; a scenario file is at most {MAX_FILE_BYTES} bytes")]
    TooLarge(usize),
    /// Not JSON of the scenario's shape, or values out of range: every field named.
    #[error("{0}")]
    Scenario(ScenarioError),
}

/// The fragment (`#/s/1/…`) of a link that opens `state`.
pub fn encode(state: &SharedState) -> String {
    let payload = Payload {
        s: compact(&state.spec),
        t: state.trials,
        r: state.seed,
        v: state.view.clone(),
        l: state.lang.clone(),
    };
    let json = serde_json::to_vec(&payload).unwrap_or_default();
    let packed = deflate_after(DICTIONARY_V1, &json);
    format!("{LINK_PREFIX}{LINK_VERSION}/{}", URL_SAFE_NO_PAD.encode(packed))
}

/// The scenario as JSON without what reading it fills in anyway: levers at their defaults
/// (the struct reads missing levers as default) and the default currency. Every byte left out
/// is a shorter link and a smaller QR code; the round-trip tests prove nothing is lost.
fn compact(spec: &ScenarioSpec) -> serde_json::Value {
    use serde_json::Value;
    let mut v = serde_json::to_value(spec).unwrap_or_default();
    let defaults =
        serde_json::to_value(crate::sim::scenario::Levers::default()).unwrap_or_default();
    if let (Some(levers), Value::Object(d)) =
        (v.get_mut("levers").and_then(Value::as_object_mut), defaults)
    {
        levers.retain(|k, x| d.get(k) != Some(x));
        if levers.is_empty() {
            v.as_object_mut().map(|o| o.remove("levers"));
        }
    }
    if v.get("currency").and_then(Value::as_str) == Some("RUB") {
        v.as_object_mut().map(|o| o.remove("currency"));
    }
    v
}

/// A whole link: the page's address (any fragment dropped) with the state's fragment.
pub fn link(page_url: &str, state: &SharedState) -> String {
    let base = page_url.split('#').next().unwrap_or(page_url);
    format!("{base}{}", encode(state))
}

/// Whether a fragment is meant as a share link (so it is opened, or refused, rather than
/// read as a route).
pub fn is_share_link(fragment: &str) -> bool {
    fragment.trim_start_matches('#').starts_with(&LINK_PREFIX[1..])
}

/// Reads a fragment written by [`encode`] (with or without the leading `#`), checking
/// everything it carries; nothing is half-read.
pub fn decode(fragment: &str) -> Result<SharedState, ShareError> {
    let rest = fragment
        .trim_start_matches('#')
        .strip_prefix(&LINK_PREFIX[1..])
        .ok_or(ShareError::NotALink)?;
    let (version, payload) = rest.split_once('/').unwrap_or((rest, ""));
    if version != LINK_VERSION.to_string() {
        let shown: String = version.chars().take(12).collect();
        return Err(ShareError::UnknownVersion(shown));
    }
    if payload.len() > MAX_PAYLOAD_CHARS {
        return Err(ShareError::TooLarge);
    }
    let packed =
        URL_SAFE_NO_PAD.decode(payload).map_err(|e| ShareError::Malformed(e.to_string()))?;
    let json = inflate_after(DICTIONARY_V1, &packed)?;
    let p: Payload =
        serde_json::from_slice(&json).map_err(|e| ShareError::Payload(e.to_string()))?;
    let (spec, _) =
        ScenarioSpec::from_json_upgrading(&p.s.to_string()).map_err(ShareError::Scenario)?;
    Scenario::new(spec.clone()).map_err(ShareError::Scenario)?;
    // The engine's own check of the run's settings.
    let run = RunConfig { trials: p.t, ..RunConfig::default() };
    if run.validate().is_err() {
        return Err(ShareError::Trials(p.t));
    }
    if !valid_view(&p.v) {
        let shown: String = p.v.chars().take(40).collect();
        return Err(ShareError::View(shown));
    }
    // A language this page does not have is left out, not refused: the link still opens.
    let lang = p.l.filter(|l| matches!(l.as_str(), "ru" | "en"));
    Ok(SharedState { spec, trials: p.t, seed: p.r, view: p.v, lang })
}

/// A fragment whose payload is `packed` as given (the compressed bytes, not checked): lets the
/// fuzz harness (`fuzz/harness.rs`) reach the inflater and the JSON reader behind the base64.
pub fn fragment_of_packed(packed: &[u8]) -> String {
    format!("{LINK_PREFIX}{LINK_VERSION}/{}", URL_SAFE_NO_PAD.encode(packed))
}

/// A fragment whose payload is `json` as given, in stored (uncompressed) DEFLATE blocks, not
/// checked: lets the fuzz harness reach the payload and scenario readers directly and cheaply.
pub fn fragment_of_json(json: &[u8]) -> String {
    let mut packed = Vec::with_capacity(json.len() + 5 * (json.len() / 0xffff + 1));
    let mut blocks = json.chunks(0xffff).peekable();
    if blocks.peek().is_none() {
        packed.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        let len = block.len() as u16;
        packed.push(u8::from(blocks.peek().is_none()));
        packed.extend_from_slice(&len.to_le_bytes());
        packed.extend_from_slice(&(!len).to_le_bytes());
        packed.extend_from_slice(block);
    }
    fragment_of_packed(&packed)
}

/// Raw DEFLATE of `data` as if `dictionary` had come just before it: the dictionary is
/// compressed first and flushed to a byte boundary (a sync flush keeps the history), and only
/// the bytes after that point are kept.
fn deflate_after(dictionary: &[u8], data: &[u8]) -> Vec<u8> {
    // Window bits 0 ask for a raw stream, as `compress_to_vec` does.
    let mut c = CompressorOxide::new(create_comp_flags_from_zip_params(DEFLATE_LEVEL, 0, 0));
    // Room for both even if nothing compresses (stored blocks add 5 bytes in 64 KB).
    let mut out = vec![0; dictionary.len() + data.len() + 1024];
    let (_, _, head) = compress(&mut c, dictionary, &mut out, TDEFLFlush::Sync);
    let (_, _, tail) = compress(&mut c, data, &mut out[head..], TDEFLFlush::Finish);
    out[head..head + tail].to_vec()
}

/// Inflates `packed` into a buffer that starts with `dictionary`, so back-references may reach
/// into it; the buffer holds at most [`MAX_DECODED_BYTES`] more, and inflating stops there.
fn inflate_after(dictionary: &[u8], packed: &[u8]) -> Result<Vec<u8>, ShareError> {
    let start = dictionary.len();
    let mut out = vec![0; start + MAX_DECODED_BYTES];
    out[..start].copy_from_slice(dictionary);
    let mut r = DecompressorOxide::new();
    let flags = TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let (status, _, written) = decompress(&mut r, packed, &mut out, start, flags);
    match status {
        TINFLStatus::Done => Ok(out[start..start + written].to_vec()),
        TINFLStatus::HasMoreOutput => Err(ShareError::TooLarge),
        TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
            Err(ShareError::Truncated)
        }
        _ => Err(ShareError::Corrupt),
    }
}

/// A view path is a route of this app: it starts with `/`, is short, is plain ASCII that a
/// fragment needs no escaping for, and is not itself a share link.
fn valid_view(view: &str) -> bool {
    view.starts_with('/')
        && view.len() <= MAX_VIEW_CHARS
        && !view.starts_with(&LINK_PREFIX[1..])
        && view.bytes().all(|b| b.is_ascii_alphanumeric() || b"/-_.".contains(&b))
}

/// A scenario file's text read as the CLI reads it (schema 1 upgraded, and said so) and
/// validated, so a file that loads is one that runs.
pub fn read_scenario_file(text: &str) -> Result<(ScenarioSpec, Option<Upgrade>), FileError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge(text.len()));
    }
    let (spec, upgrade) = ScenarioSpec::from_json_upgrading(text).map_err(FileError::Scenario)?;
    Scenario::new(spec.clone()).map_err(FileError::Scenario)?;
    Ok((spec, upgrade))
}

/// The key of the built-in scenario `spec` is, if it is one unchanged, so the picker can show it.
pub fn preset_of(spec: &ScenarioSpec) -> Option<&'static str> {
    crate::sim::PRESETS
        .iter()
        .find(|p| ScenarioSpec::from_json(p.json).is_ok_and(|s| &s == spec))
        .map(|p| p.key)
}

/// The name an exported scenario is saved under: the preset's key if it is one, else its
/// (English, if given) name in lower-case ASCII words, else `scenario`.
pub fn export_file_name(spec: &ScenarioSpec, preset_key: &str) -> String {
    let name = spec.name_in(Lang::En);
    let source = if preset_key.is_empty() { name } else { preset_key };
    let mut slug = String::new();
    for word in source.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if slug.len() + word.len() > 48 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
    }
    if slug.is_empty() {
        slug.push_str("scenario");
    }
    format!("{slug}.json")
}

/// A QR code as an SVG document: its side in modules (quiet zone excluded) and the markup.
#[derive(Clone, Debug, PartialEq)]
pub struct QrSvg {
    /// Modules per side, without the four-module quiet zone on each edge.
    pub modules: usize,
    /// QR version (1–40).
    pub version: i16,
    /// `<svg>…</svg>`, one path of dark runs on a white square; scales to any size.
    pub svg: String,
}

/// The QR code of `text` at the lowest error correction (the densest code for a given
/// length, so phones read long links from a projector more easily).
pub fn qr_svg(text: &str) -> Result<QrSvg, ShareError> {
    use qrcode::{Color, EcLevel, QrCode, Version};
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L)
        .map_err(|_| ShareError::TooLongForQr(text.len()))?;
    let n = code.width();
    let colors = code.to_colors();
    const QUIET: usize = 4;
    let side = n + 2 * QUIET;
    let mut path = String::new();
    for y in 0..n {
        let row = &colors[y * n..(y + 1) * n];
        let mut x = 0;
        while x < n {
            if row[x] == Color::Dark {
                let start = x;
                while x < n && row[x] == Color::Dark {
                    x += 1;
                }
                let _ = write!(
                    path,
                    "M{} {}h{}v1h-{}z",
                    start + QUIET,
                    y + QUIET,
                    x - start,
                    x - start
                );
            } else {
                x += 1;
            }
        }
    }
    let version = match code.version() {
        Version::Normal(v) | Version::Micro(v) => v,
    };
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    );
    Ok(QrSvg { modules: n, version, svg })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::preset;

    fn default_state() -> SharedState {
        let p = preset("default").expect("default preset");
        SharedState {
            spec: ScenarioSpec::from_json(p.json).expect("parses"),
            trials: 10_000,
            seed: 1,
            view: "/".into(),
            lang: Some("en".into()),
        }
    }

    #[test]
    fn a_link_carries_the_language_and_older_links_open_without_it() {
        let state = default_state();
        assert_eq!(decode(&encode(&state)).expect("opens").lang.as_deref(), Some("en"));
        let spec = compact(&state.spec);
        for (l, read) in [(None, None), (Some("de"), None), (Some("ru"), Some("ru"))] {
            let p = Payload { s: spec.clone(), t: 10, r: 1, v: "/".into(), l: l.map(Into::into) };
            let json = serde_json::to_vec(&p).expect("json");
            let opened = decode(&fragment_of_json(&json)).expect("opens");
            assert_eq!(opened.lang.as_deref(), read, "{l:?}");
        }
    }

    #[test]
    fn the_fuzzers_fragments_carry_what_they_are_given() {
        let state = default_state();
        let json = serde_json::to_vec(&Payload {
            s: compact(&state.spec),
            t: state.trials,
            r: state.seed,
            v: state.view.clone(),
            l: state.lang.clone(),
        })
        .expect("json");
        assert_eq!(decode(&fragment_of_json(&json)), Ok(state.clone()));
        // Stored blocks hold at most 65,535 bytes: a longer payload spans several.
        let long = [b' '].repeat(70_000);
        assert_eq!(
            inflate_after(
                DICTIONARY_V1,
                &URL_SAFE_NO_PAD.decode(&fragment_of_json(&long)[6..]).expect("base64")
            ),
            Err(ShareError::TooLarge)
        );
        assert_eq!(
            decode(&fragment_of_json(b"")),
            Err(ShareError::Payload("EOF while parsing a value at line 1 column 0".into()))
        );
        let packed = URL_SAFE_NO_PAD.decode(&encode(&state)[6..]).expect("base64");
        assert_eq!(decode(&fragment_of_packed(&packed)), Ok(state));
    }

    /// A payload made by hand, for links `encode` would never write.
    fn packed(json: &[u8]) -> String {
        let p = miniz_oxide::deflate::compress_to_vec(json, 6);
        format!("#/s/1/{}", URL_SAFE_NO_PAD.encode(p))
    }

    /// FNV-1a, enough to notice any change to the frozen dictionary.
    fn fnv(bytes: &[u8]) -> u64 {
        bytes
            .iter()
            .fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
    }

    #[test]
    fn the_version_1_dictionary_is_frozen() {
        // If this fails, the dictionary changed: restore it, or make a new link version.
        assert_eq!((DICTIONARY_V1.len(), fnv(DICTIONARY_V1)), (16_610, 252_525_399_336_879_342));
        assert!(DICTIONARY_V1.len() <= 32 * 1024, "DEFLATE looks back 32 KB at most");
    }

    /// Writes the dictionary from today's presets (default last, nearest to the data). Run once
    /// for a new link version: `cargo test --lib write_dictionary -- --ignored`.
    #[test]
    #[ignore]
    fn write_dictionary() {
        let mut presets: Vec<_> = crate::sim::PRESETS.iter().collect();
        presets.sort_by_key(|p| p.key == "default");
        let mut dict = Vec::new();
        for p in presets {
            let spec = ScenarioSpec::from_json(p.json).expect("parses");
            let payload = Payload { s: compact(&spec), t: 10_000, r: 1, v: "/".into(), l: None };
            dict.extend(serde_json::to_vec(&payload).expect("serialises"));
        }
        std::fs::write("assets/share/dictionary-v1.txt", dict).expect("written");
    }

    #[test]
    fn round_trip_keeps_everything() {
        for view in ["/", "/lesson/06-pocket", "/ladder", "/metrics", "/team", "/concepts/duty-3"] {
            let s = SharedState { view: view.into(), seed: u64::MAX, ..default_state() };
            let back = decode(&encode(&s)).expect("decodes");
            assert_eq!(back, s);
        }
    }

    #[test]
    fn every_preset_round_trips() {
        for p in crate::sim::PRESETS {
            let s = SharedState {
                spec: ScenarioSpec::from_json(p.json).expect("parses"),
                ..default_state()
            };
            assert_eq!(decode(&encode(&s)).expect(p.key), s, "{}", p.key);
        }
    }

    #[test]
    fn link_is_url_safe_and_short() {
        let frag = encode(&default_state());
        assert!(frag.starts_with("#/s/1/"));
        let payload = &frag["#/s/1/".len()..];
        assert!(payload.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        // The dictionary holds the presets, so the default scenario's link is short.
        println!("default link fragment: {} chars", frag.len());
        assert!(frag.len() < 120, "{} chars", frag.len());
        let mut edited = default_state();
        edited.spec.stages[1].conversion = 0.65;
        edited.spec.stages[2].name = "Подписываю договор и счёт".into();
        let e = encode(&edited);
        println!("edited link fragment: {} chars", e.len());
        assert!(e.len() < 200, "{} chars", e.len());
        let url = link("http://127.0.0.1:8080/#/lesson/x", &default_state());
        assert!(url.starts_with("http://127.0.0.1:8080/#/s/1/"));
        assert_eq!(decode(url.split_once('#').expect("fragment").1), Ok(default_state()));
    }

    #[test]
    fn not_a_link_and_unknown_version() {
        assert_eq!(decode("#/lesson/x"), Err(ShareError::NotALink));
        assert_eq!(decode(""), Err(ShareError::NotALink));
        assert!(!is_share_link("#/lessons") && is_share_link("#/s/2/x") && is_share_link("/s/1/"));
        assert_eq!(decode("#/s/2/abc"), Err(ShareError::UnknownVersion("2".into())));
        assert_eq!(decode("#/s/"), Err(ShareError::UnknownVersion(String::new())));
        let msg = decode("#/s/9/abc").expect_err("refused").to_string();
        assert!(msg.contains("version 9") && msg.contains("version 1"), "{msg}");
    }

    #[test]
    fn malformed_truncated_and_corrupt() {
        assert!(matches!(decode("#/s/1/not*base64!"), Err(ShareError::Malformed(_))));
        let frag = encode(&default_state());
        // Cut at a multiple of four characters, so what is left is still valid base64.
        let cut = &frag[.."#/s/1/".len() + (frag.len() - 6) / 2 / 4 * 4];
        assert_eq!(decode(cut), Err(ShareError::Truncated));
        assert_eq!(decode("#/s/1/"), Err(ShareError::Truncated));
        // Block type 3 is reserved in DEFLATE.
        assert_eq!(
            decode(&format!("#/s/1/{}", URL_SAFE_NO_PAD.encode([0xff, 0xff]))),
            Err(ShareError::Corrupt)
        );
        assert!(matches!(decode(&packed(b"[1,2]")), Err(ShareError::Payload(_))));
        for e in [ShareError::Truncated, ShareError::Corrupt, ShareError::Malformed("x".into())] {
            assert!(e.to_string().contains("link"), "{e}");
        }
    }

    #[test]
    fn oversized_links_are_refused_before_they_grow() {
        // 10 MB of spaces deflate to about 10 KB: a bomb. Inflating stops at the cap.
        let bomb = packed(&vec![b' '; 10 * 1024 * 1024]);
        assert!(bomb.len() < MAX_PAYLOAD_CHARS, "the bomb is a short link: {}", bomb.len());
        assert_eq!(decode(&bomb), Err(ShareError::TooLarge));
        let long = format!("#/s/1/{}", "A".repeat(MAX_PAYLOAD_CHARS + 1));
        assert_eq!(decode(&long), Err(ShareError::TooLarge));
        assert!(ShareError::TooLarge.to_string().contains("64 KB"));
    }

    #[test]
    fn bad_state_names_what_is_wrong() {
        let mut s = default_state();
        s.spec.stages[0].conversion = 1.5;
        match decode(&encode(&s)) {
            Err(ShareError::Scenario(e)) => {
                assert!(e.to_string().contains("stages[0].conversion"), "{e}")
            }
            other => panic!("{other:?}"),
        }
        let s = SharedState { trials: 0, ..default_state() };
        assert_eq!(decode(&encode(&s)), Err(ShareError::Trials(0)));
        for view in ["lesson/x", "/s/1/abc", "/<script>", "/a b"] {
            let s = SharedState { view: view.into(), ..default_state() };
            assert!(matches!(decode(&encode(&s)), Err(ShareError::View(_))), "{view}");
        }
    }

    #[test]
    fn files_read_as_the_cli_reads_them() {
        let p = preset("default").expect("default preset");
        let (spec, up) = read_scenario_file(p.json).expect("reads");
        assert_eq!(up, None);
        // What export writes reads back to the same scenario.
        assert_eq!(read_scenario_file(&spec.to_json()).expect("reads").0, spec);
        let v1 = p.json.replacen("\"schema\": 2", "\"schema\": 1", 1);
        assert_ne!(v1, p.json);
        let (_, up) = read_scenario_file(&v1).expect("schema 1 reads");
        assert_eq!(up.map(|u| u.from), Some(1));
        let Err(FileError::Scenario(e)) =
            read_scenario_file(&p.json.replace("\"plan\"", "\"plam\""))
        else {
            panic!("refused")
        };
        assert!(e.to_string().contains("plam"), "{e}");
        let bad = spec.to_json().replacen("\"horizon_days\": 21", "\"horizon_days\": -3", 1);
        let Err(FileError::Scenario(e)) = read_scenario_file(&bad) else { panic!("refused") };
        assert!(e.errors().iter().any(|f| f.path == "horizon_days"), "{e}");
        let huge = " ".repeat(MAX_FILE_BYTES + 1);
        assert_eq!(read_scenario_file(&huge), Err(FileError::TooLarge(MAX_FILE_BYTES + 1)));
    }

    #[test]
    fn presets_are_recognised_and_edits_are_not() {
        let mut s = default_state().spec;
        assert_eq!(preset_of(&s), Some("default"));
        s.plan += 1.0;
        assert_eq!(preset_of(&s), None);
    }

    #[test]
    fn export_names() {
        let s = default_state().spec;
        assert_eq!(export_file_name(&s, "default"), "default.json");
        let mut custom = s.clone();
        custom.name_en = Some("My funnel: May (v2)".into());
        assert_eq!(export_file_name(&custom, ""), "my-funnel-may-v2.json");
        custom.name_en = None;
        custom.name = "Воронка".into();
        assert_eq!(export_file_name(&custom, ""), "scenario.json");
    }

    #[test]
    fn qr_code_of_the_default_link() {
        let url = link("https://example.org/funnel-lab/", &default_state());
        let qr = qr_svg(&url).expect("fits");
        println!("QR of {} chars: version {}, {} modules", url.len(), qr.version, qr.modules);
        assert_eq!(qr.modules, 17 + 4 * qr.version as usize);
        assert!(
            qr.svg.starts_with("<svg")
                && qr.svg.contains(&format!("viewBox=\"0 0 {0} {0}\"", qr.modules + 8))
        );
        assert!(matches!(qr_svg(&"x".repeat(3000)), Err(ShareError::TooLongForQr(3000))));
    }
}
