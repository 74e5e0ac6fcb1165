//! Pieces every page uses: the top bar and the chart canvas.

pub(crate) mod chart;
pub(crate) mod header;
