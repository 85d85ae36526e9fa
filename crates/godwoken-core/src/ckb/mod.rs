//! CKB, the Layer 1: transactions and headers with their molecule bytes and hashes, witnesses,
//! PW-lock's signing message, and `since` (`shared/spec/godwoken-v0-layer1.md`, cited as
//! "L1 §N"). Shared by the devnet (which verifies), `gw` and, for deposits, the page (which
//! builds and signs), so none of them can disagree on a byte.

pub mod constants;
pub mod deposit;
pub mod build;
mod encode;
pub mod error;
pub mod header;
pub mod pw_lock;
pub mod resolved;
pub mod since;
pub mod tx;
pub mod verify;
pub mod withdrawal_lock;
pub mod witness;

pub use error::TxError;
pub use header::Header;
pub use resolved::{ResolvedCell, ResolvedTransaction};
pub use tx::{CellDep, CellInput, DepType, Transaction};
pub use witness::WitnessArgs;

use crate::hash::ckb_hash;
use crate::hex::H256;
use crate::mol::Script;

/// Occupied capacity of a cell in bytes (×10^8 shannons): `8 + 32 + 1 + args` for the lock, the
/// same for a type script, plus the data (L1 §1.3). Every output needs at least this capacity.
pub fn occupied_bytes(lock: &Script, type_: Option<&Script>, data_len: usize) -> u64 {
    let script = |script: &Script| 32 + 1 + script.args.0.len() as u64;
    8 + script(lock) + type_.map_or(0, script) + data_len as u64
}

/// The data hash CKB reports for a cell: `ckb_hash(data)`, but 32 zero bytes for empty data
/// (L1 §1.2).
pub fn cell_data_hash(data: &[u8]) -> H256 {
    if data.is_empty() { H256::ZERO } else { ckb_hash(data) }
}
