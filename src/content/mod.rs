//! What the app teaches, as data embedded at build time: the workshop's lessons
//! (`assets/lessons/`) and the posts' concepts (`assets/concepts.json`).

pub mod concepts;
pub mod lessons;
