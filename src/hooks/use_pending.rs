//! Adapts the pending service to Yew: remembered requests at once, a fetch on demand, and a
//! refresh every few seconds while the view is open.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use godwoken_core::eth::EthAddress;
use godwoken_core::network::NetworkConfig;
use godwoken_core::H256;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::browser;
use crate::model::pending::{rows_after_failure, PendingView};
use crate::rpc::NodeClient;
use crate::services::pending::{fetch_pending, remembered_rows};
use crate::services::withdraw;
use crate::store::SubmittedRequests;

/// How often the open view refreshes.
pub const REFRESH_INTERVAL: Duration = Duration::from_secs(4);

/// The pending handle.
#[derive(Clone, PartialEq)]
pub struct PendingHandle {
    /// The view.
    pub view: PendingView,
    /// Fetches now, for the user (the result is announced).
    pub fetch: Callback<()>,
    /// Fetches now, silently (after a submission).
    pub refresh: Callback<()>,
    /// The user stops waiting for the request of unknown fate with this hash.
    pub stop_waiting: Callback<H256>,
}

/// Fetches on demand and every [`REFRESH_INTERVAL`] while `active`.
#[hook]
pub fn use_pending(client: NodeClient, network: NetworkConfig, address: Option<EthAddress>, script_hash: Option<H256>, active: bool) -> PendingHandle {
    let stop_network = network.clone();
    let view = use_state(PendingView::default);
    let latest = use_mut_ref(PendingView::default);
    let round = use_state(|| 0u32);
    let user_asked = use_mut_ref(|| Rc::new(Cell::new(false)));

    // Remembered requests appear at once, before any fetch (e.g. right after a reload), and
    // requests another tab remembers appear as soon as it writes them (one of unknown fate there
    // blocks new requests here too).
    {
        let view = view.clone();
        let latest = latest.clone();
        use_effect_with((network.clone(), address), move |(network, address)| {
            let store = address.map(|address| SubmittedRequests::new(&network.rpc_url, &address));
            let rows = store.as_ref().map_or_else(Vec::new, remembered_rows);
            let fresh = PendingView { rows, ..PendingView::default() };
            *latest.borrow_mut() = fresh.clone();
            view.set(fresh);
            let watch = store.and_then(|store| {
                let watched = store.clone();
                store.watch(move || {
                    let last = latest.borrow().clone();
                    let next = PendingView { rows: rows_after_failure(last.rows, remembered_rows(&watched)), ..last };
                    *latest.borrow_mut() = next.clone();
                    view.set(next);
                })
            });
            move || drop(watch)
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
                let store = SubmittedRequests::new(&network.rpc_url, &address);
                spawn_local(async move {
                    loop {
                        let loading = PendingView { loading: true, ..latest.borrow().clone() };
                        view.set(loading);
                        let outcome = fetch_pending(&client, &network, &store, script_hash).await;
                        if !still.get() {
                            return;
                        }
                        let requested = user_asked.replace(false);
                        let next = match outcome {
                            Ok(fetched) => PendingView {
                                rows: fetched.rows,
                                chain: Some(fetched.chain),
                                fetched_at_ms: browser::now_ms(),
                                loading: false,
                                error: None,
                                requested,
                            },
                            Err(err) => {
                                let last = latest.borrow().clone();
                                let rows = rows_after_failure(last.rows, remembered_rows(&store));
                                PendingView { rows, loading: false, error: Some(err), requested, ..last }
                            }
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
    let stop_waiting = {
        let refresh = refresh.clone();
        Callback::from(move |hash: H256| {
            if let Some(address) = address {
                withdraw::stop_waiting(&SubmittedRequests::new(&stop_network.rpc_url, &address), hash);
            }
            refresh.emit(());
        })
    };
    PendingHandle { view: (*view).clone(), fetch, refresh, stop_waiting }
}
