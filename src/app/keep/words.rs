//! The words of the library, undo, storage and export controls, in Russian and English. Keys
//! are an enum, so a missing word fails to compile; they live apart from `i18n.rs` so the
//! features that use them stay in their own files.

use crate::app::i18n::Lang;
use crate::app::keep::UNREADABLE_KEY;
use crate::io::library::LibraryError;

crate::words::phrases! {
    /// A word or phrase of these controls.
    pub enum Word {
        Undo => ("↶ Отменить", "↶ Undo"),
        Redo => ("↷ Вернуть", "↷ Redo"),
        UndoHint => ("Отменить правку (Ctrl+Z)", "Undo the edit (Ctrl+Z)"),
        RedoHint => ("Вернуть правку (Ctrl+Shift+Z, Ctrl+Y)", "Redo the edit (Ctrl+Shift+Z, Ctrl+Y)"),
        Library => ("Мои сценарии", "My scenarios"),
        Mine => ("Сохранённые", "Saved"),
        BuiltIns => ("Встроенные", "Built-in"),
        ReadOnly => ("только чтение: правка станет вашим черновиком", "read-only: an edit becomes your draft"),
        NameLabel => ("Имя", "Name"),
        Save => ("Сохранить текущий", "Save the current one"),
        Open => ("Открыть", "Open"),
        Duplicate => ("Копия", "Duplicate"),
        Delete => ("Удалить", "Delete"),
        Restore => ("Вернуть", "Restore"),
        Deleted => ("Удалён:", "Deleted:"),
        Empty => ("Пока ничего не сохранено.", "Nothing saved yet."),
        StorageProblem => ("Хранилище браузера переполнено или закрыто: изменения живут только в этой вкладке, пока она открыта. Сохраните результаты экспортом.", "The browser's storage is full or blocked: changes live only in this tab while it stays open. Keep results by exporting them."),
        ResultOfLastValid => ("Результат ниже — последнего верного варианта:", "The result below is of the last valid version:"),
        DraftHasErrors => ("в черновике есть ошибки (отмечены красным), он сохранён как есть.", "the draft has errors (marked red) and is kept as it is."),
        ExportCsv => ("CSV", "CSV"),
        Separator => ("Разделитель", "Separator"),
        SepComma => (", (точка в числах)", ", (decimal point)"),
        SepSemicolon => ("; (запятая в числах)", "; (decimal comma)"),
        ExportPng => ("PNG", "PNG"),
        Print => ("Печать", "Print"),
        Histogram => ("гистограмма", "histogram"),
        Funnel => ("воронка", "funnel"),
        Fan => ("по дням", "by day"),
        Stages => ("Этапы", "Stages"),
        Inflow => ("Приток в день", "Inflow a day"),
        OpenEntry => ("Открыт:", "Open:"),
    }
}

/// The word in `lang`.
pub fn word(lang: Lang, w: Word) -> &'static str {
    w.text(lang)
}

/// A library error in `lang` (its text kept aside under this page's key when unreadable).
pub fn library_error(lang: Lang, e: &LibraryError) -> String {
    crate::ui::errors::library_error(lang, e, UNREADABLE_KEY)
}
