//! The room on the projector: a lesson opened to the audience's phones through `funnel-lab
//! serve` (its API is in `docs/workshop.md`). The trainer's tab makes the room, keeps its secret
//! token in session storage (never in the URL), shows the join code and its QR code, counts
//! the answers live, and at the trainer's choice shows the spread, opens another round,
//! reveals the simulation over the room's guesses, exports the votes and closes the room. The
//! numbers and the drawing are [`crate::ui::room`]'s. Without the server (a file, a static
//! host) the button says what a room needs instead of failing.

pub(crate) mod notes;
pub(crate) mod words;

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::app::i18n::Lang;
use crate::app::lesson::text;
use crate::app::state::AppState;
use crate::app::widgets::download;
use crate::content::lessons::Text;
use crate::io::csv_export::{room_csv, Separator, VoteRow};
use crate::io::share::qr_svg;
use crate::ui::room::{
    arm_guesses, closest, room_near, spread, spread_svg, spread_words, ArmRow, Created, Health,
    Results, Status, Truth,
};
use crate::words::format::Numbers;
use words::{word, Word};

/// How often the projector asks for the live count while a round is open.
const POLL: Duration = Duration::from_millis(1500);

/// Whether the page is served by `funnel-lab serve`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Server {
    /// Not known yet.
    Checking,
    /// A file or a static host: no rooms.
    Absent,
    /// The server answers.
    Present,
}

/// What the room says: a refusal of the server (its words in both languages) or one of ours.
#[derive(Clone, Debug, PartialEq)]
enum Said {
    Server { en: String, ru: String },
    Word(Word),
}

/// An answer of the server.
struct Answer {
    status: u16,
    body: String,
}

fn js_err(_: JsValue) -> Word {
    Word::Unreachable
}

/// One call to the server's API.
async fn call(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Result<Answer, Word> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_cache(web_sys::RequestCache::NoStore);
    let headers = web_sys::Headers::new().map_err(js_err)?;
    if let Some(t) = token {
        headers.set("Authorization", &format!("Bearer {t}")).map_err(js_err)?;
    }
    if let Some(b) = body {
        headers.set("Content-Type", "application/json").map_err(js_err)?;
        init.set_body(&JsValue::from_str(&b));
    }
    init.set_headers(&headers);
    let resp =
        JsFuture::from(window().fetch_with_str_and_init(path, &init)).await.map_err(js_err)?;
    let resp: web_sys::Response = resp.dyn_into().map_err(js_err)?;
    let text = JsFuture::from(resp.text().map_err(js_err)?).await.map_err(js_err)?;
    Ok(Answer { status: resp.status(), body: text.as_string().unwrap_or_default() })
}

/// Whether `funnel-lab serve` served this page: a HEAD of the page itself (never cached, and
/// passed by the service worker, which answers only GETs) carries its `x-served-by` header.
async fn served_by_funnel_lab() -> bool {
    let init = web_sys::RequestInit::new();
    init.set_method("HEAD");
    init.set_cache(web_sys::RequestCache::NoStore);
    let Ok(resp) = JsFuture::from(window().fetch_with_str_and_init("./", &init)).await else {
        return false;
    };
    let Ok(resp) = resp.dyn_into::<web_sys::Response>() else { return false };
    resp.headers().get("x-served-by").ok().flatten().is_some_and(|v| v.starts_with("funnel-lab"))
}

/// The server's refusal in both languages.
fn refusal(a: &Answer) -> Said {
    #[derive(serde::Deserialize)]
    struct E {
        error: String,
        #[serde(default)]
        error_ru: Option<String>,
    }
    match serde_json::from_str::<E>(&a.body) {
        Ok(e) => Said::Server { ru: e.error_ru.unwrap_or_else(|| e.error.clone()), en: e.error },
        Err(_) => Said::Word(Word::Unreachable),
    }
}

fn session() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

fn key(lesson: &str) -> String {
    format!("funnel-lab.room.{lesson}")
}

/// The room of the open lesson; `Copy`, made by the lesson's view.
#[derive(Clone, Copy)]
pub struct Room {
    lesson: StoredValue<String>,
    /// Whether rooms can be made here.
    pub server: RwSignal<Server>,
    /// The room, once made (kept in this tab's session storage).
    pub open: RwSignal<Option<Created>>,
    /// The live count.
    pub status: RwSignal<Option<Status>>,
    /// The votes, fetched for the spread and the reveal.
    pub results: RwSignal<Option<Results>>,
    said: RwSignal<Option<Said>>,
    /// A status request is under way (polls do not pile up).
    asking: StoredValue<bool>,
    /// The trainer asked for a room where there is no server.
    pub asked_without: RwSignal<bool>,
    /// The simulation's answer for each arm once revealed (a funnel lesson's reveal or a
    /// ladder lesson's): drawn over the spread, written in the CSV and told to the notes.
    pub truths: Signal<Vec<Option<Truth>>>,
}

impl Room {
    /// The room of lesson `lesson`, whose reveal gives `truths`: the one this tab made before,
    /// if any, and whether the page's server makes rooms.
    pub fn new(lesson: &str, truths: Signal<Vec<Option<Truth>>>) -> Room {
        let saved = session()
            .and_then(|s| s.get_item(&key(lesson)).ok().flatten())
            .and_then(|t| serde_json::from_str::<Created>(&t).ok());
        let room = Room {
            lesson: StoredValue::new(lesson.to_owned()),
            server: RwSignal::new(Server::Checking),
            open: RwSignal::new(saved),
            status: RwSignal::new(None),
            results: RwSignal::new(None),
            said: RwSignal::new(None),
            asking: StoredValue::new(false),
            asked_without: RwSignal::new(false),
            truths,
        };
        let file = window().location().protocol().is_ok_and(|p| p == "file:");
        if file {
            room.server.set(Server::Absent);
        } else {
            leptos::task::spawn_local(async move {
                // A static host has no /api/: ask only a page that `funnel-lab serve` served (its
                // answers say so in a header), so a static host logs no 404.
                if !served_by_funnel_lab().await {
                    room.server.try_set(Server::Absent);
                    return;
                }
                let ok = match call("GET", "/api/health", None, None).await {
                    Ok(a) if a.status == 200 => {
                        serde_json::from_str::<Health>(&a.body).is_ok_and(|h| h.rooms)
                    }
                    _ => false,
                };
                room.server.try_set(if ok { Server::Present } else { Server::Absent });
                if ok && room.open.try_with_untracked(Option::is_some).unwrap_or(false) {
                    room.refresh().await;
                }
            });
        }
        room
    }

    fn token(&self) -> Option<(String, String)> {
        self.open.try_with_untracked(|o| o.as_ref().map(|c| (c.code.clone(), c.token.clone())))?
    }

    fn say(&self, s: Option<Said>) {
        self.said.try_set(s);
    }

    /// Makes the room, opens its first round and keeps the token in this tab.
    pub fn create(self) {
        if self.server.get_untracked() != Server::Present {
            self.asked_without.set(true);
            return;
        }
        self.say(Some(Said::Word(Word::Opening)));
        let lesson = self.lesson.get_value();
        leptos::task::spawn_local(async move {
            let body = serde_json::json!({ "lesson": lesson }).to_string();
            let made = match call("POST", "/api/rooms", None, Some(body)).await {
                Ok(a) if a.status == 201 => serde_json::from_str::<Created>(&a.body)
                    .map_err(|_| Said::Word(Word::Unreachable)),
                Ok(a) => Err(refusal(&a)),
                Err(w) => Err(Said::Word(w)),
            };
            match made {
                Ok(c) => {
                    if let (Some(s), Ok(t)) = (session(), serde_json::to_string(&c)) {
                        let _ = s.set_item(&key(&lesson), &t);
                    }
                    self.open.try_set(Some(c));
                    self.say(None);
                    self.post("rounds").await;
                    self.refresh().await;
                }
                Err(s) => self.say(Some(s)),
            }
        });
    }

    /// A trainer's call (`rounds`, `close`) on the room; says a refusal.
    async fn post(self, what: &str) -> bool {
        let Some((code, token)) = self.token() else { return false };
        match call("POST", &format!("/api/rooms/{code}/{what}"), Some(&token), None).await {
            Ok(a) if a.status == 200 => true,
            Ok(a) => {
                self.say(Some(refusal(&a)));
                false
            }
            Err(w) => {
                self.say(Some(Said::Word(w)));
                false
            }
        }
    }

    /// Asks for the live count; a room the server no longer has is forgotten.
    async fn refresh(self) {
        let Some((code, token)) = self.token() else { return };
        self.asking.try_set_value(true);
        let got = call("GET", &format!("/api/rooms/{code}/status"), Some(&token), None).await;
        self.asking.try_set_value(false);
        match got {
            Ok(a) if a.status == 200 => {
                if let Ok(s) = serde_json::from_str::<Status>(&a.body) {
                    self.status.try_set(Some(s));
                }
            }
            Ok(a) if a.status == 404 || a.status == 401 => {
                self.say(Some(refusal(&a)));
                self.forget();
            }
            _ => {}
        }
    }

    /// One poll, while a round is open, the page visible and no poll under way.
    pub fn tick(self) {
        let open_round = self.status.try_with_untracked(|s| s.as_ref().is_none_or(|s| s.open));
        let visible = !document().hidden();
        let waiting = self.asking.try_get_value().unwrap_or(true);
        if self.token().is_some() && open_round == Some(true) && visible && !waiting {
            leptos::task::spawn_local(self.refresh());
        }
    }

    /// Closes the open round and fetches every round's votes (for the spread and the reveal).
    pub fn collect(self) {
        if self.token().is_none() {
            return;
        }
        leptos::task::spawn_local(async move {
            if self.status.try_with_untracked(|s| s.as_ref().is_some_and(|s| s.open)) == Some(true)
            {
                self.post("close").await;
            }
            self.fetch_results().await;
            self.refresh().await;
        });
    }

    async fn fetch_results(self) {
        let Some((code, token)) = self.token() else { return };
        match call("GET", &format!("/api/rooms/{code}/results"), Some(&token), None).await {
            Ok(a) if a.status == 200 => {
                if let Ok(r) = serde_json::from_str::<Results>(&a.body) {
                    self.results.try_set(Some(r));
                }
            }
            Ok(a) => self.say(Some(refusal(&a))),
            Err(w) => self.say(Some(Said::Word(w))),
        }
    }

    /// Opens the next round; the phones follow.
    pub fn again(self) {
        leptos::task::spawn_local(async move {
            if self.post("rounds").await {
                self.say(None);
            }
            self.refresh().await;
        });
    }

    /// Closes the open round and forgets the room in this tab.
    pub fn close(self) {
        leptos::task::spawn_local(async move {
            if self.status.try_with_untracked(|s| s.as_ref().is_some_and(|s| s.open)) == Some(true)
            {
                self.post("close").await;
            }
            self.forget();
        });
    }

    fn forget(self) {
        if let (Some(s), Some(l)) = (session(), self.lesson.try_get_value()) {
            let _ = s.remove_item(&key(&l));
        }
        self.open.try_set(None);
        self.status.try_set(None);
        self.results.try_set(None);
    }

    /// Whether a room is open in this tab.
    pub fn is_open(&self) -> bool {
        self.open.with(Option::is_some)
    }
}

/// Starts the live count for `room` while the view lives.
pub fn poll(room: Room) {
    if let Ok(h) = set_interval_with_handle(move || room.tick(), POLL) {
        on_cleanup(move || h.clear());
    }
}

fn hex(n: usize) -> String {
    let c = crate::charts::arm_colour(n);
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

fn rows(lang: Lang, labels: &[Text], results: &Results, truths: &[Option<Truth>]) -> Vec<ArmRow> {
    let round = results.last_voted();
    labels
        .iter()
        .enumerate()
        .map(|(i, l)| ArmRow {
            label: text(lang, l),
            colour: hex(i),
            spread: round.and_then(|r| spread(&arm_guesses(r, i))),
            truth: truths.get(i).copied().flatten(),
        })
        .collect()
}

/// The button that opens a room, and what it says when the page has no server.
#[component]
pub fn RoomOpen(room: Room) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let w = move |x: Word| move || word(lang.get(), x);
    view! {
        <Show when=move || !room.is_open()>
            <button data-testid="room-open" class="room-open" on:click=move |_| room.create()>{w(Word::Open)}</button>
        </Show>
        <Show when=move || room.asked_without.get() && room.server.get() == Server::Absent>
            <div class="notice room-need-server" role="status" data-testid="room-need-server">
                <p>{w(Word::NeedServer)}</p>
                <p><code>{w(Word::HowToStart)}</code></p>
            </div>
        </Show>
    }
}

/// The join code, its QR code and address, the live count and the trainer's choices.
#[component]
pub fn RoomPanel(
    room: Room,
    labels: Vec<Text>,
    on_spread: Callback<()>,
    on_reveal: Callback<()>,
    on_again: Callback<()>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let w = move |x: Word| move || word(lang.get(), x);
    let labels = StoredValue::new(labels);
    let address = move || {
        room.open.with(|o| {
            o.as_ref().map(|c| {
                let origin = window().location().origin().unwrap_or_default();
                (
                    c.join_url.clone().unwrap_or_else(|| format!("{origin}{}", c.join)),
                    c.join_url.is_none(),
                )
            })
        })
    };
    let qr = move || {
        address().and_then(|(a, _)| qr_svg(&a).ok()).map(|q| {
            view! { <div class="qr room-qr" data-testid="room-qr" inner_html=q.svg></div> }
        })
    };
    let said = move || {
        room.said.get().map(|s| match s {
            Said::Word(x) => word(lang.get(), x).to_owned(),
            Said::Server { en, ru } => {
                if lang.get() == Lang::En {
                    en
                } else {
                    ru
                }
            }
        })
    };
    let count = move || {
        room.status.get().map(|s| {
            let l = lang.get();
            let state =
                if s.open { String::new() } else { format!(" · {}", word(l, Word::Closed)) };
            format!(
                "{} {}: {} {}{state}",
                word(l, Word::Round),
                s.round,
                s.answered(),
                word(l, Word::Answered)
            )
        })
    };
    view! {
        <Show when=move || room.is_open()>
            <aside class="room-panel" data-testid="room-panel" aria-label=w(Word::JoinAt)>
                <div class="room-join">
                    {qr}
                    <div>
                        <p class="room-code-label">{w(Word::JoinAt)}</p>
                        <p class="room-code" data-testid="room-code">{move || room.open.with(|o| o.as_ref().map(|c| c.code.clone()))}</p>
                        <p class="room-url" data-testid="room-join-url">{move || address().map(|a| a.0)}</p>
                        {move || address().filter(|a| a.1).map(|_| view! { <p class="hint room-loopback">{w(Word::LoopbackOnly)}</p> })}
                        <p class="room-count" data-testid="room-count" aria-live="polite">{count}</p>
                    </div>
                </div>
                <RoomBar room=room labels=labels.get_value() on_spread=on_spread on_reveal=on_reveal on_again=on_again prefix="room" />
                <p class="said" data-testid="room-said">{said}</p>
            </aside>
        </Show>
    }
}

/// The trainer's choices: show the spread, vote again, reveal, export the votes, close the
/// room. On the question, spread and reveal steps; `prefix` names its buttons for the tests.
#[component]
pub fn RoomBar(
    room: Room,
    labels: Vec<Text>,
    on_spread: Callback<()>,
    on_reveal: Callback<()>,
    on_again: Callback<()>,
    prefix: &'static str,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let w = move |x: Word| move || word(lang.get(), x);
    let labels = StoredValue::new(labels);
    let csv = move |_| {
        let l = lang.get_untracked();
        let arms: Vec<String> = labels.with_value(|v| v.iter().map(|t| text(l, t)).collect());
        let truths: Vec<Option<f64>> =
            room.truths.with_untracked(|v| v.iter().map(|t| t.map(|t| t.p)).collect());
        let sep = if l == Lang::Ru { Separator::Semicolon } else { Separator::Comma };
        let code =
            room.open.with_untracked(|o| o.as_ref().map(|c| c.code.clone())).unwrap_or_default();
        room.results.with_untracked(|r| {
            if let Some(r) = r {
                let rows = r.rounds.iter().flat_map(|round| {
                    round.votes.iter().map(|v| VoteRow {
                        round: round.round,
                        voter: &v.voter,
                        name: v.name.as_deref(),
                        guesses: &v.guesses,
                    })
                });
                let text = room_csv(rows, &arms, &truths, sep);
                let href = format!(
                    "data:text/csv;charset=utf-8,{}",
                    String::from(js_sys::encode_uri_component(&text))
                );
                download(&href, &format!("funnel-lab-room-{code}.csv"));
            }
        });
    };
    let has_results = move || room.results.with(Option::is_some);
    let id = move |what: &str| format!("{prefix}-{what}");
    view! {
        <div class="room-bar" role="group" aria-label=w(Word::JoinAt)>
            <button data-testid=id("spread") on:click=move |_| on_spread.run(())>{w(Word::ShowSpread)}</button>
            <button data-testid=id("again") on:click=move |_| on_again.run(())>{w(Word::VoteAgain)}</button>
            <button data-testid=id("reveal") on:click=move |_| on_reveal.run(())>{w(Word::Reveal)}</button>
            <button data-testid=id("csv") disabled=move || !has_results() on:click=csv>{w(Word::Csv)}</button>
            <button data-testid=id("close") on:click=move |_| room.close()>{w(Word::CloseRoom)}</button>
        </div>
    }
}

/// The room's guesses of the latest round with votes: a strip per arm with its quartiles and
/// median; at the reveal, the simulation's P(plan) and interval over it, the share of the room
/// within ±10 pp and whose guess was closest (when names were given).
#[component]
pub fn RoomSpread(room: Room, labels: Vec<Text>, reveal: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let w = move |x: Word| move || word(lang.get(), x);
    let drawn = move || {
        let l = lang.get();
        let t = if reveal { room.truths.get() } else { Vec::new() };
        room.results.with(|r| {
            let r = r.as_ref()?;
            r.last_voted()?;
            let rows = rows(l, &labels, r, &t);
            Some((spread_svg(&rows, word(l, Word::Axis)), spread_words(l == Lang::En, &rows)))
        })
    };
    let summary = move || {
        if !reveal {
            return None;
        }
        let l = lang.get();
        let t: Vec<Truth> = room.truths.get().into_iter().collect::<Option<Vec<_>>>()?;
        room.results.with(|r| {
            let round = r.as_ref()?.last_voted()?;
            let near = room_near(round, &t)?;
            let best = closest(round, &t).map(|(n, e)| format!("{}: {n} (±{}\u{a0}{})", word(l, Word::Closest), Numbers(l).decimal(e, 0), Numbers(l).pp()));
            Some(view! {
                <p class="room-near" data-testid="room-near"><b>{format!("{:.0}%", 100.0 * near)}</b>" "{word(l, Word::Near)}
                    {best.map(|b| view! { " · "<span data-testid="room-closest">{b}</span> })}</p>
                <p class="hint">{word(l, Word::NearIsOurs)}</p>
            })
        })
    };
    let testid = if reveal { "room-reveal-chart" } else { "room-spread-chart" };
    view! {
        <div class="room-spread">
            {(!reveal).then(|| view! { <h3>{w(Word::SpreadTitle)}</h3> })}
            {move || match drawn() {
                Some((svg, words)) => view! {
                    <div class="room-svg" role="img" data-testid=testid aria-label=words.clone() inner_html=svg></div>
                    <p class="sr-only" data-testid=format!("{testid}-words")>{words}</p>
                }.into_any(),
                None => view! { <p class="hint" data-testid=format!("{testid}-empty")>{w(Word::NoVotes)}</p> }.into_any(),
            }}
            {summary}
        </div>
    }
}
