//! The words of sharing, importing and exporting, in Russian and English: keys are an enum, so
//! a missing word fails to compile, and each refusal is worded from its kind, not its English.

use crate::app::i18n::Lang;
use crate::io::share::{FileError, ShareError, MAX_DECODED_BYTES, MAX_FILE_BYTES};
use crate::sim::run::MAX_TRIALS;
use crate::sim::scenario::ScenarioError;
use crate::ui::errors::error_line;

crate::words::phrases! {
    /// A word or phrase of the share tools.
    pub enum Word {
        /// The Share button.
        Share => ("Поделиться", "Share"),
        /// What the panel says the link carries.
        ShareHint => ("Ссылка открывает этот сценарий, число испытаний, зерно и эту страницу; всё внутри ссылки, сервер её не видит.", "The link opens this scenario, trials, seed and this page; everything is inside the link, no server sees it."),
        /// The copy button.
        Copy => ("Копировать", "Copy"),
        /// Said once the link is on the clipboard.
        Copied => ("Скопировано", "Copied"),
        /// Said when the clipboard refused and the text is selected instead.
        CopyByHand => ("Ссылка выделена: нажмите Ctrl+C", "The link is selected: press Ctrl+C"),
        /// Closes the panel.
        Close => ("Закрыть", "Close"),
        /// The QR code's caption.
        QrCaption => ("Откройте на телефоне камерой", "Open it on a phone with the camera"),
        /// No link while the scenario has errors.
        FixFirst => ("Сначала исправьте поля, отмеченные красным: ссылка на неверный сценарий не откроется.", "Fix the fields marked red first: a link to an invalid scenario would not open."),
        /// The export button.
        Export => ("Экспорт", "Export"),
        /// What the export button does.
        ExportHint => ("Скачать сценарий файлом JSON, который читает funnel-lab", "Download the scenario as a JSON file funnel-lab reads"),
        /// The import control.
        Import => ("Импорт", "Import"),
        /// The import control's hint about dropping files.
        DropHint => ("Загрузить сценарий из файла JSON (или перетащите файл на страницу)", "Load a scenario from a JSON file (or drop the file on the page)"),
        /// Dismisses a notice.
        Dismiss => ("Понятно", "Got it"),
        /// Opened a shared link.
        LinkOpened => ("Открыта ссылка: сценарий, испытания и зерно из неё.", "Opened a shared link: its scenario, trials and seed."),
        /// A link was refused (the reason follows).
        LinkRefused => ("Ссылка не открыта:", "The link was not opened:"),
        /// A file was refused and the current work kept (the reasons follow).
        FileRefused => ("Файл не загружен, текущий сценарий не изменён:", "The file was not loaded; the current scenario is unchanged:"),
        /// A file was loaded (its name follows).
        FileLoaded => ("Загружен сценарий из файла", "Loaded the scenario from"),
        /// The current work stays as it was.
        Untouched => ("Текущий сценарий не изменён.", "The current scenario is unchanged."),
    }
}

/// `w` in `lang`.
pub fn word(lang: Lang, w: Word) -> &'static str {
    w.text(lang)
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
        (_, FileError::Scenario(s)) => {
            let whole = if lang == Lang::En { "the file" } else { "файл" };
            s.errors()
                .iter()
                .map(|f| {
                    if f.path.is_empty() {
                        format!("{whole}: {}", error_line(lang, f))
                    } else {
                        error_line(lang, f)
                    }
                })
                .collect()
        }
    }
}

/// Each field's error as `path: reason`.
fn scenario_lines(lang: Lang, e: &ScenarioError) -> Vec<String> {
    e.errors().iter().map(|f| error_line(lang, f)).collect()
}
