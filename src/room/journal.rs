//! Where a room's state lives: an append-only journal of [`Record`]s, one JSON line each.
//!
//! The room logic ([`super::Rooms`]) writes a record through [`Journal::append`] *before* it
//! changes its state, and a request is acknowledged only after the line is fsync'd (at once, or
//! by a group commit the server waits on), so a server killed at any moment finds on restart every acknowledged
//! change. On start the file is replayed, rooms idle too long are dropped, and the live state is
//! written to a fresh file (fsync'd, then renamed over the old one), so the journal does not
//! grow without bound across restarts.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

/// One change of the room state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Record {
    /// A room was opened.
    Room {
        /// Join code.
        code: String,
        /// The trainer's secret.
        token: String,
        /// Lesson id.
        lesson: String,
        /// When, in ms since the Unix epoch.
        at: u64,
    },
    /// A round was opened (closing the previous one).
    Round {
        /// Join code.
        code: String,
        /// The round opened.
        round: u32,
        /// When.
        at: u64,
    },
    /// The open round was closed without opening another.
    Close {
        /// Join code.
        code: String,
        /// When.
        at: u64,
    },
    /// A vote (replacing the voter's earlier vote in the same round).
    Vote {
        /// Join code.
        code: String,
        /// Its round.
        round: u32,
        /// The id the phone made.
        voter: String,
        /// One guess per arm, in percent.
        guesses: Vec<f64>,
        /// Optional name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        /// When.
        at: u64,
    },
}

/// Where records go. `append` returns only when the record is durable.
pub trait Journal {
    /// Stores one record durably.
    ///
    /// # Errors
    /// Any I/O error; the caller then refuses the request and changes nothing.
    fn append(&mut self, record: &Record) -> io::Result<()>;
}

/// A journal in memory (tests, or a server run without persistence).
#[derive(Debug, Default)]
pub struct MemoryJournal {
    /// Every record appended, in order.
    pub records: Vec<Record>,
    /// When set, every append fails (to test that a failed write stores nothing).
    pub fail: bool,
}

impl Journal for MemoryJournal {
    fn append(&mut self, record: &Record) -> io::Result<()> {
        if self.fail {
            return Err(io::Error::other("the test journal refuses writes"));
        }
        self.records.push(record.clone());
        Ok(())
    }
}

/// The journal file `rooms.jsonl` in the data folder, one fsync'd JSON line per record.
///
/// By default each `append` fsyncs. With [`FileJournal::group_commit`], `append` only writes and
/// the caller, after releasing its lock, waits on [`Syncer::sync_through`]: one fsync then covers
/// every line written before it started, so many phones voting at once share fsyncs instead of
/// queueing for one each. A request is still acknowledged only after its line is on disk.
#[derive(Debug)]
pub struct FileJournal {
    file: File,
    path: PathBuf,
    sync: Option<Arc<Syncer>>,
}

/// The shared fsync of a group-committing journal.
#[derive(Debug)]
pub struct Syncer {
    file: File,
    /// Lines written so far.
    written: AtomicU64,
    /// Lines known durable; the lock is held during an fsync.
    synced: Mutex<u64>,
    /// Set after a failed fsync: the file's state is then unknown and every later write fails.
    failed: AtomicBool,
}

impl Syncer {
    /// Lines written so far (the ticket of the latest write).
    pub fn written(&self) -> u64 {
        self.written.load(Ordering::SeqCst)
    }

    /// Returns once line `ticket` (and every line before it) is on disk.
    ///
    /// # Errors
    /// The fsync failed; the journal then refuses every later write.
    pub fn sync_through(&self, ticket: u64) -> io::Result<()> {
        let mut synced = self.synced.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if self.failed.load(Ordering::SeqCst) {
            return Err(io::Error::other("an earlier fsync of the journal failed"));
        }
        if *synced >= ticket {
            return Ok(());
        }
        let target = self.written();
        if let Err(e) = self.file.sync_data() {
            self.failed.store(true, Ordering::SeqCst);
            return Err(e);
        }
        *synced = target;
        Ok(())
    }
}

/// What reading a journal found.
#[derive(Debug, Default)]
pub struct Replay {
    /// The records, in order.
    pub records: Vec<Record>,
    /// Lines that did not parse (a torn last line after a crash during a write that was never
    /// acknowledged, or damage), skipped.
    pub skipped: usize,
}

const FILE: &str = "rooms.jsonl";

impl FileJournal {
    /// Reads `dir/rooms.jsonl` (creating `dir` if needed).
    ///
    /// # Errors
    /// The folder cannot be created or the file read.
    pub fn read(dir: &Path) -> io::Result<Replay> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(FILE);
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Replay::default()),
            Err(e) => return Err(e),
        };
        let mut out = Replay::default();
        for line in BufReader::new(file).split(b'\n') {
            let line = line?;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<Record>(&line) {
                Ok(r) => out.records.push(r),
                Err(_) => out.skipped += 1,
            }
        }
        Ok(out)
    }

    /// Replaces the journal by `records` (written to a temporary file, fsync'd, renamed over the
    /// old one, the folder fsync'd) and opens it for appending.
    ///
    /// # Errors
    /// Any I/O error; the old journal is then left as it was.
    pub fn rewrite(dir: &Path, records: &[Record]) -> io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(FILE);
        let tmp = dir.join(format!("{FILE}.tmp"));
        {
            let mut options = OpenOptions::new();
            options.write(true).create(true).truncate(true);
            // The journal holds the trainers' tokens: readable by this user only.
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut f = options.open(&tmp)?;
            let mut buf = Vec::new();
            for r in records {
                serde_json::to_writer(&mut buf, r)?;
                buf.push(b'\n');
            }
            f.write_all(&buf)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &path)?;
        sync_dir(dir)?;
        let file = OpenOptions::new().append(true).open(&path)?;
        Ok(Self { file, path, sync: None })
    }

    /// Switches to group commit and returns the syncer the caller waits on.
    ///
    /// # Errors
    /// The file handle cannot be duplicated.
    pub fn group_commit(&mut self) -> io::Result<Arc<Syncer>> {
        let syncer = Arc::new(Syncer {
            file: self.file.try_clone()?,
            written: AtomicU64::new(0),
            synced: Mutex::new(0),
            failed: AtomicBool::new(false),
        });
        self.sync = Some(syncer.clone());
        Ok(syncer)
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

impl Journal for FileJournal {
    fn append(&mut self, record: &Record) -> io::Result<()> {
        let mut line = serde_json::to_vec(record)?;
        line.push(b'\n');
        // One write of the whole line: a kill between two writes cannot interleave half a line
        // with the next; a torn line at the very end (power loss) is skipped by `read`, and it
        // was never acknowledged.
        match &self.sync {
            None => {
                self.file.write_all(&line)?;
                self.file.sync_data()
            }
            Some(sync) => {
                if sync.failed.load(Ordering::SeqCst) {
                    return Err(io::Error::other("an earlier fsync of the journal failed"));
                }
                self.file.write_all(&line)?;
                sync.written.fetch_add(1, Ordering::SeqCst);
                Ok(())
            }
        }
    }
}
