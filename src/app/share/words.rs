//! The words of sharing, importing and exporting, in Russian and English: keys are an enum, so
//! a missing word fails to compile, and each refusal is worded from its kind, not its English.

use crate::app::i18n::Lang;

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

pub use crate::ui::errors::{file_error, link_error};
