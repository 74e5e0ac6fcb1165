//! Sharing: the share link and its panel, scenario files in and out, and their words.

pub(crate) mod files;
pub(crate) mod link;
pub(crate) mod panel;
pub(crate) mod words;
