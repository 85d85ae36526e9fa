//! The chosen network and whether its node answers with the right constants.

use std::cell::Cell;
use std::rc::Rc;

use godwoken_core::network::{self, NetworkConfig, NetworkKind};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::model::network_check::check_node_constants;
use crate::rpc::{served_config, NodeClient};

/// The node's state.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeStatus {
    /// Asking the node.
    Checking,
    /// It answers and its constants match: signing is allowed.
    Ready,
    /// It does not answer (the reason in words).
    Unreachable(String),
    /// It answers for another rollup: signing is refused (the reason in words).
    Mismatch(String),
}

impl NodeStatus {
    /// The status in words, as the network section and the status region both say it.
    pub fn message(&self, network_name: &str) -> String {
        match self {
            NodeStatus::Checking => format!("Checking the node of {network_name}…"),
            NodeStatus::Ready => format!("{network_name}: the node answers and its rollup constants match."),
            NodeStatus::Unreachable(reason) | NodeStatus::Mismatch(reason) => reason.clone(),
        }
    }
}

/// The network handle.
#[derive(Clone, PartialEq)]
pub struct NetworkHandle {
    /// The selected network.
    pub network: NetworkConfig,
    /// A client of its endpoints.
    pub client: NodeClient,
    /// Its node's state.
    pub status: NodeStatus,
    /// The devnet served with the page, if the page came from one.
    pub served_devnet: Option<NetworkConfig>,
    /// Chooses a network.
    pub select: Callback<NetworkConfig>,
    /// Checks the node again.
    pub retry: Callback<()>,
}

/// The devnet's default description when the page was not served by a devnet.
pub fn default_devnet() -> NetworkConfig {
    network::preset_by_name("devnet").unwrap_or_else(network::testnet_2021)
}

/// The chosen network and what its node said; changed only through [`NetworkEvent`]s.
#[derive(Clone, PartialEq)]
struct NetworkState {
    network: NetworkConfig,
    served_devnet: Option<NetworkConfig>,
    status: NodeStatus,
    /// Bumped by "Retry": the node check depends on it.
    check_round: u32,
}

enum NetworkEvent {
    /// The page came from a devnet: start on it.
    Served(NetworkConfig),
    /// The user chose a network.
    Selected(NetworkConfig),
    /// The node check started or ended.
    Status(NodeStatus),
    /// The user asked to check the node again.
    Retry,
}

impl Reducible for NetworkState {
    type Action = NetworkEvent;
    fn reduce(self: Rc<Self>, event: NetworkEvent) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        match event {
            NetworkEvent::Served(config) => {
                next.served_devnet = Some(config.clone());
                next.network = config;
            }
            NetworkEvent::Selected(config) => next.network = config,
            NetworkEvent::Status(status) => next.status = status,
            NetworkEvent::Retry => next.check_round += 1,
        }
        Rc::new(next)
    }
}

/// Selects and checks the network. Starts on the devnet that served the page, if any.
#[hook]
pub fn use_network() -> NetworkHandle {
    let state = use_reducer(|| NetworkState {
        network: default_devnet(),
        served_devnet: None,
        status: NodeStatus::Checking,
        check_round: 0,
    });

    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            spawn_local(async move {
                if let Ok(config) = served_config().await {
                    if config.kind == NetworkKind::Devnet {
                        dispatch.dispatch(NetworkEvent::Served(config));
                    }
                }
            });
        });
    }
    {
        let dispatch = state.dispatcher();
        use_effect_with((state.network.clone(), state.check_round), move |(network, _)| {
            dispatch.dispatch(NetworkEvent::Status(NodeStatus::Checking));
            let network = network.clone();
            let alive = Rc::new(Cell::new(true));
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
                        Err(mismatch) => NodeStatus::Mismatch(mismatch.to_string()),
                    },
                    Err(err) => NodeStatus::Unreachable(err.to_string()),
                };
                dispatch.dispatch(NetworkEvent::Status(status));
            });
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
    NetworkHandle {
        client: NodeClient::new(&state.network),
        network: state.network.clone(),
        status: state.status.clone(),
        served_devnet: state.served_devnet.clone(),
        select,
        retry,
    }
}
