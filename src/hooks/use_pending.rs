//! Pending withdrawals of the account: fetched by prefix from the indexer, merged with the
//! requests this page submitted (kept in localStorage), refreshed while the view is open.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use godwoken_core::eth::EthAddress;
use godwoken_core::mol::GlobalState;
use godwoken_core::network::NetworkConfig;
use godwoken_core::rpc::{rollup_cell_search_key, withdrawal_cells_search_key, Order, WithdrawalStatus};
use godwoken_core::H256;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::browser;
use crate::model::pending::{derive_rows, prune, withdrawal_cells, ChainPoint, PendingRow, SubmittedWithdrawal};
use crate::rpc::{NodeClient, RpcError};

/// How often the open view refreshes.
pub const REFRESH_INTERVAL: Duration = Duration::from_secs(4);
/// Cells per indexer page.
pub const PAGE_SIZE: u64 = 1_000;
/// The most cells the page reads for one account.
pub const MAX_CELLS: usize = 50_000;
/// How many blocks after its submission a request's block is looked for.
pub const BLOCK_SCAN_LIMIT: u64 = 64;

/// The chain's position, read from the rollup cell's GlobalState.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainStatus {
    /// The Layer 2 tip number.
    pub tip: u64,
    /// Blocks up to this number are final.
    pub last_finalized: u64,
}

/// Reads the GlobalState of the rollup cell.
pub async fn chain_status(client: &NodeClient, network: &NetworkConfig) -> Result<ChainStatus, RpcError> {
    let page = client.cells_page(&rollup_cell_search_key(&network.constants), Order::Desc, 1, None).await?;
    let cell = page.objects.first().ok_or_else(|| RpcError::Malformed { detail: "the indexer knows no rollup cell".into() })?;
    let state = GlobalState::from_bytes(cell.output_data.as_ref())
        .map_err(|e| RpcError::Malformed { detail: format!("rollup cell: {e}") })?;
    Ok(ChainStatus { tip: state.block_count.saturating_sub(1), last_finalized: state.last_finalized_block_number })
}

/// What the table shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PendingView {
    /// Rows.
    pub rows: Vec<PendingRow>,
    /// Chain position at the last fetch.
    pub chain: Option<ChainStatus>,
    /// When the last fetch ended (ms since the Unix epoch).
    pub fetched_at_ms: u64,
    /// Fetching now.
    pub loading: bool,
    /// The last fetch failed (in words); the rows of the fetch before stay.
    pub error: Option<String>,
    /// The user asked for this fetch (it is announced; automatic refreshes are not).
    pub requested: bool,
}

/// Finds the Layer 2 block of each remembered request the node has committed. A committed
/// request is the block's request of the same account and nonce (only one request per account
/// and nonce can ever be committed), so blocks are read for those two fields only.
async fn reconcile(client: &NodeClient, account: &H256, submitted: &mut [SubmittedWithdrawal], tip: u64) -> Result<(), RpcError> {
    for request in submitted.iter_mut().filter(|r| r.block_number.is_none() && !r.unknown_to_node) {
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
    }
    Ok(())
}

/// Fetches everything and returns the new view.
pub async fn fetch_pending(client: &NodeClient, network: &NetworkConfig, address: EthAddress, script_hash: H256) -> Result<PendingView, RpcError> {
    let chain = chain_status(client, network).await?;
    let key = withdrawal_cells_search_key(&network.constants, &script_hash);
    let cells = client.all_cells(&key, PAGE_SIZE, MAX_CELLS).await?;
    let cells = withdrawal_cells(&cells, &script_hash);
    let mut submitted = browser::load_submitted(&network.rpc_url, &address);
    reconcile(client, &script_hash, &mut submitted, chain.tip).await?;
    let submitted = prune(submitted, chain.last_finalized);
    browser::save_submitted(&network.rpc_url, &address, &submitted);
    let point = ChainPoint { tip: chain.tip, last_finalized: chain.last_finalized, finality_blocks: network.finality_blocks };
    Ok(PendingView {
        rows: derive_rows(&cells, &submitted, point),
        chain: Some(chain),
        fetched_at_ms: browser::now_ms(),
        loading: false,
        error: None,
        requested: false,
    })
}

/// The pending handle.
#[derive(Clone, PartialEq)]
pub struct PendingHandle {
    /// The view.
    pub view: PendingView,
    /// Fetches now, for the user (the result is announced).
    pub fetch: Callback<()>,
    /// Fetches now, silently (after a submission).
    pub refresh: Callback<()>,
}

/// Fetches on demand and every [`REFRESH_INTERVAL`] while `active`.
#[hook]
pub fn use_pending(client: NodeClient, network: NetworkConfig, address: Option<EthAddress>, script_hash: Option<H256>, active: bool) -> PendingHandle {
    let view = use_state(PendingView::default);
    let latest = use_mut_ref(PendingView::default);
    let round = use_state(|| 0u32);
    let user_asked = use_mut_ref(|| Rc::new(Cell::new(false)));

    // Remembered requests appear at once, before any fetch (e.g. right after a reload).
    {
        let view = view.clone();
        let latest = latest.clone();
        use_effect_with((network.clone(), address), move |(network, address)| {
            let rows = address.map_or_else(Vec::new, |address| {
                derive_rows(&[], &browser::load_submitted(&network.rpc_url, &address), ChainPoint::default())
            });
            let fresh = PendingView { rows, ..PendingView::default() };
            *latest.borrow_mut() = fresh.clone();
            view.set(fresh);
        });
    }
    {
        let view = view.clone();
        let latest = latest.clone();
        let user_asked = user_asked.borrow().clone();
        use_effect_with((client, network, address, script_hash, active, *round), move |(client, network, address, script_hash, active, round)| {
            let alive = Rc::new(Cell::new(true));
            if let (Some(address), Some(script_hash), true) = (*address, *script_hash, *active || *round > 0) {
                let (client, network, still, active) = (client.clone(), network.clone(), alive.clone(), *active);
                spawn_local(async move {
                    loop {
                        let loading = PendingView { loading: true, ..latest.borrow().clone() };
                        view.set(loading);
                        let outcome = fetch_pending(&client, &network, address, script_hash).await;
                        if !still.get() {
                            return;
                        }
                        let requested = user_asked.replace(false);
                        let next = match outcome {
                            Ok(fresh) => PendingView { requested, ..fresh },
                            Err(err) => PendingView { loading: false, error: Some(err.to_string()), requested, ..latest.borrow().clone() },
                        };
                        *latest.borrow_mut() = next.clone();
                        view.set(next);
                        if !active {
                            return;
                        }
                        yew::platform::time::sleep(REFRESH_INTERVAL).await;
                        if !still.get() {
                            return;
                        }
                    }
                });
            }
            move || alive.set(false)
        });
    }
    let refresh = {
        let round = round.clone();
        Callback::from(move |()| round.set(*round + 1))
    };
    let fetch = {
        let refresh = refresh.clone();
        let user_asked = user_asked.borrow().clone();
        Callback::from(move |()| {
            user_asked.set(true);
            refresh.emit(());
        })
    };
    PendingHandle { view: (*view).clone(), fetch, refresh }
}
