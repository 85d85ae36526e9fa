//! The page's state and decisions: state types, reducers and pure rules. No browser, no network;
//! tested natively.

pub mod account;
pub mod amount_input;
pub mod announce;
pub mod deposit;
pub mod faucet;
pub mod network;
pub mod network_check;
pub mod owner_action;
pub mod pending;
pub mod submission;
pub mod time;
pub mod wallet;
pub mod window;
