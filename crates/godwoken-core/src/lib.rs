//! The Godwoken v0 withdrawal protocol, byte for byte, shared by the page and the devnet.
//!
//! Everything here follows `shared/spec/godwoken-v0-withdrawal.md` (cited as "spec §N"). The crate has
//! no browser or server dependencies: it builds for `wasm32-unknown-unknown` and natively, and it is
//! tested natively against the shared vectors.

pub mod account;
pub mod address;
pub mod amount;
pub mod blake2b;
pub mod ckb;
pub mod eth;
pub mod hash;
pub mod hex;
pub mod json;
pub mod mol;
pub mod network;
pub mod quantity;
pub mod rpc;
pub mod verify;
pub mod withdrawal;
pub mod wire;

pub use hex::{HexBytes, H256};
