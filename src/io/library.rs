//! The user's library of named scenarios: the list operations (save, rename, duplicate,
//! delete), the naming rules and the versioned JSON the page keeps in localStorage.
//!
//! Plain Rust with no browser types, so every rule is tested natively; the page's library panel
//! only wires buttons to these methods. Built-in presets are not entries: they stay read-only in
//! [`crate::sim::PRESETS`], and opening one then editing it makes a draft, never a change to it.

use serde::{Deserialize, Serialize};

use crate::sim::ScenarioSpec;

/// Version of the stored library; a newer one is refused rather than misread.
pub const LIBRARY_VERSION: u32 = 1;
/// Longest name, in characters.
pub const MAX_NAME_CHARS: usize = 80;
/// Most entries a library holds (localStorage holds about 5 MB; a scenario is a few kB).
pub const MAX_ENTRIES: usize = 200;

/// Why a library operation was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LibraryError {
    /// The name is empty once trimmed.
    #[error("the name is empty")]
    EmptyName,
    /// The name is longer than [`MAX_NAME_CHARS`].
    #[error("the name is longer than {MAX_NAME_CHARS} characters")]
    NameTooLong,
    /// Another entry has this name (names compare ignoring case and outer spaces).
    #[error("another scenario is already called '{0}'")]
    NameTaken(String),
    /// No entry has this name.
    #[error("no scenario is called '{0}'")]
    NotFound(String),
    /// The library holds [`MAX_ENTRIES`] already.
    #[error("the library is full ({MAX_ENTRIES} scenarios)")]
    Full,
    /// The stored text is not a library this version can read.
    #[error("the saved library cannot be read: {0}")]
    Unreadable(String),
    /// The stored library was written by a newer version.
    #[error("the saved library is version {0}; this version reads {LIBRARY_VERSION}")]
    NewerVersion(u32),
}

/// One saved scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Its unique name.
    pub name: String,
    /// The scenario, as saved (it may be invalid: a draft is kept as it is).
    pub spec: ScenarioSpec,
}

/// The saved scenarios, in the order they were first saved.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Library {
    entries: Vec<Entry>,
}

/// The stored form: a version and the entries, each scenario as its own JSON document so that
/// a schema upgrade of scenarios applies to saved ones too.
#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    entries: Vec<StoredEntry>,
}

#[derive(Serialize, Deserialize)]
struct StoredEntry {
    name: String,
    scenario: serde_json::Value,
}

/// A name as the library keeps it: trimmed, inner runs of spaces kept as typed.
pub fn clean_name(name: &str) -> Result<String, LibraryError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(LibraryError::EmptyName);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(LibraryError::NameTooLong);
    }
    Ok(name.to_owned())
}

fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

impl Library {
    /// The entries, oldest first.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry called `name`, if any.
    pub fn get(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| same(&e.name, name))
    }

    fn position(&self, name: &str) -> Result<usize, LibraryError> {
        self.entries
            .iter()
            .position(|e| same(&e.name, name))
            .ok_or_else(|| LibraryError::NotFound(name.to_owned()))
    }

    /// `base` if no entry has it, else `base (2)`, `base (3)`, … the first one free.
    pub fn unique_name(&self, base: &str) -> String {
        let base = base.trim();
        let base = if base.is_empty() { "?" } else { base };
        if self.get(base).is_none() {
            return base.to_owned();
        }
        (2..)
            .map(|n| format!("{base} ({n})"))
            .find(|n| self.get(n).is_none())
            .unwrap_or_else(|| base.to_owned())
    }

    /// Saves `spec` under `name`: a new entry, or the same name saved over (what "save" means
    /// for the scenario one has open). Returns the name as kept.
    pub fn save(&mut self, name: &str, spec: ScenarioSpec) -> Result<String, LibraryError> {
        let name = clean_name(name)?;
        if let Ok(i) = self.position(&name) {
            self.entries[i].spec = spec;
            return Ok(self.entries[i].name.clone());
        }
        if self.entries.len() >= MAX_ENTRIES {
            return Err(LibraryError::Full);
        }
        self.entries.push(Entry { name: name.clone(), spec });
        Ok(name)
    }

    /// Renames an entry; refused if another entry has the new name. Changing only the case of
    /// a name is a rename too.
    pub fn rename(&mut self, old: &str, new: &str) -> Result<String, LibraryError> {
        let i = self.position(old)?;
        let new = clean_name(new)?;
        if self.entries.iter().enumerate().any(|(j, e)| j != i && same(&e.name, &new)) {
            return Err(LibraryError::NameTaken(new));
        }
        self.entries[i].name = new.clone();
        Ok(new)
    }

    /// Copies an entry under a free name (`name (2)`, …), placed right after it.
    pub fn duplicate(&mut self, name: &str) -> Result<String, LibraryError> {
        let i = self.position(name)?;
        if self.entries.len() >= MAX_ENTRIES {
            return Err(LibraryError::Full);
        }
        let copy = self.unique_name(&self.entries[i].name);
        let spec = self.entries[i].spec.clone();
        self.entries.insert(i + 1, Entry { name: copy.clone(), spec });
        Ok(copy)
    }

    /// Deletes an entry and gives it back (so the page can offer to restore it).
    pub fn delete(&mut self, name: &str) -> Result<Entry, LibraryError> {
        let i = self.position(name)?;
        Ok(self.entries.remove(i))
    }

    /// The stored JSON: `{"version": 1, "entries": [{"name": …, "scenario": {…}}]}`.
    pub fn to_json(&self) -> String {
        let stored = Stored {
            version: LIBRARY_VERSION,
            entries: self
                .entries
                .iter()
                .map(|e| StoredEntry {
                    name: e.name.clone(),
                    scenario: serde_json::to_value(&e.spec).unwrap_or(serde_json::Value::Null),
                })
                .collect(),
        };
        serde_json::to_string(&stored).unwrap_or_default()
    }

    /// Reads the stored JSON. A newer version or an unreadable entry refuses the whole text,
    /// so that the page never writes a shortened library over the one stored.
    pub fn from_json(text: &str) -> Result<Library, LibraryError> {
        let version: serde_json::Value =
            serde_json::from_str(text).map_err(|e| LibraryError::Unreadable(e.to_string()))?;
        match version.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v > u64::from(LIBRARY_VERSION) => {
                return Err(LibraryError::NewerVersion(u32::try_from(v).unwrap_or(u32::MAX)))
            }
            _ => {}
        }
        let stored: Stored =
            serde_json::from_value(version).map_err(|e| LibraryError::Unreadable(e.to_string()))?;
        let mut lib = Library::default();
        for e in stored.entries {
            let spec = ScenarioSpec::from_json(&e.scenario.to_string())
                .map_err(|err| LibraryError::Unreadable(format!("'{}': {err}", e.name)))?;
            let name = clean_name(&e.name)?;
            if lib.get(&name).is_some() {
                return Err(LibraryError::NameTaken(name));
            }
            lib.entries.push(Entry { name, spec });
        }
        Ok(lib)
    }
}
