//! The page's decisions as pure functions and reducers: no browser, no network, tested natively.

pub mod amount_input;
pub mod announce;
pub mod network_check;
pub mod pending;
pub mod submission;
pub mod time;
pub mod window;
