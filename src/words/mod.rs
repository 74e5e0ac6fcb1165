//! Words in both languages: the one phrase mechanism ([`phrases`], the `phrases!` macro) and
//! the interface's phrases ([`i18n`]), the topic tables ([`ladder`], [`lab`], [`calibrate`],
//! [`charts`], [`errors`], [`figures`]), texts and names in both languages ([`text`]), and the
//! language-aware number format ([`format`]). Plain Rust over the engine's types, below the
//! charts and the view models that print words and numbers.

pub mod calibrate;
pub mod charts;
pub mod errors;
pub mod figures;
pub mod format;
pub mod i18n;
pub mod lab;
pub mod ladder;
pub mod page;
pub mod phrases;
pub mod text;

pub(crate) use self::phrases::phrases;
