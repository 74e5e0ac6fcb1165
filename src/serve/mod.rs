//! `funnel-lab serve`: one binary serves the app, the phone page and the workshop rooms.
//!
//! axum on a small tokio runtime; the room logic ([`crate::room`]) runs on the blocking pool
//! under one lock, because each change is fsync'd to the journal before it is acknowledged.
//! The HTTP contract is in `docs/workshop.md`.

pub mod assets;

use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequestParts, Path as UrlPath, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use thiserror::Error;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::room::{FileJournal, LessonInfo, Limits, RoomError, Rooms, Syncer};

/// `funnel-lab serve` options.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on (`127.0.0.1:8080`; port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Listen on every interface (0.0.0.0), so phones on the network can join.
    #[arg(long)]
    pub lan: bool,
    /// Folder for the rooms' journal (default: `funnel-lab/rooms` in the user's data folder).
    #[arg(long)]
    pub data: Option<PathBuf>,
}

/// Why the server did not start.
#[derive(Debug, Error)]
pub enum ServeError {
    /// `--addr` is not HOST:PORT.
    #[error(
        "--addr '{0}' is not an address like 127.0.0.1:8080 / --addr не адрес вида 127.0.0.1:8080"
    )]
    Addr(String),
    /// The port is taken or not ours.
    #[error("cannot listen on {0}: {1} / не удаётся слушать {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    /// The data folder cannot be read or written.
    #[error("data folder {0}: {1} / папка данных {0}: {1}")]
    Data(PathBuf, std::io::Error),
    /// No data folder given and none known for this user.
    #[error("no data folder known for this user; pass --data DIR / папка данных неизвестна; укажите --data DIR")]
    NoDataDir,
    /// A lesson file does not parse (a build problem).
    #[error("lessons: {0}")]
    Lessons(String),
    /// The runtime could not start.
    #[error("runtime: {0}")]
    Runtime(std::io::Error),
}

/// The rooms behind one lock, and the journal's group commit waited on outside it.
#[derive(Clone)]
pub struct Shared {
    rooms: Arc<Mutex<Rooms<FileJournal>>>,
    syncer: Arc<Syncer>,
    /// The address phones reach (`http://192.168.1.5:8080`), when the server listens beyond
    /// this computer; `None` on loopback only.
    join_base: Option<Arc<str>>,
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// The default data folder: `<user data>/funnel-lab/rooms`.
pub fn default_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("funnel-lab").join("rooms"))
}

/// This machine's address on the local network (the one a default route would use; no packet
/// is sent), for the line and QR code phones follow.
fn lan_ip() -> Option<IpAddr> {
    let s = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    s.connect((Ipv4Addr::new(192, 0, 2, 1), 9)).ok()?;
    s.local_addr().ok().map(|a| a.ip()).filter(|ip| !ip.is_loopback() && !ip.is_unspecified())
}

/// The QR code of `text`, drawn with half-block characters for a terminal.
pub fn terminal_qr(text: &str) -> Option<String> {
    use qrcode::render::unicode::Dense1x2;
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
    )
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

fn refusal(e: &RoomError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    json_response(status, &e.body())
}

/// Runs `f` on the rooms on the blocking pool, waits until what it wrote is on disk (the
/// journal's group commit, outside the lock), and answers its result.
async fn with_rooms<T, F>(shared: Shared, f: F, ok: impl FnOnce(T) -> Response) -> Response
where
    T: Send + 'static,
    F: FnOnce(&mut Rooms<FileJournal>) -> Result<T, RoomError> + Send + 'static,
{
    let done = tokio::task::spawn_blocking(move || {
        let (result, ticket) = {
            let mut guard = shared.rooms.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let result = f(&mut guard);
            (result, shared.syncer.written())
        };
        let v = result?;
        shared.syncer.sync_through(ticket).map_err(|e| RoomError::Storage(e.to_string()))?;
        Ok(v)
    })
    .await;
    match done {
        Ok(Ok(v)) => ok(v),
        Ok(Err(e)) => refusal(&e),
        Err(e) => refusal(&RoomError::Storage(e.to_string())),
    }
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned())
}

fn body_or_refusal(body: Result<Bytes, BytesRejection>, max: usize) -> Result<Bytes, RoomError> {
    body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            RoomError::TooLarge(max)
        } else {
            RoomError::Bad(e.body_text())
        }
    })
}

const MAX_BODY: usize = 4096;

async fn create(
    State(rooms): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body_or_refusal(body, MAX_BODY) {
        Ok(b) => b,
        Err(e) => return refusal(&e),
    };
    let base = rooms.join_base.clone();
    with_rooms(
        rooms,
        move |r| r.create(&body, peer.ip(), now_ms()),
        move |c| {
            let mut v = json!(c);
            v["join_url"] = base.map_or(Value::Null, |b| json!(format!("{b}{}", c.join)));
            json_response(StatusCode::CREATED, &v)
        },
    )
    .await
}

fn query_voter(uri: &Uri) -> Option<String> {
    uri.query()?.split('&').find_map(|kv| kv.strip_prefix("voter=")).map(str::to_owned)
}

/// Who calls one room's endpoint, read once for every handler: the room's code (upper-cased,
/// as codes are shown), the trainer's bearer token and the phone's `?voter=` if given, and
/// the caller's address (for the rooms' rate limits).
struct Call {
    code: String,
    token: Option<String>,
    voter: Option<String>,
    peer: IpAddr,
}

impl<S: Send + Sync> FromRequestParts<S> for Call {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let UrlPath(code) = UrlPath::<String>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let ConnectInfo(peer) = ConnectInfo::<SocketAddr>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Call {
            code: code.to_ascii_uppercase(),
            token: bearer(&parts.headers),
            voter: query_voter(&parts.uri),
            peer: peer.ip(),
        })
    }
}

async fn public(State(rooms): State<Shared>, call: Call) -> Response {
    with_rooms(
        rooms,
        move |r| r.public(&call.code, call.voter.as_deref(), call.peer, now_ms()),
        |v| json_response(StatusCode::OK, &v),
    )
    .await
}

async fn open_round(State(rooms): State<Shared>, call: Call) -> Response {
    with_rooms(
        rooms,
        move |r| r.open_round(&call.code, call.token.as_deref(), call.peer, now_ms()),
        |n| json_response(StatusCode::OK, &json!({"round": n})),
    )
    .await
}

async fn close_round(State(rooms): State<Shared>, call: Call) -> Response {
    with_rooms(
        rooms,
        move |r| r.close_round(&call.code, call.token.as_deref(), call.peer, now_ms()),
        |n| json_response(StatusCode::OK, &json!({"round": n, "open": false})),
    )
    .await
}

async fn vote(
    State(rooms): State<Shared>,
    call: Call,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body_or_refusal(body, MAX_BODY) {
        Ok(b) => b,
        Err(e) => return refusal(&e),
    };
    with_rooms(
        rooms,
        move |r| r.vote(&call.code, &body, call.peer, now_ms()),
        |()| StatusCode::NO_CONTENT.into_response(),
    )
    .await
}

async fn results(State(rooms): State<Shared>, call: Call) -> Response {
    with_rooms(
        rooms,
        move |r| r.results(&call.code, call.token.as_deref(), call.peer, now_ms()),
        |v| json_response(StatusCode::OK, &v),
    )
    .await
}

async fn status(State(rooms): State<Shared>, call: Call) -> Response {
    with_rooms(
        rooms,
        move |r| r.status(&call.code, call.token.as_deref(), call.peer, now_ms()),
        |v| json_response(StatusCode::OK, &v),
    )
    .await
}

async fn health(State(shared): State<Shared>) -> Response {
    json_response(
        StatusCode::OK,
        &json!({
            "rooms": true,
            "app": assets::HAS_APP,
            "version": env!("CARGO_PKG_VERSION"),
            "join_base": shared.join_base.as_deref(),
        }),
    )
}

async fn phone_page(headers: HeaderMap) -> Response {
    match assets::phone("index.html") {
        Some(a) => assets::respond(a, &headers),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn phone_file(UrlPath(file): UrlPath<String>, headers: HeaderMap) -> Response {
    match assets::phone(&file) {
        Some(a) => assets::respond(a, &headers),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn app_file(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path.starts_with("api/") {
        return json_response(StatusCode::NOT_FOUND, &json!({"error": "no such API endpoint"}));
    }
    let path = if path.is_empty() { "index.html" } else { path };
    match assets::app(path) {
        Some(a) => assets::respond(a, &headers),
        None if path == "index.html" => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            assets::NO_APP,
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "not found",
        )
            .into_response(),
    }
}

/// The header every answer of `funnel-lab serve` carries (the page's room button reads it).
pub const SERVED_BY: &str = "x-served-by";

/// The routes, over the shared rooms.
pub fn router(rooms: Shared) -> Router {
    let api_headers = SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    );
    let api = Router::new()
        .route("/api/health", get(health))
        .route("/api/rooms", post(create))
        .route("/api/rooms/{code}", get(public))
        .route("/api/rooms/{code}/rounds", post(open_round))
        .route("/api/rooms/{code}/close", post(close_round))
        .route("/api/rooms/{code}/votes", post(vote))
        .route("/api/rooms/{code}/results", get(results))
        .route("/api/rooms/{code}/status", get(status))
        .layer(api_headers)
        .layer(DefaultBodyLimit::max(MAX_BODY));
    Router::new()
        .merge(api)
        .route("/j/{code}", get(phone_page))
        .route("/phone/{file}", get(phone_file))
        .fallback(get(app_file))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("content-security-policy"),
            HeaderValue::from_static(assets::CSP),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        // Says who serves the app, so that the page can tell `funnel-lab serve` from a static
        // host with a HEAD of itself, without asking a static host for an /api/ it lacks (a 404
        // in the console).
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static(SERVED_BY),
            HeaderValue::from_static("funnel-lab serve"),
        ))
        .with_state(rooms)
}

/// Reads the journal in `dir`, replays it, rewrites it compacted, and opens it for group commit.
///
/// # Errors
/// The folder cannot be read or written, or a lesson file does not parse.
pub fn open_rooms(dir: &Path) -> Result<(Shared, usize), ServeError> {
    let lessons = LessonInfo::embedded().map_err(ServeError::Lessons)?;
    let data = |e| ServeError::Data(dir.to_path_buf(), e);
    let replay = FileJournal::read(dir).map_err(data)?;
    let mut scratch =
        Rooms::new(lessons.clone(), Limits::default(), crate::room::MemoryJournal::default());
    scratch.replay(&replay.records, now_ms());
    let snapshot = scratch.snapshot();
    let mut journal = FileJournal::rewrite(dir, &snapshot).map_err(data)?;
    let syncer = journal.group_commit().map_err(data)?;
    let mut rooms = Rooms::new(lessons, Limits::default(), journal);
    rooms.replay(&snapshot, now_ms());
    let n = rooms.len();
    Ok((Shared { rooms: Arc::new(Mutex::new(rooms)), syncer, join_base: None }, n))
}

/// Starts the server and serves until the process ends.
///
/// # Errors
/// See [`ServeError`].
pub fn run(args: &ServeArgs) -> Result<(), ServeError> {
    let mut addr: SocketAddr =
        args.addr.parse().map_err(|_| ServeError::Addr(args.addr.clone()))?;
    if args.lan {
        addr.set_ip(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    }
    let dir = match &args.data {
        Some(d) => d.clone(),
        None => default_data_dir().ok_or(ServeError::NoDataDir)?,
    };
    let (mut rooms, restored) = open_rooms(&dir)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .build()
        .map_err(ServeError::Runtime)?;
    runtime.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(addr).await.map_err(|e| ServeError::Bind(addr, e))?;
        let local = listener.local_addr().map_err(|e| ServeError::Bind(addr, e))?;
        rooms.join_base = announce(local, &dir, restored).map(Arc::from);
        let app = router(rooms).into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, app).await.map_err(ServeError::Runtime)
    })
}

/// The lines a trainer reads: where the app is, whether phones can reach it, the QR code.
/// Returns the address phones reach, when they can.
fn announce(local: SocketAddr, dir: &Path, restored: usize) -> Option<String> {
    let port = local.port();
    let everywhere = local.ip().is_unspecified();
    let shown = if everywhere || local.ip().is_loopback() {
        format!("http://127.0.0.1:{port}")
    } else {
        format!("http://{local}")
    };
    println!("Funnel Lab is serving on {shown}/  (Ctrl+C stops it)");
    println!("Rooms are kept in {} ({restored} restored)", dir.display());
    if !assets::HAS_APP {
        println!("This binary was built without the app: build it with scripts/release.sh");
    }
    let base = if everywhere {
        lan_ip().map(|ip| format!("http://{}", SocketAddr::new(ip, port)))
    } else if local.ip().is_loopback() {
        None
    } else {
        Some(format!("http://{local}"))
    };
    match &base {
        Some(b) => {
            println!("Phones on the same network can join: {b}/");
            println!("Телефоны в той же сети могут подключиться: {b}/");
        }
        None if everywhere => {
            println!("Phones on the same network can join at this computer's address, port {port}");
        }
        None => {
            println!(
                "Only this computer can connect; add --lan to let phones on the network join."
            );
        }
    }
    if let Some(qr) = terminal_qr(&format!("{}/", base.as_deref().unwrap_or(&shown))) {
        println!("{qr}");
    }
    base
}

/// `funnel-lab serve …` from the binary: parses the options, serves, and returns the exit code
/// when the server stops (it runs until killed).
pub fn main_cli(args: &[String]) -> i32 {
    #[derive(clap::Parser)]
    #[command(
        name = "funnel-lab serve",
        about = "Serves the app, the phone page and the workshop rooms"
    )]
    struct Cli {
        #[command(flatten)]
        args: ServeArgs,
    }
    use clap::Parser as _;
    let argv = std::iter::once("funnel-lab serve").chain(args.iter().map(String::as_str));
    let cli = match Cli::try_parse_from(argv) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match run(&cli.args) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("funnel-lab serve: {e}");
            2
        }
    }
}
