//! Depositing from Layer 1 ("Create Layer 2 account", L1 §4): the wallet's plain PW-lock cells
//! from the indexer → the core's deposit transaction (pw-core's shape, planned by
//! [`Depositor`]) → signed and sent as every Layer 1 transaction ([`crate::services::layer1`]);
//! then followed until Layer 2 has collected it. Deposits Godwoken leaves on Layer 1 are listed
//! with the reason, and cancelled once their timeout has passed.

use godwoken_core::ckb::build::{self, Spendable, Unsigned};
use godwoken_core::ckb::deposit::{judge_deposit, DepositLockArgs, DepositRejection};
use godwoken_core::ckb::since::{Metric, Since};
use godwoken_core::ckb::tx::CellInput;
use godwoken_core::eth::EthAddress;
use godwoken_core::network::NetworkConfig;
use godwoken_core::rpc::{own_deposits_search_key, plain_cells_search_key, OutPoint};
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

/// A deposit of this address still on Layer 1, judged as Godwoken judges it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveDeposit {
    /// Where the deposit cell is.
    pub out_point: OutPoint,
    /// Its capacity, shannons.
    pub capacity: u64,
    /// The Layer 1 block that committed it.
    pub block_number: u64,
    /// Its lock's cancel timeout (a `since` value).
    pub cancel_timeout: u64,
    /// Why Godwoken leaves it on Layer 1 (empty: it will be collected).
    pub left_because: Vec<DepositRejection>,
    /// Milliseconds until a cancel is accepted (0: now), when the timeout is a relative time;
    /// `None` for other kinds of timeout (the node decides).
    pub cancel_in_ms: Option<u64>,
}

/// The deposits `address` made into its own Layer 2 account that are still on Layer 1, oldest
/// first, each judged as Godwoken judges it and with the time left until it can be cancelled.
pub async fn live_deposits<T: Transport>(client: &NodeClient<T>, network: &NetworkConfig, address: &EthAddress) -> Result<Vec<LiveDeposit>, RpcError> {
    let Some(layer1) = layer1_constants(network) else { return Ok(Vec::new()) };
    let key = own_deposits_search_key(&network.constants, &layer1.deposit_lock_code_hash, address);
    let cells = client.all_cells(&key, MAX_INPUT_CELLS as u64, MAX_INPUT_CELLS).await?;
    if cells.is_empty() {
        return Ok(Vec::new());
    }
    let median_time = client.layer1_median_time().await?;
    let rules = layer1.collect_rules(&network.constants.rollup_type_hash);
    let mut deposits = Vec::with_capacity(cells.len());
    for cell in cells {
        let lock = &cell.output.lock;
        let Some((_, args)) = DepositLockArgs::from_lock_args(&lock.args.0) else { continue };
        // A Layer 2 block's hash and number only size the custodian cell; any will do.
        let judged = judge_deposit(&rules, lock, cell.output.type_.as_ref(), cell.output_data.0.len(), cell.output.capacity, &H256::ZERO, 0);
        let since = Since::decode(args.cancel_timeout);
        let cancel_in_ms = match (since.relative, since.metric) {
            (true, Metric::Timestamp) => {
                let header = client
                    .layer1_header(cell.block_number)
                    .await?
                    .ok_or_else(|| RpcError::Malformed { detail: format!("get_header_by_number: no block {}", cell.block_number) })?;
                let due = header.timestamp.saturating_add(since.value.saturating_mul(1_000));
                Some(due.saturating_sub(median_time))
            }
            _ => None,
        };
        deposits.push(LiveDeposit {
            out_point: cell.out_point,
            capacity: cell.output.capacity,
            block_number: cell.block_number,
            cancel_timeout: args.cancel_timeout,
            left_because: judged.err().unwrap_or_default(),
            cancel_in_ms,
        });
    }
    Ok(deposits)
}

/// The cancel of `deposit` to sign (L1 §4.4): the deposit and one of the owner's plain cells back
/// to the owner's PW-lock.
pub async fn prepare_cancel<T: Transport>(client: &NodeClient<T>, network: &NetworkConfig, address: &EthAddress, deposit: &LiveDeposit) -> Result<Unsigned, Layer1Error> {
    let layer1 = layer1_constants(network).ok_or(Layer1Error::Unsupported)?;
    let cells = spendable_cells(client, network, address).await.map_err(Layer1Error::Rpc)?;
    let owner_cell = cells.first().ok_or(Layer1Error::NoOwnerCell)?;
    let input = CellInput { since: deposit.cancel_timeout, previous_output: deposit.out_point.clone() };
    build::cancel_deposit(&network.constants, &layer1, address, input, deposit.capacity, owner_cell).ok_or(Layer1Error::NoOwnerCell)
}
