//! Hooks adapt the services to Yew: one per external resource, each returning a handle with its
//! state and actions. A hook runs a service and puts its outcome into state; it decides nothing.

pub mod use_account;
pub mod use_clipboard;
pub mod use_clock;
pub mod use_deposit;
pub mod use_faucet;
pub mod use_network;
pub mod use_owner_action;
pub mod use_pending;
pub mod use_wallet;
pub mod use_withdrawal;
