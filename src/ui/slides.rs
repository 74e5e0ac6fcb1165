//! Presenter mode's slides: a lesson is shown one step at a time (the claim and assumptions;
//! the question and the votes; the room's spread; the reveal; the details), stepped by the
//! keys or a clicker. Which steps a lesson has and where a key goes, as plain Rust.

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
    /// The lesson's per-stage tables (only when it has any).
    Details,
}

impl Slide {
    /// Its CSS class / test name.
    pub fn key(self) -> &'static str {
        match self {
            Slide::Claim => "claim",
            Slide::Question => "question",
            Slide::Spread => "spread",
            Slide::Reveal => "reveal",
            Slide::Details => "details",
        }
    }

    /// Its name on the trainer's notes.
    pub fn name(self, en: bool) -> &'static str {
        match (self, en) {
            (Slide::Claim, false) => "Тезис и допущения",
            (Slide::Claim, true) => "Claim and assumptions",
            (Slide::Question, false) => "Вопрос и голоса",
            (Slide::Question, true) => "Question and votes",
            (Slide::Spread, false) => "Разброс прогнозов",
            (Slide::Spread, true) => "The room's spread",
            (Slide::Reveal, false) => "Результат",
            (Slide::Reveal, true) => "Reveal",
            (Slide::Details, false) => "Подробности",
            (Slide::Details, true) => "Details",
        }
    }

    /// The slide of a key name, for messages between windows.
    pub fn parse(key: &str) -> Option<Slide> {
        [Slide::Claim, Slide::Question, Slide::Spread, Slide::Reveal, Slide::Details]
            .into_iter()
            .find(|s| s.key() == key)
    }
}

/// A lesson's steps: the spread only with a room, the details only when it has tables.
pub fn slides(room: bool, details: bool) -> Vec<Slide> {
    let mut v = vec![Slide::Claim, Slide::Question];
    if room {
        v.push(Slide::Spread);
    }
    v.push(Slide::Reveal);
    if details {
        v.push(Slide::Details);
    }
    v
}

/// The step after `at` (`None` at the last: the key goes on to the next lesson). A step the
/// list lacks (the spread once the room closed) counts as the one before its place.
pub fn next(list: &[Slide], at: Slide) -> Option<Slide> {
    let i = list.iter().position(|s| *s as u8 >= at as u8)?;
    let i = if list[i] == at { i + 1 } else { i };
    list.get(i).copied()
}

/// The step before `at` (`None` at the first: the key goes back to the previous lesson).
pub fn prev(list: &[Slide], at: Slide) -> Option<Slide> {
    list.iter().rev().find(|s| (**s as u8) < at as u8).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_forward_and_back() {
        let all = slides(true, true);
        assert_eq!(all.len(), 5);
        let mut at = Slide::Claim;
        let mut seen = vec![at];
        while let Some(n) = next(&all, at) {
            at = n;
            seen.push(at);
        }
        assert_eq!(seen, all);
        assert_eq!(prev(&all, Slide::Claim), None);
        assert_eq!(prev(&all, Slide::Reveal), Some(Slide::Spread));
        let bare = slides(false, false);
        assert_eq!(bare, vec![Slide::Claim, Slide::Question, Slide::Reveal]);
        assert_eq!(next(&bare, Slide::Question), Some(Slide::Reveal));
        assert_eq!(next(&bare, Slide::Reveal), None);
        // On the spread when the room closed: forward is the reveal, back the question.
        assert_eq!(next(&bare, Slide::Spread), Some(Slide::Reveal));
        assert_eq!(prev(&bare, Slide::Spread), Some(Slide::Question));
        assert_eq!(Slide::parse("reveal"), Some(Slide::Reveal));
    }
}
