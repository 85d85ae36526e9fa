//! Depositing from Layer 1 ("Create Layer 2 account", L1 §4): the wallet's plain PW-lock cells
//! from the indexer → the core's deposit transaction (pw-core's shape, planned by
//! [`Depositor`]) → signed and sent as every Layer 1 transaction ([`crate::services::layer1`]);
//! then followed until Layer 2 has collected it.

use godwoken_core::ckb::build::Spendable;
use godwoken_core::eth::EthAddress;
use godwoken_core::network::NetworkConfig;
use godwoken_core::rpc::{plain_cells_search_key, OutPoint};
use godwoken_core::H256;

use crate::model::deposit::Depositor;
use crate::rpc::{NodeClient, RpcError, Transport};
use crate::services::layer1::{layer1_constants, Layer1Error};

/// The most cells a deposit looks through (pw-core took one page of 256).
const MAX_INPUT_CELLS: usize = 256;

/// Who deposits from `address` on `network`, if this page can build deposits there.
pub fn depositor(network: &NetworkConfig, address: EthAddress) -> Result<Depositor, Layer1Error> {
    let layer1 = layer1_constants(network).ok_or(Layer1Error::Unsupported)?;
    Ok(Depositor { constants: network.constants.clone(), layer1, owner: address })
}

/// The cells `address` can pay with: its plain PW-lock cells, as pw-core's collector took them
/// (the node leaves out those a pending transaction spends).
pub async fn spendable_cells<T: Transport>(client: &NodeClient<T>, network: &NetworkConfig, address: &EthAddress) -> Result<Vec<Spendable>, RpcError> {
    let cells = client.all_cells(&plain_cells_search_key(&network.constants, address), MAX_INPUT_CELLS as u64, MAX_INPUT_CELLS).await?;
    Ok(cells.into_iter().filter_map(Spendable::from_indexer_cell).collect())
}

/// Where a sent deposit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DepositStatus {
    /// The node does not know it (dropped, or never received).
    Unknown,
    /// In the pool.
    Pending,
    /// In Layer 1 block `block`; Layer 2 has not collected it yet.
    Committed {
        /// The block's number.
        block: u64,
    },
    /// Committed in `block` and consumed: Godwoken collected it into the Layer 2 account.
    Collected {
        /// The block's number.
        block: u64,
    },
}

/// Asks the CKB node where deposit `hash` stands.
pub async fn deposit_status<T: Transport>(client: &NodeClient<T>, hash: &H256) -> Result<DepositStatus, RpcError> {
    let Some(status) = client.layer1_transaction(hash).await? else { return Ok(DepositStatus::Unknown) };
    let block_hash = match (status.status.as_str(), status.block_hash) {
        ("committed", Some(block)) => block,
        ("committed", None) => return Err(RpcError::Malformed { detail: "get_transaction: committed without a block hash".into() }),
        _ => return Ok(DepositStatus::Pending),
    };
    let block = client
        .layer1_block_number(&block_hash)
        .await?
        .ok_or_else(|| RpcError::Malformed { detail: format!("get_header: no block {block_hash}, though a transaction is committed in it") })?;
    // The deposit is output 0; once consumed, only Godwoken can have taken it (a cancel waits
    // for the 48-hour timeout).
    let live = client.is_live(&OutPoint { tx_hash: *hash, index: 0 }).await?;
    Ok(if live { DepositStatus::Committed { block } } else { DepositStatus::Collected { block } })
}
