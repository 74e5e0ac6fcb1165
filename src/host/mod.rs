//! The page ↔ worker seam: the typed messages ([`protocol`]) and, in the browser, the
//! simulation worker that answers them.

pub mod dispatch;
pub mod protocol;
pub mod scheduler;
pub mod steps;
#[cfg(target_arch = "wasm32")]
pub mod worker;
