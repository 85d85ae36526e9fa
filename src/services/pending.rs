//! Loading the pending withdrawals: where the chain is (the rollup cell's GlobalState), this
//! account's withdrawal cells by prefix from the indexer, and the requests this page submitted,
//! reconciled with the node and merged back into their store.

use godwoken_core::mol::GlobalState;
use godwoken_core::network::NetworkConfig;
use godwoken_core::rpc::{rollup_cell_search_key, withdrawal_cells_search_key, Order, WithdrawalStatus};
use godwoken_core::H256;

use crate::model::pending::{derive_rows, withdrawal_cells, ChainPoint, PendingRow, SubmittedWithdrawal};
use crate::rpc::{NodeClient, RpcError, Transport};
use crate::services::SubmittedStore;

/// Cells per indexer page.
pub const PAGE_SIZE: u64 = 1_000;
/// The most cells the page reads for one account.
pub const MAX_CELLS: usize = 50_000;
/// How many blocks after its submission a request's block is looked for.
pub const BLOCK_SCAN_LIMIT: u64 = 64;

/// Where the chain is, read from the GlobalState of the rollup cell.
pub async fn chain_point<T: Transport>(client: &NodeClient<T>, network: &NetworkConfig) -> Result<ChainPoint, RpcError> {
    let page = client.cells_page(&rollup_cell_search_key(&network.constants), Order::Desc, 1, None).await?;
    let cell = page.objects.first().ok_or_else(|| RpcError::Malformed { detail: "the indexer knows no rollup cell".into() })?;
    let state = GlobalState::from_bytes(cell.output_data.as_ref())
        .map_err(|e| RpcError::Malformed { detail: format!("rollup cell: {e}") })?;
    Ok(ChainPoint {
        tip: state.block_count.saturating_sub(1),
        last_finalized: state.last_finalized_block_number,
        finality_blocks: network.finality_blocks,
    })
}

/// Finds the Layer 2 block of each remembered request the node has committed, marks those it
/// does not know, and settles those whose fate was unknown. A committed request is the block's
/// request of the same account and nonce (only one request per account and nonce can ever be
/// committed), so blocks are read for those two fields only. Returns the requests that changed.
async fn reconcile<T: Transport>(client: &NodeClient<T>, account: &H256, submitted: Vec<SubmittedWithdrawal>, tip: u64) -> Result<Vec<SubmittedWithdrawal>, RpcError> {
    let mut changed = Vec::new();
    for before in submitted.into_iter().filter(|r| r.block_number.is_none() && !r.unknown_to_node) {
        let mut request = SubmittedWithdrawal { unconfirmed: false, ..before.clone() };
        match client.withdrawal(&request.hash).await? {
            None => request.unknown_to_node = true,
            Some(found) if found.status == WithdrawalStatus::Pending => {}
            Some(_) => {
                let last = tip.min(request.tip_at_submit + BLOCK_SCAN_LIMIT);
                for number in request.tip_at_submit + 1..=last {
                    let Some(block) = client.block_by_number(number).await? else { break };
                    if block.withdrawal_requests.iter().any(|w| w.raw.account_script_hash == *account && w.raw.nonce == request.nonce) {
                        request.block_number = Some(number);
                        break;
                    }
                }
            }
        }
        if request != before {
            changed.push(request);
        }
    }
    Ok(changed)
}

/// What one fetch found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The table's rows.
    pub rows: Vec<PendingRow>,
    /// Where the chain was.
    pub chain: ChainPoint,
}

/// Fetches the chain point, the account's withdrawal cells and the status of remembered
/// requests; what was learnt of the requests is merged into `store`.
pub async fn fetch_pending<T: Transport>(client: &NodeClient<T>, network: &NetworkConfig, store: &impl SubmittedStore, script_hash: H256) -> Result<Fetched, RpcError> {
    let chain = chain_point(client, network).await?;
    let key = withdrawal_cells_search_key(&network.constants, &script_hash);
    let cells = client.all_cells(&key, PAGE_SIZE, MAX_CELLS).await?;
    let cells = withdrawal_cells(&cells, &script_hash);
    let changed = reconcile(client, &script_hash, store.load(), chain.tip).await?;
    let submitted = store.merge(&changed, Some(chain.last_finalized));
    Ok(Fetched { rows: derive_rows(&cells, &submitted, chain), chain })
}

/// The rows of the remembered requests alone, before any fetch (e.g. right after a reload).
pub fn remembered_rows(store: &impl SubmittedStore) -> Vec<PendingRow> {
    derive_rows(&[], &store.load(), ChainPoint::default())
}
