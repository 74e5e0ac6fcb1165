//! The page's side of the simulation workers: the pool, its queue, and the notice when a worker dies.

pub(crate) mod bridge;
pub(crate) mod runner;
pub(crate) mod worker_notice;
