//! The chosen network and what its node said: the state and its reducer.

use std::rc::Rc;

use godwoken_core::network::{self, NetworkConfig};
use yew::Reducible;

use crate::model::network_check::ConstantsMismatch;
use crate::rpc::RpcError;

/// The node's state.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeStatus {
    /// Asking the node.
    Checking,
    /// It answers and its constants match: signing is allowed.
    Ready,
    /// It does not answer.
    Unreachable(RpcError),
    /// It answers for another rollup: signing is refused.
    Mismatch(ConstantsMismatch),
}

impl NodeStatus {
    /// The status in words, as the network section and the status region both say it.
    pub fn message(&self, network_name: &str) -> String {
        match self {
            NodeStatus::Checking => format!("Checking the node of {network_name}…"),
            NodeStatus::Ready => format!("{network_name}: the node answers and its rollup constants match."),
            NodeStatus::Unreachable(error) => error.to_string(),
            NodeStatus::Mismatch(mismatch) => mismatch.to_string(),
        }
    }
}

/// The devnet's default description when the page was not served by a devnet.
pub fn default_devnet() -> NetworkConfig {
    network::preset_by_name("devnet").unwrap_or_else(network::testnet_2021)
}

/// The chosen network and what its node said; changed only through [`NetworkEvent`]s.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkState {
    /// The network in use.
    pub network: NetworkConfig,
    /// The devnet that served the page, if it was one.
    pub served_devnet: Option<NetworkConfig>,
    /// Its node's state.
    pub status: NodeStatus,
    /// Bumped by "Retry": the node check depends on it.
    pub check_round: u32,
    /// Whether the page has asked its origin for `/config.json`: no node is asked before, so a
    /// page served by a devnet on another port never calls the default URL.
    pub config_read: bool,
}

impl Default for NetworkState {
    fn default() -> Self {
        NetworkState { network: default_devnet(), served_devnet: None, status: NodeStatus::Checking, check_round: 0, config_read: false }
    }
}

/// What happened to the network choice.
#[derive(Debug)]
pub enum NetworkEvent {
    /// The page's origin was asked for its devnet: start on it when there is one.
    ConfigRead(Option<NetworkConfig>),
    /// The user chose a network.
    Selected(NetworkConfig),
    /// The node check started or ended.
    Status(NodeStatus),
    /// The user asked to check the node again.
    Retry,
}

impl NetworkState {
    /// The state after `event`.
    pub fn apply(mut self, event: NetworkEvent) -> Self {
        match event {
            NetworkEvent::ConfigRead(served) => {
                self.config_read = true;
                if let Some(config) = served {
                    self.served_devnet = Some(config.clone());
                    self.network = config;
                }
            }
            NetworkEvent::Selected(config) => self.network = config,
            NetworkEvent::Status(status) => self.status = status,
            NetworkEvent::Retry => self.check_round += 1,
        }
        self
    }
}

impl Reducible for NetworkState {
    type Action = NetworkEvent;
    fn reduce(self: Rc<Self>, event: NetworkEvent) -> Rc<Self> {
        Rc::new(Rc::unwrap_or_clone(self).apply(event))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_served_devnet_is_chosen_and_remembered() {
        let mut served = default_devnet();
        served.rpc_url = "http://127.0.0.1:18024/rpc".into();
        assert!(!NetworkState::default().config_read, "no node is asked before the page's own config");
        let state = NetworkState::default().apply(NetworkEvent::ConfigRead(Some(served.clone())));
        assert_eq!((&state.network, &state.served_devnet, state.config_read), (&served, &Some(served.clone()), true));
        let unserved = NetworkState::default().apply(NetworkEvent::ConfigRead(None));
        assert_eq!((unserved.network, unserved.config_read), (default_devnet(), true));
        let state = state.apply(NetworkEvent::Selected(network::testnet_2021())).apply(NetworkEvent::Retry);
        assert_eq!((state.network.kind, state.served_devnet, state.check_round), (network::NetworkKind::Testnet2021, Some(served), 1));
    }

    #[test]
    fn failures_are_typed_and_said_in_words() {
        let down = NodeStatus::Unreachable(RpcError::Http { status: 502 });
        assert_eq!(down.message("Devnet"), RpcError::Http { status: 502 }.to_string());
        assert_eq!(NodeStatus::Checking.message("Devnet"), "Checking the node of Devnet…");
    }
}
