//! Presenter mode's steps through a lesson, shared by the lesson's view (which says which steps
//! it has) and the page's key handler (which steps through them). The logic is
//! [`crate::ui::slides`]'s.

use leptos::prelude::*;

use crate::ui::slides::{next, prev, Slide};

/// The step on screen and the open lesson's steps; `Copy`, provided once by the page.
#[derive(Clone, Copy)]
pub struct Slides {
    /// The step on screen (presenter mode shows only it).
    pub at: RwSignal<Slide>,
    /// The open lesson's steps.
    pub list: RwSignal<Vec<Slide>>,
}

impl Slides {
    /// A lesson's first step.
    pub fn new() -> Slides {
        Slides { at: RwSignal::new(Slide::Claim), list: RwSignal::new(Vec::new()) }
    }

    /// Shows `s` (nothing changes when it is on screen already).
    pub fn go(&self, s: Slide) {
        if self.at.get_untracked() != s {
            self.at.set(s);
        }
    }

    /// The next step, shown; `None` at the last (the key goes to the next lesson).
    pub fn forward(&self) -> Option<Slide> {
        let n = self.list.with_untracked(|l| next(l, self.at.get_untracked()))?;
        self.at.set(n);
        Some(n)
    }

    /// The previous step, shown; `None` at the first.
    pub fn back(&self) -> Option<Slide> {
        let p = self.list.with_untracked(|l| prev(l, self.at.get_untracked()))?;
        self.at.set(p);
        Some(p)
    }
}

impl Default for Slides {
    fn default() -> Self {
        Self::new()
    }
}
