//! Pieces every page uses: the top bar, the chart canvas and saving a file.

pub(crate) mod chart;
mod download;
pub(crate) use download::download;
pub(crate) mod header;
