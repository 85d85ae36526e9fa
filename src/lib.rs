//! The "Create Layer 2 Account" page of CKB Tools with its withdraw view, as a Yew app.
//!
//! A click goes component → hook → service → core → wallet / RPC → reducer → render; see the
//! README's Layout section.

pub mod app;
pub mod browser;
pub mod components;
pub mod hooks;
pub mod model;
pub mod rpc;
pub mod services;
pub mod store;
pub mod wallet;
