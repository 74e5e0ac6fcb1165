//! The tool pages: the metrics lab, the ladder, the team, the concepts.

pub(crate) mod concepts;
pub(crate) mod lab;
pub(crate) mod ladder;
pub(crate) mod metrics;
pub(crate) mod team;
