//! The chosen network and whether its node answers with the right constants.

use std::cell::Cell;
use std::rc::Rc;

use godwoken_core::network::{NetworkConfig, NetworkKind};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::model::network::{NetworkEvent, NetworkState, NodeStatus};
use crate::model::network_check::check_node_constants;
use crate::rpc::http::served_config;
use crate::rpc::NodeClient;

/// The network handle.
#[derive(Clone, PartialEq)]
pub struct NetworkHandle {
    /// The choice and the node's state.
    pub state: NetworkState,
    /// A client of its endpoints.
    pub client: NodeClient,
    /// Chooses a network.
    pub select: Callback<NetworkConfig>,
    /// Checks the node again.
    pub retry: Callback<()>,
}

impl NetworkHandle {
    /// Whether the node's constants were checked and match (signing allowed).
    pub fn node_ready(&self) -> bool {
        self.state.status == NodeStatus::Ready
    }
}

/// Reads the page's own `/config.json` first (starting on the devnet that served the page, if
/// any), then checks the chosen network's node, again on every choice and "Retry".
#[hook]
pub fn use_network() -> NetworkHandle {
    let state = use_reducer(NetworkState::default);

    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            spawn_local(async move {
                let served = served_config().await.ok().filter(|config| config.kind == NetworkKind::Devnet);
                dispatch.dispatch(NetworkEvent::ConfigRead(served));
            });
        });
    }
    {
        let dispatch = state.dispatcher();
        let key = (state.network.clone(), state.check_round, state.config_read);
        use_effect_with(key, move |(network, _, config_read)| {
            let alive = Rc::new(Cell::new(true));
            if *config_read {
                dispatch.dispatch(NetworkEvent::Status(NodeStatus::Checking));
                let network = network.clone();
                let still = alive.clone();
                spawn_local(async move {
                    let client = NodeClient::new(&network);
                    // Both constants in one round trip.
                    let (rollup, lock) = futures_util::join!(client.rollup_type_hash(), client.eth_account_lock_hash());
                    if !still.get() {
                        return;
                    }
                    let status = match rollup.and_then(|rollup| lock.map(|lock| (rollup, lock))) {
                        Ok((rollup, lock)) => match check_node_constants(&network.constants, rollup, lock) {
                            Ok(()) => NodeStatus::Ready,
                            Err(mismatch) => NodeStatus::Mismatch(mismatch),
                        },
                        Err(err) => NodeStatus::Unreachable(err),
                    };
                    dispatch.dispatch(NetworkEvent::Status(status));
                });
            }
            move || alive.set(false)
        });
    }

    let select = {
        let dispatch = state.dispatcher();
        Callback::from(move |config: NetworkConfig| dispatch.dispatch(NetworkEvent::Selected(config)))
    };
    let retry = {
        let dispatch = state.dispatcher();
        Callback::from(move |()| dispatch.dispatch(NetworkEvent::Retry))
    };
    NetworkHandle { client: NodeClient::new(&state.network), state: (*state).clone(), select, retry }
}
