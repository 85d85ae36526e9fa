//! The devnet faucet: Layer 1 CKB for the connected address, so that a newcomer with their own
//! wallet (not a funded development key) can try the page.

use godwoken_core::eth::EthAddress;
use godwoken_core::network::{NetworkConfig, NetworkKind};
use godwoken_core::H256;

use crate::rpc::{NodeClient, RpcError, Transport};

/// What one click gives: 1 000 CKB, in shannons.
pub const FAUCET_SHANNONS: u64 = 1_000 * 100_000_000;

/// Why the faucet gave nothing.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FaucetError {
    /// Only the local devnet has a faucet.
    #[error("Only the local devnet has a faucet. On other networks, send CKB to your Layer 1 address.")]
    NotDevnet,
    /// The devnet refused or did not answer.
    #[error("The devnet faucet did not pay: {0}")]
    Rpc(#[from] RpcError),
}

/// Asks the devnet for [`FAUCET_SHANNONS`] on `address`'s Layer 1 (PW-lock) address; returns the
/// hash of the transaction that made the cell (live at once).
pub async fn request_faucet<T: Transport>(client: &NodeClient<T>, network: &NetworkConfig, address: &EthAddress) -> Result<H256, FaucetError> {
    if network.kind != NetworkKind::Devnet {
        return Err(FaucetError::NotDevnet);
    }
    Ok(client.fund_layer1(address, FAUCET_SHANNONS).await?)
}
