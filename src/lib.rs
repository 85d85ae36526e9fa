//! The "Create Layer 2 Account" page of CKB Tools with its withdraw view, as a Yew app.

pub mod app;
pub mod browser;
pub mod components;
pub mod hooks;
pub mod model;
pub mod rpc;
pub mod wallet;
