//! The room's words on the projector, in Russian and English: keys are an enum, so a missing
//! word fails to compile.

use crate::app::i18n::Lang;

/// A word or phrase of the room.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Word {
    /// The button that opens a room for the lesson.
    Open,
    /// Said while the room is being made.
    Opening,
    /// Said instead of a room when the page is not served by `funnel-lab serve`.
    NeedServer,
    /// How to start it.
    HowToStart,
    /// Above the join code.
    JoinAt,
    /// The server listens on loopback only: phones cannot reach it.
    LoopbackOnly,
    /// "answered" after the count.
    Answered,
    /// "round".
    Round,
    /// The round is closed.
    Closed,
    /// Shows the spread.
    ShowSpread,
    /// Opens the next round.
    VoteAgain,
    /// Reveals.
    Reveal,
    /// Exports the votes.
    Csv,
    /// Closes the room.
    CloseRoom,
    /// The spread slide's title.
    SpreadTitle,
    /// No votes yet.
    NoVotes,
    /// The axis.
    Axis,
    /// The share near the answer.
    Near,
    /// The ±10 pp band is ours.
    NearIsOurs,
    /// Whose guess was closest.
    Closest,
    /// The server could not be reached.
    Unreachable,
    /// Opens the trainer's notes in a second window.
    Notes,
    /// The notes page's title.
    NotesTitle,
    /// The notes wait for the projector.
    NotesWaiting,
    /// The step on screen.
    OnScreen,
    /// What the posts say.
    PostsSay,
    /// The lesson's moral.
    Moral,
    /// The simulation's numbers.
    Numbers,
    /// Not revealed yet.
    NotYet,
    /// The introduction, for the trainer to say (presenter mode leaves it off the slide).
    Say,
}

/// `w` in `lang`.
pub fn word(lang: Lang, w: Word) -> &'static str {
    let (ru, en) = match w {
        Word::Open => ("Открыть голосование для зала", "Open to the room"),
        Word::Opening => ("Открываю комнату…", "Opening a room…"),
        Word::NeedServer => (
            "Голосованию зала нужен сервер funnel-lab serve: эта страница открыта без него (файлом или со статического хостинга), поэтому прогнозы вводятся здесь, в таблице.",
            "A room needs funnel-lab serve: this page is open without it (as a file or from a static host), so type the room's guesses into the table here.",
        ),
        Word::HowToStart => (
            "Запустите на ноутбуке: funnel-lab serve --lan (собирается скриптом scripts/release.sh) и откройте адрес, который он напечатает.",
            "On the laptop run: funnel-lab serve --lan (built by scripts/release.sh) and open the address it prints.",
        ),
        Word::JoinAt => ("Код для телефонов", "Join code"),
        Word::LoopbackOnly => (
            "Сервер слушает только этот компьютер: телефоны не подключатся. Перезапустите с --lan.",
            "The server listens on this computer only: phones cannot join. Restart it with --lan.",
        ),
        Word::Answered => ("ответили", "answered"),
        Word::Round => ("раунд", "round"),
        Word::Closed => ("голосование закрыто", "voting closed"),
        Word::ShowSpread => ("Показать разброс", "Show the spread"),
        Word::VoteAgain => ("Голосовать ещё раз", "Vote again"),
        Word::Reveal => ("Показать ответ", "Reveal"),
        Word::Csv => ("Голоса в CSV", "Votes as CSV"),
        Word::CloseRoom => ("Закрыть комнату", "Close the room"),
        Word::SpreadTitle => ("Прогнозы зала (без ответа)", "The room's guesses (no answer yet)"),
        Word::NoVotes => ("Голосов пока нет.", "No votes yet."),
        Word::Axis => ("P(плана), прогноз", "P(plan), guessed"),
        Word::Near => ("зала в пределах ±10\u{a0}п.\u{a0}п. от симуляции", "of the room within ±10\u{a0}pp of the simulation"),
        Word::NearIsOurs => (
            "Порог ±10\u{a0}п.\u{a0}п. — наше допущение, не из постов.",
            "The ±10\u{a0}pp band is our assumption, not the posts'.",
        ),
        Word::Closest => ("Ближе всех", "Closest"),
        Word::Unreachable => ("Сервер не отвечает.", "The server does not answer."),
        Word::Notes => ("Заметки ведущего", "Trainer's notes"),
        Word::NotesTitle => ("Заметки ведущего", "Trainer's notes"),
        Word::NotesWaiting => (
            "Ждём проектор: откройте урок в режиме презентации в другом окне этого браузера.",
            "Waiting for the projector: open a lesson in presenter mode in another window of this browser.",
        ),
        Word::OnScreen => ("На экране", "On screen"),
        Word::PostsSay => ("Что говорят посты", "What the posts say"),
        Word::Moral => ("Вывод урока", "The lesson's point"),
        Word::Numbers => ("Числа симуляции", "The simulation's numbers"),
        Word::NotYet => ("ещё не показаны", "not revealed yet"),
        Word::Say => ("Рассказать залу (на слайде этого нет)", "To tell the room (not on the slide)"),
    };
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}
