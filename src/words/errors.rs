//! The words of typed errors, in Russian and English: the validation errors of a scenario, the
//! refused runs, the exact path's refusals, the workers', the share link's, the scenario file's
//! and the library's. The English is the words each error's `Display` prints (the command line's
//! one-line messages), so the page's English stays the engine's own; the tests in
//! `ui::errors`, `app::share::words` and `app::keep::words` fill both and compare the English
//! with `Display`. Where an error's `Display` carries a detail the Russian page leaves out, the
//! English here is the Russian's own words (said so on the phrase).

crate::words::phrases! {
    /// A typed error's words.
    pub enum ErrorWord {
        /// A number that is not finite, where a value is shown.
        NotANumber => ("не число", "not a finite number"),
        /// The text does not parse as JSON (the page's words; the English page shows the
        /// parser's own).
        ParseSyntax => ("текст — не JSON", "the text is not JSON"),
        /// JSON of another shape (the page's words; the English page shows the parser's own).
        ParseShape => ("JSON не того вида, что сценарий: нет нужного поля или значение не того типа", "JSON of another shape than a scenario: a field is missing or a value is of the wrong type"),
        /// Where parsing stopped: what, line, column.
        ParseAt => ("{} (строка {}, столбец {})", "{} (line {}, column {})"),
        /// A schema the engine does not read.
        Schema => ("схема {} не поддерживается; движок читает схемы 1 и 2", "{} is not supported; this engine reads schemas 1 and 2"),
        /// A value outside its range: value, low end, dots, high end, what bounds it.
        Outside => ("{} вне диапазона {}{}{}{}", "{} is outside {}{}{}{}"),
        /// The range is the horizon's.
        OfHorizon => (" (горизонт)", " (the horizon)"),
        /// The range is the contacts per deal.
        OfContacts => (" (участников решения)", " (contacts_per_deal)"),
        /// A number below its least.
        AtLeast => ("{} должно быть числом ≥ {}", "{} must be a finite number >= {}"),
        /// A number that must be positive.
        Positive => ("{} должно быть числом > 0", "{} must be a finite number > 0"),
        /// A P90 below the median.
        BelowMedian => ("{} должно быть числом не меньше медианы", "{} must be a finite number >= the median"),
        /// An empty text.
        Empty => ("не может быть пустым", "must not be empty"),
        /// Too few or too many stages: count, least, most.
        StageCount => ("этапов {}; в воронке их {}..={}", "{} stages; a funnel has {}..={}"),
        /// Not one number per stage: given, stages.
        CountsPerStage => ("содержит {} чисел; нужно по одному на этап ({})", "has {} numbers; give one per stage ({})"),
        /// Too many given deals: given, most.
        TooManyDeals => ("сделок {}; можно не больше {}", "has {} deals; at most {}"),
        /// A price on the last stage.
        LastStagePrice => ("последний этап приносит бюджет сделки; цены задаются более ранним этапам", "the last stage earns the deal's budget; give prices to earlier stages"),
        /// More than one decision stage: their numbers.
        ManyDecisions => ("этапы {} все отмечены как решение; отметьте не больше одного", "stages {} are all marked decision; mark at most one"),
        /// One trial is too much work: deals, work, the limit.
        TrialWork => ("одно испытание создало бы около {} сделок ({} единиц работы; предел — {}, чтобы расчёт шёл секунды): уменьшите приток, число рабочих дней или воронку на 1-й день", "one trial would create about {} deals ({} units of work; the limit is {} so that a run ends within seconds): lower the inflow, the working days or the pipeline on day 1"),
        /// More trials than the page runs at once: trials, most.
        PageWork => ("испытаний: {} — больше, чем страница считает за раз для этого сценария (не больше {}; предел страницы на один расчёт — десять миллионов испытаний типового месяца); в командной строке такого предела нет", "trials: {} is more than this page runs at once for this scenario (at most {}; the page's bound on one job is ten million trials of the default month); the command line has no such limit"),
        /// A variant of an analysis is invalid: why.
        Variant => ("вариант: {}", "variant: {}"),
        /// A method that cannot play the scenario: the method.
        Method => ("метод {} не может играть этот сценарий (рычаг мощности или возвраты)", "method: {} cannot simulate this scenario (capacity lever or rework)"),
        /// The exact path refuses the capacity lever.
        ExactCapacity => ("рычаг мощности (minutes_per_day) заставляет сделки ждать друг друга, так что они не независимы; его играет только Монте-Карло", "the capacity lever (minutes_per_day) makes deals wait for each other, so they are not independent; only the Monte Carlo plays it"),
        /// The exact path refuses given deals.
        ExactGivenDeals => ("воронку из заданных сделок (initial_pipeline.deals) точный расчёт не считает; её играет только Монте-Карло", "a pipeline of given deals (initial_pipeline.deals) is not served by the exact path; only the Monte Carlo plays it"),
        /// The exact path's grid is too coarse: cells, error, limit (points).
        ExactImprecise => ("сетка из {} ячеек даёт P(план) лишь с точностью ±{}\u{a0}п.\u{a0}п. (хуже ±{}\u{a0}п.\u{a0}п.); считайте методом Монте-Карло", "the grid of {} cells bounds P(plan) only within ±{} pp (more than ±{} pp); use the Monte Carlo"),
        /// The exact path's sums overflow.
        ExactOverflow => ("бюджеты или цены разбросаны так широко, что среднее или разброс выручки переполняются; считайте методом Монте-Карло", "budgets or prices spread so wide that revenue's mean or sd overflows; use the Monte Carlo"),
        /// The exact path's settings are wrong: why.
        ExactConfig => ("настройка точного расчёта: {}", "exact config: {}"),
        /// A worker could not read its input: why.
        JobInput => ("не удалось прочитать входные данные: {}", "the input could not be read: {}"),
        /// A study could not be computed: why.
        JobStudy => ("расчёт не удался: {}", "the study could not be computed: {}"),
        /// A plan check before any calibration.
        NoCalibration => ("проверять нечего: сначала прочитайте файл", "no calibration to check: read a file first"),
        /// The worker did not start: why.
        WorkerDown => ("вычислитель симуляции не запустился: {}", "the simulation worker could not start: {}"),
        /// Not a share link: the link's prefix and version.
        NotALink => ("это не ссылка Funnel Lab (в ней должно быть {}{}/…).", "this is not a Funnel Lab share link (it should contain {}{}/…)"),
        /// A link of another format: its version, the version read.
        UnknownVersion => ("ссылка формата версии {}, а эта страница читает версию {} (откройте её в том Funnel Lab, где она сделана).", "the link is of format version {}; this page reads version {} (open it in the Funnel Lab that made it)"),
        /// A link holding too much: kilobytes.
        LinkTooLarge => ("в ссылке больше {} КБ данных; страница читает не больше.", "the link holds more than {} KB of data; this page reads at most that"),
        /// A damaged link (the English page shows the decoder's detail when it has one).
        LinkDamaged => ("ссылка повреждена: данные в ней не читаются (скопирована ли она целиком?).", "the link is damaged: its compressed data does not decode"),
        /// A link cut short.
        LinkTruncated => ("ссылка обрезана: данные кончаются раньше времени (скопирована ли она целиком?).", "the link is cut short: its data ends early (was it copied whole?)"),
        /// The link's data is not a state: why.
        LinkPayload => ("данные ссылки — не состояние Funnel Lab: {}", "the link's data is not a Funnel Lab state: {}"),
        /// The link's scenario is refused: the fields' errors.
        LinkScenario => ("сценарий в ссылке неверен: {}", "the link's scenario is refused: {}"),
        /// The link's trials are out of range: trials, most.
        LinkTrials => ("число испытаний {} вне 1..={}.", "the link's trials {} are outside 1..={}"),
        /// The link's page does not exist: the page, quoted.
        LinkView => ("страницы {} в приложении нет.", "the link's view {} is not a page of this app"),
        /// The link is too long for a QR code: bytes.
        LinkTooLongForQr => ("ссылка в {} байт длиннее, чем вмещает QR-код.", "the link is {} bytes, more than a QR code holds"),
        /// A file too large: its bytes, the most.
        FileTooLarge => ("файл весит {} байт, а сценарий — не больше {} байт.", "the file is {} bytes; a scenario file is at most {} bytes"),
        /// The whole file, where an error names no field.
        TheFile => ("файл", "the file"),
        /// An empty name in the library.
        EmptyName => ("Имя пустое.", "The name is empty."),
        /// A name too long: the most characters.
        NameTooLong => ("Имя длиннее {} символов.", "The name is longer than {} characters."),
        /// A name already taken: the name.
        NameTaken => ("Имя «{}» уже занято.", "Another scenario is already called '{}'."),
        /// No scenario of that name: the name.
        NotFound => ("Сценария «{}» нет.", "No scenario is called '{}'."),
        /// The library is full: the most entries.
        LibraryFull => ("Библиотека заполнена ({} сценариев).", "The library is full ({} scenarios)."),
        /// The saved library cannot be read: why, where its text is kept.
        LibraryUnreadable => ("Сохранённую библиотеку не прочесть ({}); её текст отложен в {}.", "The saved library cannot be read: {}; its text is kept aside in {}."),
        /// The saved library is newer (the English page also says which version it reads):
        /// its version, where its text is kept.
        LibraryNewer => ("Библиотека записана более новой версией ({}); её текст отложен в {}.", "The saved library was written by a newer version ({}); its text is kept aside in {}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_table_is_sound() {
        let found = crate::words::phrases::problems::<ErrorWord>();
        assert!(found.is_empty(), "{found:?}");
    }
}
