//! The words of sharing, importing and exporting, in Russian and English: keys are an enum, so
//! a missing word fails to compile, and each refusal is worded from its kind, not its English.

use crate::app::i18n::Lang;
use crate::io::share::{FileError, ShareError, MAX_DECODED_BYTES, MAX_FILE_BYTES};
use crate::sim::run::MAX_TRIALS;
use crate::sim::scenario::ScenarioError;
use crate::ui::errors::error_line;

/// A word or phrase of the share tools.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Word {
    /// The Share button.
    Share,
    /// What the panel says the link carries.
    ShareHint,
    /// The copy button.
    Copy,
    /// Said once the link is on the clipboard.
    Copied,
    /// Said when the clipboard refused and the text is selected instead.
    CopyByHand,
    /// Closes the panel.
    Close,
    /// The QR code's caption.
    QrCaption,
    /// No link while the scenario has errors.
    FixFirst,
    /// The export button.
    Export,
    /// What the export button does.
    ExportHint,
    /// The import control.
    Import,
    /// The import control's hint about dropping files.
    DropHint,
    /// Dismisses a notice.
    Dismiss,
    /// Opened a shared link.
    LinkOpened,
    /// A link was refused (the reason follows).
    LinkRefused,
    /// A file was refused and the current work kept (the reasons follow).
    FileRefused,
    /// A file was loaded (its name follows).
    FileLoaded,
    /// The current work stays as it was.
    Untouched,
}

/// `w` in `lang`.
pub fn word(lang: Lang, w: Word) -> &'static str {
    let (ru, en) = match w {
        Word::Share => ("Поделиться", "Share"),
        Word::ShareHint => (
            "Ссылка открывает этот сценарий, число испытаний, зерно и эту страницу; всё внутри ссылки, сервер её не видит.",
            "The link opens this scenario, trials, seed and this page; everything is inside the link, no server sees it.",
        ),
        Word::Copy => ("Копировать", "Copy"),
        Word::Copied => ("Скопировано", "Copied"),
        Word::CopyByHand => ("Ссылка выделена: нажмите Ctrl+C", "The link is selected: press Ctrl+C"),
        Word::Close => ("Закрыть", "Close"),
        Word::QrCaption => ("Откройте на телефоне камерой", "Open it on a phone with the camera"),
        Word::FixFirst => (
            "Сначала исправьте поля, отмеченные красным: ссылка на неверный сценарий не откроется.",
            "Fix the fields marked red first: a link to an invalid scenario would not open.",
        ),
        Word::Export => ("Экспорт", "Export"),
        Word::ExportHint => (
            "Скачать сценарий файлом JSON, который читает funnel-lab",
            "Download the scenario as a JSON file funnel-lab reads",
        ),
        Word::Import => ("Импорт", "Import"),
        Word::DropHint => (
            "Загрузить сценарий из файла JSON (или перетащите файл на страницу)",
            "Load a scenario from a JSON file (or drop the file on the page)",
        ),
        Word::Dismiss => ("Понятно", "Got it"),
        Word::LinkOpened => ("Открыта ссылка: сценарий, испытания и зерно из неё.", "Opened a shared link: its scenario, trials and seed."),
        Word::LinkRefused => ("Ссылка не открыта:", "The link was not opened:"),
        Word::FileRefused => (
            "Файл не загружен, текущий сценарий не изменён:",
            "The file was not loaded; the current scenario is unchanged:",
        ),
        Word::FileLoaded => ("Загружен сценарий из файла", "Loaded the scenario from"),
        Word::Untouched => ("Текущий сценарий не изменён.", "The current scenario is unchanged."),
    };
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}

/// Why a link was refused, in `lang`.
pub fn link_error(lang: Lang, e: &ShareError) -> String {
    let kb = MAX_DECODED_BYTES / 1024;
    match (lang, e) {
        (Lang::En, _) => e.to_string(),
        (Lang::Ru, ShareError::NotALink) => "это не ссылка Funnel Lab (в ней должно быть #/s/1/…).".into(),
        (Lang::Ru, ShareError::UnknownVersion(v)) => format!(
            "ссылка формата версии {v}, а эта страница читает версию 1 (откройте её в том Funnel Lab, где она сделана)."
        ),
        (Lang::Ru, ShareError::TooLarge) => format!("в ссылке больше {kb} КБ данных; страница читает не больше."),
        (Lang::Ru, ShareError::Malformed(_) | ShareError::Corrupt) => {
            "ссылка повреждена: данные в ней не читаются (скопирована ли она целиком?).".into()
        }
        (Lang::Ru, ShareError::Truncated) => {
            "ссылка обрезана: данные кончаются раньше времени (скопирована ли она целиком?).".into()
        }
        (Lang::Ru, ShareError::Payload(m)) => format!("данные ссылки — не состояние Funnel Lab: {m}"),
        (Lang::Ru, ShareError::Scenario(s)) => format!("сценарий в ссылке неверен: {}", scenario_lines(lang, s).join("; ")),
        (Lang::Ru, ShareError::Trials(n)) => format!("число испытаний {n} вне 1..={MAX_TRIALS}."),
        (Lang::Ru, ShareError::View(v)) => format!("страницы {v:?} в приложении нет."),
        (Lang::Ru, ShareError::TooLongForQr(n)) => format!("ссылка в {n} байт длиннее, чем вмещает QR-код."),
    }
}

/// Why a file was refused, one line per field, in `lang`.
pub fn file_error(lang: Lang, e: &FileError) -> Vec<String> {
    match (lang, e) {
        (Lang::En, FileError::TooLarge(_)) => vec![e.to_string()],
        (Lang::Ru, FileError::TooLarge(n)) => {
            vec![format!("файл весит {n} байт, а сценарий — не больше {MAX_FILE_BYTES} байт.")]
        }
        (_, FileError::Scenario(s)) => scenario_lines(lang, s),
    }
}

/// Each field's error as `path: reason`.
fn scenario_lines(lang: Lang, e: &ScenarioError) -> Vec<String> {
    e.errors().iter().map(|f| error_line(lang, f)).collect()
}
