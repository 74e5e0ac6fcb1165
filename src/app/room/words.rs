//! The room's words on the projector, in Russian and English: keys are an enum, so a missing
//! word fails to compile.

use crate::app::i18n::Lang;

crate::words::phrases! {
    /// A word or phrase of the room.
    pub enum Word {
        /// The button that opens a room for the lesson.
        Open => ("Открыть голосование для зала", "Open to the room"),
        /// Said while the room is being made.
        Opening => ("Открываю комнату…", "Opening a room…"),
        /// Said instead of a room when the page is not served by `funnel-lab serve`.
        NeedServer => ("Голосованию зала нужен сервер funnel-lab serve: эта страница открыта без него (файлом или со статического хостинга), поэтому прогнозы вводятся здесь, в таблице.", "A room needs funnel-lab serve: this page is open without it (as a file or from a static host), so type the room's guesses into the table here."),
        /// How to start it.
        HowToStart => ("Запустите на ноутбуке: funnel-lab serve --lan (собирается скриптом scripts/release.sh) и откройте адрес, который он напечатает.", "On the laptop run: funnel-lab serve --lan (built by scripts/release.sh) and open the address it prints."),
        /// Above the join code.
        JoinAt => ("Код для телефонов", "Join code"),
        /// The server listens on loopback only: phones cannot reach it.
        LoopbackOnly => ("Сервер слушает только этот компьютер: телефоны не подключатся. Перезапустите с --lan.", "The server listens on this computer only: phones cannot join. Restart it with --lan."),
        /// "answered" after the count.
        Answered => ("ответили", "answered"),
        /// "round".
        Round => ("раунд", "round"),
        /// The round is closed.
        Closed => ("голосование закрыто", "voting closed"),
        /// Shows the spread.
        ShowSpread => ("Показать разброс", "Show the spread"),
        /// Opens the next round.
        VoteAgain => ("Голосовать ещё раз", "Vote again"),
        /// Reveals.
        Reveal => ("Показать ответ", "Reveal"),
        /// Exports the votes.
        Csv => ("Голоса в CSV", "Votes as CSV"),
        /// Closes the room.
        CloseRoom => ("Закрыть комнату", "Close the room"),
        /// The spread slide's title.
        SpreadTitle => ("Прогнозы зала (без ответа)", "The room's guesses (no answer yet)"),
        /// No votes yet.
        NoVotes => ("Голосов пока нет.", "No votes yet."),
        /// The axis.
        Axis => ("P(плана), прогноз", "P(plan), guessed"),
        /// The share near the answer.
        Near => ("зала в пределах ±10\u{a0}п.\u{a0}п. от симуляции", "of the room within ±10\u{a0}pp of the simulation"),
        /// The ±10 pp band is ours.
        NearIsOurs => ("Порог ±10\u{a0}п.\u{a0}п. — наше допущение, не из постов.", "The ±10\u{a0}pp band is our assumption, not the posts'."),
        /// Whose guess was closest.
        Closest => ("Ближе всех", "Closest"),
        /// The server could not be reached.
        Unreachable => ("Сервер не отвечает.", "The server does not answer."),
        /// Opens the trainer's notes in a second window.
        Notes => ("Заметки ведущего", "Trainer's notes"),
        /// The notes page's title.
        NotesTitle => ("Заметки ведущего", "Trainer's notes"),
        /// The notes wait for the projector.
        NotesWaiting => ("Ждём проектор: откройте урок в режиме презентации в другом окне этого браузера.", "Waiting for the projector: open a lesson in presenter mode in another window of this browser."),
        /// The step on screen.
        OnScreen => ("На экране", "On screen"),
        /// What the posts say.
        PostsSay => ("Что говорят посты", "What the posts say"),
        /// The lesson's moral.
        Moral => ("Вывод урока", "The lesson's point"),
        /// The simulation's numbers.
        Numbers => ("Числа симуляции", "The simulation's numbers"),
        /// Not revealed yet.
        NotYet => ("ещё не показаны", "not revealed yet"),
        /// The introduction, for the trainer to say (presenter mode leaves it off the slide).
        Say => ("Рассказать залу (на слайде этого нет)", "To tell the room (not on the slide)"),
    }
}

/// `w` in `lang`.
pub fn word(lang: Lang, w: Word) -> &'static str {
    w.text(lang)
}
