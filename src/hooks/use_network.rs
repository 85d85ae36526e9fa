//! The chosen network and whether its node answers with the right constants.

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

/// Selects and checks the network. Starts on the devnet that served the page, if any.
#[hook]
pub fn use_network() -> NetworkHandle {
    let network = use_state(default_devnet);
    let served_devnet = use_state(|| None::<NetworkConfig>);
    let status = use_state(|| NodeStatus::Checking);
    let check_round = use_state(|| 0u32);

    {
        let network = network.clone();
        let served_devnet = served_devnet.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                if let Ok(config) = served_config().await {
                    if config.kind == NetworkKind::Devnet {
                        served_devnet.set(Some(config.clone()));
                        network.set(config);
                    }
                }
            });
        });
    }
    {
        let status = status.clone();
        use_effect_with(((*network).clone(), *check_round), move |(network, _)| {
            status.set(NodeStatus::Checking);
            let network = network.clone();
            let alive = std::rc::Rc::new(std::cell::Cell::new(true));
            let still = alive.clone();
            spawn_local(async move {
                let client = NodeClient::new(&network);
                let outcome = async {
                    let rollup = client.rollup_type_hash().await?;
                    let lock = client.eth_account_lock_hash().await?;
                    Ok::<_, crate::rpc::RpcError>((rollup, lock))
                }
                .await;
                if !still.get() {
                    return;
                }
                status.set(match outcome {
                    Ok((rollup, lock)) => match check_node_constants(&network.constants, rollup, lock) {
                        Ok(()) => NodeStatus::Ready,
                        Err(mismatch) => NodeStatus::Mismatch(mismatch.to_string()),
                    },
                    Err(err) => NodeStatus::Unreachable(err.to_string()),
                });
            });
            move || alive.set(false)
        });
    }

    let select = {
        let network = network.clone();
        Callback::from(move |config: NetworkConfig| network.set(config))
    };
    let retry = {
        let check_round = check_round.clone();
        Callback::from(move |()| check_round.set(*check_round + 1))
    };
    NetworkHandle {
        client: NodeClient::new(&network),
        network: (*network).clone(),
        status: (*status).clone(),
        served_devnet: (*served_devnet).clone(),
        select,
        retry,
    }
}
