//! Pieces every page uses: the top bar, the chart canvas, saving a file and a job's progress.

pub(crate) mod chart;
mod download;
pub(crate) use download::download;
pub(crate) mod header;
pub(crate) mod job;
