//! Presenter mode's slides: a lesson is shown one step at a time (the claim and assumptions;
//! the question and the votes; the room's spread; the reveal; the details), stepped by the
//! keys or a clicker. Which steps a lesson has and where a key goes, as plain Rust.

use crate::words::i18n::Lang;
use crate::words::page::PageWord;

/// One step of a lesson on the projector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slide {
    /// The posts' claim, its source, our assumptions and the lesson's introduction.
    Claim,
    /// The question, the arms with the guesses, and the room's join code and live count.
    Question,
    /// The room's guesses as a spread, without the answer (only with a room open).
    Spread,
    /// The simulation's answer over the room's guesses.
    Reveal,
    /// The lesson's per-stage tables, one kind a step (only when it has any): the kind's index.
    Details(u8),
}

impl Slide {
    /// Its CSS class / test name.
    pub fn key(self) -> &'static str {
        match self {
            Slide::Claim => "claim",
            Slide::Question => "question",
            Slide::Spread => "spread",
            Slide::Reveal => "reveal",
            Slide::Details(_) => "details",
        }
    }

    /// Its place in a lesson's order.
    fn rank(self) -> u16 {
        match self {
            Slide::Claim => 0,
            Slide::Question => 1,
            Slide::Spread => 2,
            Slide::Reveal => 3,
            Slide::Details(i) => 4 + u16::from(i),
        }
    }

    /// Its name on the trainer's notes.
    pub fn name(self, en: bool) -> &'static str {
        let word = match self {
            Slide::Claim => PageWord::SlideClaim,
            Slide::Question => PageWord::SlideQuestion,
            Slide::Spread => PageWord::SlideSpread,
            Slide::Reveal => PageWord::SlideReveal,
            Slide::Details(_) => PageWord::SlideDetails,
        };
        word.text(if en { Lang::En } else { Lang::Ru })
    }

    /// The slide of a key name, for messages between windows.
    pub fn parse(key: &str) -> Option<Slide> {
        [Slide::Claim, Slide::Question, Slide::Spread, Slide::Reveal, Slide::Details(0)]
            .into_iter()
            .find(|s| s.key() == key)
    }
}

/// A lesson's steps: the spread only with a room, then one step per kind of table it has.
pub fn slides(room: bool, details: usize) -> Vec<Slide> {
    let mut v = vec![Slide::Claim, Slide::Question];
    if room {
        v.push(Slide::Spread);
    }
    v.push(Slide::Reveal);
    for i in 0..details.min(usize::from(u8::MAX)) {
        v.push(Slide::Details(i as u8));
    }
    v
}

/// The step after `at` (`None` at the last: the key goes on to the next lesson). A step the
/// list lacks (the spread once the room closed) counts as the one before its place.
pub fn next(list: &[Slide], at: Slide) -> Option<Slide> {
    list.iter().find(|s| s.rank() > at.rank()).copied()
}

/// The step before `at` (`None` at the first: the key goes back to the previous lesson).
pub fn prev(list: &[Slide], at: Slide) -> Option<Slide> {
    list.iter().rev().find(|s| s.rank() < at.rank()).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_forward_and_back() {
        let all = slides(true, 2);
        assert_eq!(all.len(), 6);
        assert_eq!(all[4..], [Slide::Details(0), Slide::Details(1)]);
        assert_eq!(prev(&all, Slide::Details(1)), Some(Slide::Details(0)));
        let mut at = Slide::Claim;
        let mut seen = vec![at];
        while let Some(n) = next(&all, at) {
            at = n;
            seen.push(at);
        }
        assert_eq!(seen, all);
        assert_eq!(prev(&all, Slide::Claim), None);
        assert_eq!(prev(&all, Slide::Reveal), Some(Slide::Spread));
        let bare = slides(false, 0);
        assert_eq!(bare, vec![Slide::Claim, Slide::Question, Slide::Reveal]);
        assert_eq!(next(&bare, Slide::Question), Some(Slide::Reveal));
        assert_eq!(next(&bare, Slide::Reveal), None);
        // On the spread when the room closed: forward is the reveal, back the question.
        assert_eq!(next(&bare, Slide::Spread), Some(Slide::Reveal));
        assert_eq!(prev(&bare, Slide::Spread), Some(Slide::Question));
        assert_eq!(Slide::parse("reveal"), Some(Slide::Reveal));
    }
}
