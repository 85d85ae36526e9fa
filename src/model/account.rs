//! What the page knows about the connected address's accounts on both layers.

use godwoken_core::eth::EthAddress;
use godwoken_core::H256;

use crate::rpc::RpcError;
use crate::services::deposit::LiveDeposit;

/// The account as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountInfo {
    /// The connected ETH address.
    pub address: EthAddress,
    /// Its Layer 2 account script hash.
    pub script_hash: H256,
    /// `None` while the address has no Layer 2 account.
    pub account_id: Option<u32>,
    /// Layer 2 CKB in shannons.
    pub balance: u128,
    /// The next withdrawal's nonce (fetched again right before signing).
    pub nonce: u32,
    /// The Layer 1 (PW-lock) address that receives withdrawals.
    pub layer1_address: String,
    /// Its Layer 1 balance in shannons.
    pub layer1_balance: u64,
    /// Its deposits still on Layer 1 (on the networks where this page builds deposits), or why
    /// they could not be read (the rest of the account still shows).
    pub deposits: Result<Vec<LiveDeposit>, RpcError>,
}

/// Loading the account.
#[derive(Debug, Clone, PartialEq)]
pub enum AccountState {
    /// No address, or no node confirmed yet.
    None,
    /// Asking the node.
    Loading,
    /// Read.
    Loaded(AccountInfo),
    /// The node could not tell.
    Failed(RpcError),
}

impl AccountState {
    /// The account, once loaded.
    pub fn info(&self) -> Option<&AccountInfo> {
        match self {
            AccountState::Loaded(info) => Some(info),
            _ => None,
        }
    }
}
