//! Undo and redo: a bounded stack of snapshots taken before each edit.
//!
//! The page records the scenario (and the preset it came from) as it was before every edit,
//! loading a preset or a library entry included, so each is one step. Snapshots rather than
//! patches: a scenario is a few kilobytes, so [`DEFAULT_LIMIT`] of them cost well under a
//! megabyte, and restoring one cannot drift from what was there.

use std::collections::VecDeque;

/// Steps kept by default; the oldest is dropped past it.
pub const DEFAULT_LIMIT: usize = 200;

/// Undo and redo stacks of snapshots of type `T`.
#[derive(Clone, Debug)]
pub struct History<T> {
    past: VecDeque<T>,
    future: Vec<T>,
    limit: usize,
}

impl<T: PartialEq> Default for History<T> {
    fn default() -> Self {
        History::new(DEFAULT_LIMIT)
    }
}

impl<T: PartialEq> History<T> {
    /// An empty history keeping at most `limit` undo steps (at least one).
    pub fn new(limit: usize) -> Self {
        History { past: VecDeque::new(), future: Vec::new(), limit: limit.max(1) }
    }

    /// Records the state as it was before an edit. A new edit ends the redo branch. Recording
    /// the same state as the last one is ignored, so a no-op edit is no step.
    pub fn record(&mut self, before: T) {
        if self.past.back() == Some(&before) {
            return;
        }
        self.future.clear();
        if self.past.len() == self.limit {
            self.past.pop_front();
        }
        self.past.push_back(before);
    }

    /// Steps back: returns the state to restore and keeps `current` for redo; `None` (and
    /// `current` dropped) when there is nothing to undo.
    pub fn undo(&mut self, current: T) -> Option<T> {
        let before = self.past.pop_back()?;
        self.future.push(current);
        Some(before)
    }

    /// Steps forward again after an undo; `None` when there is nothing to redo.
    pub fn redo(&mut self, current: T) -> Option<T> {
        let after = self.future.pop()?;
        self.past.push_back(current);
        if self.past.len() > self.limit {
            self.past.pop_front();
        }
        Some(after)
    }

    /// Whether [`History::undo`] would return a state.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// Whether [`History::redo`] would return a state.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// Undo steps available.
    pub fn undo_len(&self) -> usize {
        self.past.len()
    }
}
