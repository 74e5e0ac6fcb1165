//! The one phrase mechanism: [`phrases!`](crate::phrases) declares a table of phrases as an
//! enum whose every variant carries its Russian and English words (and a key, its own name
//! unless given), so a missing word does not compile and the doc of each variant is its English
//! text. A phrase with holes (`{}`) is a template: [`fill`] puts the arguments in, in order, and
//! [`problems`] checks that both languages of every phrase have the same holes.

use std::fmt::Display;

use super::i18n::Lang;

/// Declares a phrase table: `Variant = "key" => ("русский", "English")`, the key optional.
///
/// The enum gets `ALL`, `key()` and `text(lang)`, and implements [`Table`]. Used as
/// `crate::words::phrases!`.
macro_rules! phrases {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident $(= $key:literal)? => ($ru:literal, $en:literal) ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                #[doc = concat!("`", $crate::words::phrases::phrases!(@key $variant $($key)?), "`: ", $en)]
                $variant,
            )*
        }

        impl $name {
            /// Every phrase of the table, in its order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The phrase's key, stable (test ids use it).
            pub fn key(self) -> &'static str {
                match self {
                    $($name::$variant => $crate::words::phrases::phrases!(@key $variant $($key)?),)*
                }
            }

            /// The phrase in `lang`.
            pub fn text(self, lang: $crate::words::i18n::Lang) -> &'static str {
                match lang {
                    $crate::words::i18n::Lang::Ru => match self { $($name::$variant => $ru,)* },
                    $crate::words::i18n::Lang::En => match self { $($name::$variant => $en,)* },
                }
            }
        }

        impl $crate::words::phrases::Table for $name {
            fn all() -> &'static [$name] {
                $name::ALL
            }
            fn key(self) -> &'static str {
                $name::key(self)
            }
            fn text(self, lang: $crate::words::i18n::Lang) -> &'static str {
                $name::text(self, lang)
            }
        }
    };
    (@key $variant:ident $key:literal) => { $key };
    (@key $variant:ident) => { stringify!($variant) };
}
pub(crate) use phrases;

/// What every phrase table offers, so that one check covers them all.
pub trait Table: Copy + std::fmt::Debug + 'static {
    /// Every phrase, in the table's order.
    fn all() -> &'static [Self];
    /// The phrase's key.
    fn key(self) -> &'static str;
    /// The phrase in `lang`.
    fn text(self, lang: Lang) -> &'static str;
}

/// A template with its holes filled by `args`: `{}` takes the next argument, `{N}` the N-th
/// (from 0), so a language may put them in its own order. A hole without an argument stays
/// empty (the table's check keeps the holes of both languages the same).
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut next = 0;
    let mut rest = template;
    while let Some((before, index, after)) = hole(rest) {
        out.push_str(before);
        let i = index.unwrap_or_else(|| {
            next += 1;
            next - 1
        });
        if let Some(a) = args.get(i) {
            out.push_str(&a.to_string());
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The first hole of `text`: what comes before it, its index if it names one, what follows.
fn hole(text: &str) -> Option<(&str, Option<usize>, &str)> {
    let mut from = 0;
    while let Some(at) = text[from..].find('{').map(|a| a + from) {
        let close = text[at..].find('}').map(|c| c + at)?;
        let inside = &text[at + 1..close];
        if inside.is_empty() {
            return Some((&text[..at], None, &text[close + 1..]));
        }
        if let Ok(i) = inside.parse::<usize>() {
            return Some((&text[..at], Some(i), &text[close + 1..]));
        }
        from = at + 1;
    }
    None
}

/// The arguments a template uses, by index, sorted.
fn holes(template: &str) -> Vec<usize> {
    let (mut used, mut next, mut rest) = (Vec::new(), 0, template);
    while let Some((_, index, after)) = hole(rest) {
        used.push(index.unwrap_or_else(|| {
            next += 1;
            next - 1
        }));
        rest = after;
    }
    used.sort_unstable();
    used
}

/// A phrase of `T` in `lang`, filled: the one call for templates.
pub fn say<T: Table>(lang: Lang, phrase: T, args: &[&dyn Display]) -> String {
    fill(phrase.text(lang), args)
}

/// What is wrong with a table: a key twice, a language left empty, holes that differ between
/// the languages, or Russian words that are English. Empty when the table is sound.
pub fn problems<T: Table>() -> Vec<String> {
    let mut out = Vec::new();
    let mut keys = std::collections::HashSet::new();
    for &p in T::all() {
        if !keys.insert(p.key()) {
            out.push(format!("{p:?}: key {} twice", p.key()));
        }
        let (ru, en) = (p.text(Lang::Ru), p.text(Lang::En));
        if ru.trim().is_empty() || en.trim().is_empty() {
            out.push(format!("{p:?}: a language is empty"));
        }
        if holes(ru) != holes(en) {
            out.push(format!("{p:?}: holes differ: {ru:?} / {en:?}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::words::phrases! {
        /// A table for the test.
        enum Sample {
            Plain = "plain" => ("Просто", "Plain"),
            Holes => ("{} из {}", "{} of {}"),
            Broken => ("{} из", "{} of {}"),
        }
    }

    #[test]
    fn a_table_gives_words_keys_and_all() {
        assert_eq!(Sample::ALL.len(), 3);
        assert_eq!((Sample::Plain.key(), Sample::Holes.key()), ("plain", "Holes"));
        assert_eq!(Sample::Plain.text(Lang::Ru), "Просто");
        assert_eq!(say(Lang::En, Sample::Holes, &[&3, &"ten"]), "3 of ten");
        assert_eq!(say(Lang::Ru, Sample::Holes, &[&3, &10]), "3 из 10");
    }

    #[test]
    fn fill_puts_arguments_in_order_and_tolerates_a_mismatch() {
        assert_eq!(fill("a {} b {} c", &[&1, &2]), "a 1 b 2 c");
        assert_eq!(fill("a {} b {}", &[&1]), "a 1 b ");
        assert_eq!(fill("no holes", &[&1]), "no holes");
        assert_eq!(fill("{1} then {0}", &[&"a", &"b"]), "b then a");
        assert_eq!(fill("{x} {} {2}", &[&1, &2, &3]), "{x} 1 3");
        assert_eq!(holes("{1}, {0} и {2}"), holes("{} of {}: {}"));
    }

    #[test]
    fn the_check_catches_holes_that_differ() {
        let found = problems::<Sample>();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("Broken"), "{found:?}");
    }
}
