//! Words in both languages: the typed phrases and texts of the page ([`i18n`]) and the
//! language-aware number format ([`format`]). Plain Rust over the engine's types, below the
//! charts and the view models that print numbers.

pub mod format;
pub mod i18n;
pub mod text;
