//! A local Godwoken v0 chain for development and tests, and the `gw` development tool.
//!
//! Think Anvil for Godwoken v0: the same JSON-RPC and ckb-indexer protocol, Godwoken's own
//! verification rules and error texts (from `godwoken-core`), real blocks, a challenge period on
//! a configurable clock and the release of withdrawn funds on Layer 1.

pub mod chain;
pub mod config;
pub mod dev_accounts;
pub mod devnet;
pub mod dispatch;
pub mod gw_cli;
mod gw_decode;
pub mod gw_node;
pub mod gw_online;
pub mod node;
pub mod server;
