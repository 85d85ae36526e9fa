//! Depositing from Layer 1 ("Create Layer 2 account", L1 §4): the wallet's plain PW-lock cells
//! from the indexer → the core's deposit transaction (pw-core's shape, planned by
//! [`Depositor`]) → `personal_sign` → `send_transaction` → classify the node's answer; then
//! follow the transaction until Layer 2 has collected it. The same outcome model as a withdrawal
//! (#17): success only when the node's own answer proves it; a lost answer is looked up by hash
//! before anything is said, and while the fate is unknown the signed transaction is kept, to be
//! re-sent as it is, never rebuilt.

use godwoken_core::ckb::build::{Spendable, Unsigned};
use godwoken_core::ckb::constants::{testnet_2021_layer1, Layer1Constants};
use godwoken_core::ckb::Transaction;
use godwoken_core::eth::EthAddress;
use godwoken_core::network::{testnet_2021_constants, NetworkConfig};
use godwoken_core::rpc::{plain_cells_search_key, OutPoint};
use godwoken_core::withdrawal::{parse_wallet_signature, WalletSignatureError};
use godwoken_core::H256;

use crate::model::deposit::Depositor;
use crate::rpc::{NodeClient, RpcError, Transport};
use crate::services::Signer;
use crate::wallet::WalletError;

/// The most cells a deposit looks through (pw-core took one page of 256).
const MAX_INPUT_CELLS: usize = 256;

/// Why a deposit was not sent, or its fate is not known.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DepositError {
    /// Layer 1 constants are known for the 2021 testnet (and the devnet) only.
    #[error("Deposits from this page work on the devnet and with the 2021 testnet's constants only.")]
    Unsupported,
    /// The wallet now shares another account.
    #[error("Your wallet switched to another account; nothing was signed for {0}. Connect it again.")]
    AccountSwitched(EthAddress),
    /// The wallet refused or failed.
    #[error(transparent)]
    Wallet(#[from] WalletError),
    /// The wallet's signature is not 65 bytes of hex.
    #[error("The wallet returned a signature this page cannot use ({0}). Nothing was sent.")]
    BadSignature(#[from] WalletSignatureError),
    /// The user cancelled, or switched account or network, while the wallet was open.
    #[error("Cancelled: nothing was sent.")]
    Cancelled,
    /// The cells could not be read.
    #[error(transparent)]
    Rpc(RpcError),
    /// The node refused the transaction, in CKB's words.
    #[error("The CKB node refused the deposit: {0}")]
    Refused(RpcError),
    /// The node answered with another transaction's hash.
    #[error("The CKB node answered with transaction {returned}, not the deposit {expected}. The page keeps watching {expected}.")]
    HashMismatch {
        /// What the node said.
        returned: H256,
        /// The deposit's hash.
        expected: H256,
    },
    /// The node had the transaction and no longer has it (dropped from its pool).
    #[error("The CKB node dropped the deposit {0} before it reached a block (a cell it spends may have been spent meanwhile). Nothing was deposited; try again.")]
    Dropped(H256),
    /// The answer was lost and the node does not know the transaction: it was not taken.
    #[error("The deposit did not reach the CKB node ({0}). Nothing was sent; try again.")]
    NotReceived(RpcError),
    /// The answer was lost and the node could not be asked: the deposit may or may not be in.
    #[error("The CKB node's answer was lost ({cause}) and it cannot be asked now. The deposit {hash} may have been sent: the page asks again before anything is re-sent.")]
    OutcomeUnknown {
        /// What went wrong.
        cause: RpcError,
        /// The deposit's hash.
        hash: H256,
    },
}

/// The Layer 1 constants of `network`, if this page can build deposits there.
pub fn layer1_constants(network: &NetworkConfig) -> Option<Layer1Constants> {
    (network.constants == testnet_2021_constants()).then(testnet_2021_layer1)
}

/// Who deposits from `address` on `network`, if this page can build deposits there.
pub fn depositor(network: &NetworkConfig, address: EthAddress) -> Result<Depositor, DepositError> {
    let layer1 = layer1_constants(network).ok_or(DepositError::Unsupported)?;
    Ok(Depositor { constants: network.constants.clone(), layer1, owner: address })
}

/// The cells `address` can pay with: its plain PW-lock cells, as pw-core's collector took them
/// (the node leaves out those a pending transaction spends).
pub async fn spendable_cells<T: Transport>(client: &NodeClient<T>, network: &NetworkConfig, address: &EthAddress) -> Result<Vec<Spendable>, RpcError> {
    let cells = client.all_cells(&plain_cells_search_key(&network.constants, address), MAX_INPUT_CELLS as u64, MAX_INPUT_CELLS).await?;
    Ok(cells.into_iter().filter_map(Spendable::from_indexer_cell).collect())
}

/// Has the wallet sign `unsigned` (standard `personal_sign` order, message first) for `address`,
/// after checking that the wallet still shares that account. `still_current` is asked once the
/// wallet answers. Returns the signed transaction.
pub async fn sign_deposit(
    unsigned: &Unsigned,
    address: &EthAddress,
    signer: &impl Signer,
    still_current: &dyn Fn() -> bool,
) -> Result<Transaction, DepositError> {
    match signer.connected_account().await? {
        Some(current) if current == *address => {}
        _ => return Err(DepositError::AccountSwitched(*address)),
    }
    let signature = signer.personal_sign([unsigned.message.to_string(), address.to_lower_hex()]).await?;
    let signature = parse_wallet_signature(&signature)?;
    if !still_current() {
        return Err(DepositError::Cancelled);
    }
    Ok(unsigned.signed(&signature))
}

/// Sends a signed deposit (or sends it again: the same bytes, the same hash). `Ok(hash)` only
/// when the node's answer proves it has the transaction.
pub async fn send_deposit<T: Transport>(client: &NodeClient<T>, tx: &Transaction) -> Result<H256, DepositError> {
    let hash = tx.hash();
    match client.send_transaction(tx).await {
        Ok(returned) if returned == hash => Ok(hash),
        Ok(returned) => Err(DepositError::HashMismatch { returned, expected: hash }),
        Err(err @ RpcError::Node(_)) => match client.layer1_transaction(&hash).await {
            // Sent again after an earlier answer was lost: the node already has it.
            Ok(Some(_)) => Ok(hash),
            _ => Err(DepositError::Refused(err)),
        },
        Err(cause) => match client.layer1_transaction(&hash).await {
            Ok(Some(_)) => Ok(hash),
            Ok(None) => Err(DepositError::NotReceived(cause)),
            Err(_) => Err(DepositError::OutcomeUnknown { cause, hash }),
        },
    }
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
