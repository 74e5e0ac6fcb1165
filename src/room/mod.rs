//! The workshop room: a trainer opens a room on a lesson, phones join by a short code and guess
//! P(plan) for each of the lesson's arms, round after round (Peer Instruction: vote, see the
//! spread, discuss, vote again, reveal).
//!
//! This is the logic only: no sockets, no clock, no files. The caller passes the time (ms since
//! the Unix epoch) and the client's address, and a [`Journal`] stores each change durably before
//! the state changes, so every refusal stores nothing and every acknowledged change survives a
//! kill. `funnel-lab serve` (`crate::serve`) puts it behind HTTP.
//!
//! Safety on a shared network (the numbers are [`Limits::default`]):
//! - join codes are 6 characters from a 31-letter alphabet without look-alikes (31⁶ ≈ 8.9·10⁸
//!   codes, at most 64 live rooms); requests naming an unknown room are limited per address to a
//!   burst of 10 and then one every 6 s, so one address finds a live room with probability about
//!   `14 400 · 64 / 8.9·10⁸ ≈ 0.1 %` a day;
//! - trainer tokens are 32 bytes from the operating system's generator (256 bits), compared in
//!   constant time;
//! - a phone can only write its own vote; bodies ≤ 4 KB, names ≤ 40 characters, ≤ 500 voters a
//!   room, ≤ 10 requests a second a voter, ≤ 64 rooms, rooms dropped after 24 h idle.

mod bucket;
pub mod journal;

use std::collections::HashMap;
use std::net::IpAddr;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use thiserror::Error;

pub use bucket::{Buckets, Rate};
pub use journal::{FileJournal, Journal, MemoryJournal, Record, Replay, Syncer};

use crate::content::lessons::Text;

/// The alphabet of join codes: no 0/O, 1/I/L look-alikes.
pub const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters in a join code.
pub const CODE_LEN: usize = 6;

/// The room's limits.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Live rooms at most.
    pub max_rooms: usize,
    /// Distinct voters in a room at most.
    pub max_voters: usize,
    /// Characters in a name at most.
    pub max_name_chars: usize,
    /// Bytes in a request body at most.
    pub max_body: usize,
    /// A voter's requests.
    pub voter_rate: Rate,
    /// An address's requests naming an unknown room.
    pub miss_rate: Rate,
    /// An address's new rooms.
    pub create_rate: Rate,
    /// A room idle this long (ms) is dropped.
    pub idle_ms: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_rooms: 64,
            max_voters: 500,
            max_name_chars: 40,
            max_body: 4096,
            voter_rate: Rate { burst: 10.0, per_second: 10.0 },
            miss_rate: Rate { burst: 10.0, per_second: 1.0 / 6.0 },
            create_rate: Rate { burst: 10.0, per_second: 1.0 / 60.0 },
            idle_ms: 24 * 3600 * 1000,
        }
    }
}

/// Why a request is refused; each maps to an HTTP status and a sentence in both languages.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum RoomError {
    /// The body is not what the endpoint takes.
    #[error("bad request: {0}")]
    Bad(String),
    /// No token, or not this room's.
    #[error("this needs the room's trainer token")]
    Unauthorized,
    /// No such room (or it expired).
    #[error("no room with this code (it may have expired)")]
    NotFound,
    /// The round is closed or not open yet.
    #[error("round {asked} is not open (the open round is {open})")]
    RoundNotOpen {
        /// The round the vote named.
        asked: u32,
        /// The open round (0: none).
        open: u32,
    },
    /// The room has its maximum of voters.
    #[error("the room is full ({0} voters)")]
    RoomFull(usize),
    /// The body is too large.
    #[error("the request is larger than {0} bytes")]
    TooLarge(usize),
    /// Too many requests from this voter or address.
    #[error("too many requests; wait a moment")]
    TooMany,
    /// The server holds its maximum of rooms.
    #[error("the server has {0} rooms open; close one or wait until one expires")]
    TooManyRooms(usize),
    /// The journal could not store the change (nothing was changed).
    #[error("the server could not save this: {0}")]
    Storage(String),
}

impl RoomError {
    /// The HTTP status of the refusal.
    pub fn status(&self) -> u16 {
        match self {
            Self::Bad(_) => 400,
            Self::Unauthorized => 401,
            Self::NotFound => 404,
            Self::RoundNotOpen { .. } | Self::RoomFull(_) => 409,
            Self::TooLarge(_) => 413,
            Self::TooMany | Self::TooManyRooms(_) => 429,
            Self::Storage(_) => 500,
        }
    }

    /// The sentence in Russian.
    pub fn ru(&self) -> String {
        match self {
            Self::Bad(why) => format!("неверный запрос: {why}"),
            Self::Unauthorized => "это может только ведущий (нужен токен комнаты)".into(),
            Self::NotFound => "комнаты с таким кодом нет (возможно, она истекла)".into(),
            Self::RoundNotOpen { asked, open } => {
                format!("раунд {asked} не открыт (открыт раунд {open})")
            }
            Self::RoomFull(n) => format!("комната заполнена ({n} участников)"),
            Self::TooLarge(n) => format!("запрос больше {n} байт"),
            Self::TooMany => "слишком много запросов; подождите немного".into(),
            Self::TooManyRooms(n) => {
                format!("на сервере уже {n} комнат; закройте одну или дождитесь, пока она истечёт")
            }
            Self::Storage(e) => format!("сервер не смог сохранить: {e}"),
        }
    }

    /// The JSON body of the refusal: `{"error": English, "error_ru": Russian}`.
    pub fn body(&self) -> Value {
        json!({"error": self.to_string(), "error_ru": self.ru()})
    }
}

/// What a room needs of a lesson.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LessonInfo {
    /// Lesson id.
    pub id: String,
    /// Title.
    pub title: Text,
    /// What the room predicts.
    pub question: Text,
    /// Arm labels, the baseline first.
    pub arms: Vec<Text>,
}

impl LessonInfo {
    /// Every lesson embedded in the crate.
    ///
    /// # Errors
    /// A lesson file that does not parse.
    pub fn embedded() -> Result<Vec<Self>, String> {
        Ok(crate::content::lessons::lessons()?
            .into_iter()
            .map(|l| Self {
                arms: std::iter::once(l.baseline.label.clone())
                    .chain(l.variants.iter().map(|v| v.label.clone()))
                    .collect(),
                id: l.id,
                title: l.title,
                question: l.question,
            })
            .collect())
    }
}

/// One vote.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Vote {
    /// The id the phone made.
    pub voter: String,
    /// One guess per arm, percent.
    pub guesses: Vec<f64>,
    /// Optional name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Clone, Debug)]
struct Room {
    token: String,
    lesson: usize,
    /// The latest round opened (0: none yet).
    round: u32,
    open: bool,
    /// Votes of round r at index r − 1, in the order voters first voted.
    votes: Vec<Vec<Vote>>,
    voters: std::collections::HashSet<String>,
    last_ms: u64,
}

/// A new room, as its creator receives it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Created {
    /// Join code.
    pub code: String,
    /// The trainer's secret.
    pub token: String,
    /// The phones' address, relative to the server (`/j/CODE`).
    pub join: String,
}

#[derive(Deserialize)]
struct CreateBody {
    lesson: String,
}

#[derive(Deserialize)]
struct VoteBody {
    voter: String,
    round: u32,
    guesses: Vec<f64>,
    #[serde(default)]
    name: Option<String>,
}

/// Every room, behind a journal.
pub struct Rooms<J> {
    lessons: Vec<LessonInfo>,
    limits: Limits,
    journal: J,
    rooms: HashMap<String, Room>,
    voter_buckets: Buckets<(String, String)>,
    miss_buckets: Buckets<IpAddr>,
    create_buckets: Buckets<IpAddr>,
}

/// Random bytes from the operating system.
fn os_random(buf: &mut [u8]) -> Result<(), RoomError> {
    getrandom::fill(buf).map_err(|e| RoomError::Storage(format!("no randomness: {e}")))
}

fn new_code() -> Result<String, RoomError> {
    let mut out = String::with_capacity(CODE_LEN);
    // Rejection sampling: 248 = 8 · 31 keeps every letter equally likely.
    let mut buf = [0u8; 32];
    while out.len() < CODE_LEN {
        os_random(&mut buf)?;
        for &b in &buf {
            if out.len() < CODE_LEN && usize::from(b) < 248 {
                out.push(char::from(CODE_ALPHABET[usize::from(b) % CODE_ALPHABET.len()]));
            }
        }
    }
    Ok(out)
}

fn new_token() -> Result<String, RoomError> {
    let mut buf = [0u8; 32];
    os_random(&mut buf)?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf))
}

/// Equality that takes the same time wherever the strings differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn parse<'a, T: Deserialize<'a>>(body: &'a [u8], max: usize) -> Result<T, RoomError> {
    if body.len() > max {
        return Err(RoomError::TooLarge(max));
    }
    serde_json::from_slice(body).map_err(|e| RoomError::Bad(e.to_string()))
}

fn valid_voter(v: &str) -> bool {
    (1..=64).contains(&v.len())
        && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl<J: Journal> Rooms<J> {
    /// No rooms yet.
    pub fn new(lessons: Vec<LessonInfo>, limits: Limits, journal: J) -> Self {
        Self {
            voter_buckets: Buckets::new(limits.voter_rate, 4096),
            miss_buckets: Buckets::new(limits.miss_rate, 4096),
            create_buckets: Buckets::new(limits.create_rate, 4096),
            lessons,
            limits,
            journal,
            rooms: HashMap::new(),
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The journal (tests read what was stored).
    pub fn journal(&self) -> &J {
        &self.journal
    }

    /// The journal, to change (tests make it fail).
    pub fn journal_mut(&mut self) -> &mut J {
        &mut self.journal
    }

    /// Live rooms.
    pub fn len(&self) -> usize {
        self.rooms.len()
    }

    /// Whether there is no live room.
    pub fn is_empty(&self) -> bool {
        self.rooms.is_empty()
    }

    /// Applies stored records (no journaling, no limits but consistency), then drops rooms idle
    /// too long at `now`. Returns how many records did not apply (e.g. a vote for a room that
    /// was replaced).
    pub fn replay(&mut self, records: &[Record], now: u64) -> usize {
        let mut bad = 0;
        for r in records {
            if self.apply(r).is_err() {
                bad += 1;
            }
        }
        self.expire(now);
        bad
    }

    /// The records that rebuild the live state (for compacting the journal).
    pub fn snapshot(&self) -> Vec<Record> {
        let mut codes: Vec<&String> = self.rooms.keys().collect();
        codes.sort();
        let mut out = Vec::new();
        for code in codes {
            let room = &self.rooms[code];
            out.push(Record::Room {
                code: code.clone(),
                token: room.token.clone(),
                lesson: self.lessons[room.lesson].id.clone(),
                at: room.last_ms,
            });
            for (i, votes) in room.votes.iter().enumerate() {
                let round = u32::try_from(i + 1).unwrap_or(u32::MAX);
                out.push(Record::Round { code: code.clone(), round, at: room.last_ms });
                for v in votes {
                    out.push(Record::Vote {
                        code: code.clone(),
                        round,
                        voter: v.voter.clone(),
                        guesses: v.guesses.clone(),
                        name: v.name.clone(),
                        at: room.last_ms,
                    });
                }
            }
            if room.round > 0 && !room.open {
                out.push(Record::Close { code: code.clone(), at: room.last_ms });
            }
        }
        out
    }

    /// Changes the state by one record (already durable, or being replayed).
    fn apply(&mut self, r: &Record) -> Result<(), RoomError> {
        match r {
            Record::Room { code, token, lesson, at } => {
                let lesson = self
                    .lessons
                    .iter()
                    .position(|l| &l.id == lesson)
                    .ok_or_else(|| RoomError::Bad(format!("no lesson '{lesson}'")))?;
                self.rooms.insert(
                    code.clone(),
                    Room {
                        token: token.clone(),
                        lesson,
                        round: 0,
                        open: false,
                        votes: Vec::new(),
                        voters: Default::default(),
                        last_ms: *at,
                    },
                );
            }
            Record::Round { code, round, at } => {
                let room = self.rooms.get_mut(code).ok_or(RoomError::NotFound)?;
                if *round != room.round + 1 {
                    return Err(RoomError::Bad("round out of order".into()));
                }
                room.round = *round;
                room.open = true;
                room.votes.push(Vec::new());
                room.last_ms = room.last_ms.max(*at);
            }
            Record::Close { code, at } => {
                let room = self.rooms.get_mut(code).ok_or(RoomError::NotFound)?;
                room.open = false;
                room.last_ms = room.last_ms.max(*at);
            }
            Record::Vote { code, round, voter, guesses, name, at } => {
                let room = self.rooms.get_mut(code).ok_or(RoomError::NotFound)?;
                let votes = room
                    .votes
                    .get_mut((*round as usize).wrapping_sub(1))
                    .ok_or(RoomError::RoundNotOpen { asked: *round, open: room.round })?;
                let vote =
                    Vote { voter: voter.clone(), guesses: guesses.clone(), name: name.clone() };
                match votes.iter_mut().find(|v| &v.voter == voter) {
                    Some(v) => *v = vote,
                    None => votes.push(vote),
                }
                room.voters.insert(voter.clone());
                room.last_ms = room.last_ms.max(*at);
            }
        }
        Ok(())
    }

    /// Stores the record, then applies it: nothing changes when storing fails.
    fn commit(&mut self, r: Record) -> Result<(), RoomError> {
        self.journal.append(&r).map_err(|e| RoomError::Storage(e.to_string()))?;
        self.apply(&r)
    }

    /// Drops rooms idle for the limit's time at `now`.
    pub fn expire(&mut self, now: u64) {
        let idle = self.limits.idle_ms;
        self.rooms.retain(|_, r| now.saturating_sub(r.last_ms) < idle);
    }

    /// The room `code`, counting a miss against `from` when there is none.
    fn find(&mut self, code: &str, from: IpAddr, now: u64) -> Result<&mut Room, RoomError> {
        self.expire(now);
        if !self.rooms.contains_key(code) {
            return Err(if self.miss_buckets.take(from, now) {
                RoomError::NotFound
            } else {
                RoomError::TooMany
            });
        }
        self.rooms.get_mut(code).ok_or(RoomError::NotFound)
    }

    fn trainer(
        &mut self,
        code: &str,
        token: Option<&str>,
        from: IpAddr,
        now: u64,
    ) -> Result<&mut Room, RoomError> {
        let room = self.find(code, from, now)?;
        match token {
            Some(t) if same_secret(t, &room.token) => Ok(room),
            _ => Err(RoomError::Unauthorized),
        }
    }

    /// `POST /api/rooms` `{"lesson": id}`: a new room with a fresh code and token.
    ///
    /// # Errors
    /// 413 body too large, 400 not JSON or unknown lesson, 429 too many rooms (from this
    /// address, or on the server), 500 storage.
    pub fn create(&mut self, body: &[u8], from: IpAddr, now: u64) -> Result<Created, RoomError> {
        let req: CreateBody = parse(body, self.limits.max_body)?;
        if !self.lessons.iter().any(|l| l.id == req.lesson) {
            return Err(RoomError::Bad(format!("no lesson '{}'", req.lesson)));
        }
        self.expire(now);
        if self.rooms.len() >= self.limits.max_rooms {
            return Err(RoomError::TooManyRooms(self.limits.max_rooms));
        }
        if !self.create_buckets.take(from, now) {
            return Err(RoomError::TooMany);
        }
        let code = loop {
            let c = new_code()?;
            if !self.rooms.contains_key(&c) {
                break c;
            }
        };
        let token = new_token()?;
        self.commit(Record::Room {
            code: code.clone(),
            token: token.clone(),
            lesson: req.lesson,
            at: now,
        })?;
        Ok(Created { join: format!("/j/{code}"), code, token })
    }

    /// `GET /api/rooms/{code}`: the lesson, its question and arms, the round and whether it is
    /// open. `voter`, when the phone names itself, counts against its rate (reads that name no
    /// voter are not limited: they store nothing and cost a lookup).
    ///
    /// # Errors
    /// 404 no room, 400 a malformed voter id, 429 too many misses from this address or
    /// requests from this voter.
    pub fn public(
        &mut self,
        code: &str,
        voter: Option<&str>,
        from: IpAddr,
        now: u64,
    ) -> Result<Value, RoomError> {
        let (lesson, round, open) = {
            let room = self.find(code, from, now)?;
            (room.lesson, room.round, room.open)
        };
        if let Some(v) = voter {
            if !valid_voter(v) {
                return Err(RoomError::Bad("voter: 1 to 64 letters, digits, '-' or '_'".into()));
            }
            if !self.voter_buckets.take((code.to_owned(), v.to_owned()), now) {
                return Err(RoomError::TooMany);
            }
        }
        let l = &self.lessons[lesson];
        Ok(json!({
            "lesson": l.id,
            "title": l.title,
            "question": l.question,
            "arms": l.arms.iter().map(|a| json!({"label": a})).collect::<Vec<_>>(),
            "round": round,
            "open": open,
        }))
    }

    /// `POST /api/rooms/{code}/rounds` (trainer): opens the next round, closing the previous.
    ///
    /// # Errors
    /// 404, 401, 500 storage.
    pub fn open_round(
        &mut self,
        code: &str,
        token: Option<&str>,
        from: IpAddr,
        now: u64,
    ) -> Result<u32, RoomError> {
        let round = self.trainer(code, token, from, now)?.round + 1;
        self.commit(Record::Round { code: code.to_owned(), round, at: now })?;
        Ok(round)
    }

    /// `POST /api/rooms/{code}/close` (trainer): closes the open round (before the reveal).
    /// Returns the round, which stays the latest.
    ///
    /// # Errors
    /// 404, 401, 500 storage.
    pub fn close_round(
        &mut self,
        code: &str,
        token: Option<&str>,
        from: IpAddr,
        now: u64,
    ) -> Result<u32, RoomError> {
        let room = self.trainer(code, token, from, now)?;
        let (round, open) = (room.round, room.open);
        // Closing a closed room changes nothing and stores nothing.
        if open {
            self.commit(Record::Close { code: code.to_owned(), at: now })?;
        }
        Ok(round)
    }

    /// `POST /api/rooms/{code}/votes`: a phone's guesses for the open round; the same voter and
    /// round again replaces its vote.
    ///
    /// # Errors
    /// 404 no room; 413 body too large; 400 not a vote (voter id not 1–64 of `A-Za-z0-9_-`,
    /// not one guess in 0–100 per arm, name over the limit or with control characters);
    /// 429 more than the voter's rate; 409 the round is closed or not open yet, or the room is
    /// full; 500 storage. Nothing is stored on any refusal.
    pub fn vote(
        &mut self,
        code: &str,
        body: &[u8],
        from: IpAddr,
        now: u64,
    ) -> Result<(), RoomError> {
        let max_body = self.limits.max_body;
        let arms = {
            let room = self.find(code, from, now)?;
            room.lesson
        };
        let arms = self.lessons[arms].arms.len();
        let req: VoteBody = parse(body, max_body)?;
        if !valid_voter(&req.voter) {
            return Err(RoomError::Bad("voter: 1 to 64 letters, digits, '-' or '_'".into()));
        }
        if !self.voter_buckets.take((code.to_owned(), req.voter.clone()), now) {
            return Err(RoomError::TooMany);
        }
        if req.guesses.len() != arms {
            return Err(RoomError::Bad(format!("guesses: {arms} numbers, one per arm")));
        }
        if req.guesses.iter().any(|g| !(0.0..=100.0).contains(g)) {
            return Err(RoomError::Bad("guesses: each in percent, 0 to 100".into()));
        }
        let name = match req.name.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(n) if n.chars().count() > self.limits.max_name_chars => {
                return Err(RoomError::Bad(format!(
                    "name: at most {} characters",
                    self.limits.max_name_chars
                )))
            }
            Some(n) if n.chars().any(char::is_control) => {
                return Err(RoomError::Bad("name: no control characters".into()))
            }
            Some(n) => Some(n.to_owned()),
        };
        let max_voters = self.limits.max_voters;
        let room = self.rooms.get(code).ok_or(RoomError::NotFound)?;
        if req.round == 0 || req.round != room.round || !room.open {
            return Err(RoomError::RoundNotOpen {
                asked: req.round,
                open: if room.open { room.round } else { 0 },
            });
        }
        if !room.voters.contains(&req.voter) && room.voters.len() >= max_voters {
            return Err(RoomError::RoomFull(max_voters));
        }
        self.commit(Record::Vote {
            code: code.to_owned(),
            round: req.round,
            voter: req.voter,
            guesses: req.guesses,
            name,
            at: now,
        })
    }

    /// `GET /api/rooms/{code}/results` (trainer): every round's votes.
    ///
    /// # Errors
    /// 404, 401.
    pub fn results(
        &mut self,
        code: &str,
        token: Option<&str>,
        from: IpAddr,
        now: u64,
    ) -> Result<Value, RoomError> {
        let room = self.trainer(code, token, from, now)?;
        Ok(json!({
            "rounds": room.votes.iter().enumerate().map(|(i, votes)| json!({
                "round": i + 1,
                "votes": votes,
            })).collect::<Vec<_>>(),
        }))
    }

    /// `GET /api/rooms/{code}/status` (trainer): the round, whether it is open, how many
    /// answered each round (the projector's live count).
    ///
    /// # Errors
    /// 404, 401.
    pub fn status(
        &mut self,
        code: &str,
        token: Option<&str>,
        from: IpAddr,
        now: u64,
    ) -> Result<Value, RoomError> {
        let room = self.trainer(code, token, from, now)?;
        Ok(json!({
            "round": room.round,
            "open": room.open,
            "voters": room.voters.len(),
            "rounds": room.votes.iter().enumerate().map(|(i, votes)| json!({
                "round": i + 1,
                "answered": votes.len(),
            })).collect::<Vec<_>>(),
        }))
    }
}

#[cfg(test)]
mod tests;
