//! The chosen network and what its node said: the state and its reducer.

use std::rc::Rc;

use godwoken_core::network::{self, NetworkConfig};
use yew::Reducible;

use crate::model::network_check::{check_node_url, ConstantsMismatch, NodeUrlProblem};
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

/// The custom-node form as typed: one value for the whole form, kept while another network is
/// chosen, so that coming back to "Custom" finds the URLs where the user left them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomNodeDraft {
    /// Whether "Custom" is chosen (the form is shown).
    pub open: bool,
    /// The Godwoken RPC URL.
    pub rpc: String,
    /// The ckb-indexer URL.
    pub indexer: String,
    /// The CKB node URL; empty: the Godwoken RPC URL answers CKB's methods too (as a devnet does).
    pub ckb: String,
    /// Whose rollup constants the node must have: mainnet 2021's, or else testnet 2021's.
    pub mainnet: bool,
    /// Whether the owner unlocks final withdrawals (the 2021 networks), or else the node releases
    /// them (a devnet's default).
    pub manual_unlock: bool,
    /// Why the last "Use this node" was refused.
    pub problem: Option<NodeUrlProblem>,
}

/// What happened to the custom-node form.
#[derive(Debug)]
pub enum DraftEvent {
    /// "Custom" was chosen (`true`) or another network (`false`).
    Shown(bool),
    /// The form's control named `.0` took the value `.1` (the names of the form's controls:
    /// `rpc`, `indexer`, `ckb`, `constants`, `release`).
    Field(String, String),
    /// "Use this node" was refused for this reason, or accepted (`None`).
    Checked(Option<NodeUrlProblem>),
}

impl CustomNodeDraft {
    /// The draft after `event`.
    pub fn apply(mut self, event: DraftEvent) -> Self {
        match event {
            DraftEvent::Shown(open) => self.open = open,
            DraftEvent::Field(name, value) => match name.as_str() {
                "rpc" => self.rpc = value,
                "indexer" => self.indexer = value,
                "ckb" => self.ckb = value,
                "constants" => self.mainnet = value == "mainnet",
                "release" => self.manual_unlock = value == "manual",
                _ => {}
            },
            DraftEvent::Checked(problem) => self.problem = problem,
        }
        self
    }

    /// The network this draft describes, or why its URLs cannot be used from a page served at
    /// `page_origin`.
    pub fn network(&self, page_origin: &str) -> Result<NetworkConfig, NodeUrlProblem> {
        let ckb = if self.ckb.trim().is_empty() { &self.rpc } else { &self.ckb };
        for url in [&self.rpc, &self.indexer, ckb] {
            check_node_url(url, page_origin)?;
        }
        let (base, constants) = if self.mainnet { (network::mainnet_2021(), "mainnet") } else { (network::testnet_2021(), "testnet") };
        Ok(NetworkConfig {
            kind: network::NetworkKind::Custom,
            name: format!("Custom node ({constants} constants)"),
            rpc_url: self.rpc.trim().to_owned(),
            indexer_url: self.indexer.trim().to_owned(),
            ckb_url: ckb.trim().to_owned(),
            manual_unlock: self.manual_unlock,
            ..base
        })
    }
}

/// Each event applies to the latest draft, never to the one a callback saw at its render.
impl Reducible for CustomNodeDraft {
    type Action = DraftEvent;
    fn reduce(self: Rc<Self>, event: DraftEvent) -> Rc<Self> {
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

    #[test]
    fn a_custom_node_draft_becomes_a_network_only_with_usable_urls() {
        let origin = "http://127.0.0.1:8024";
        let draft = [("rpc", "http://127.0.0.1:9000/rpc"), ("indexer", "http://127.0.0.1:9000/indexer"), ("unknown", "x")]
            .into_iter()
            .fold(CustomNodeDraft::default(), |draft, (name, value)| draft.apply(field(name, value)));
        let testnet = draft.network(origin).expect("loopback URLs are usable");
        assert_eq!(
            (testnet.kind, testnet.name.as_str(), testnet.rpc_url.as_str(), testnet.ckb_url.as_str(), testnet.manual_unlock),
            (network::NetworkKind::Custom, "Custom node (testnet constants)", "http://127.0.0.1:9000/rpc", "http://127.0.0.1:9000/rpc", false),
            "an empty CKB URL is the Godwoken RPC URL"
        );
        assert_eq!(testnet.constants, network::testnet_2021().constants);
        let mainnet = draft
            .clone()
            .apply(field("constants", "mainnet"))
            .apply(field("release", "manual"))
            .apply(field("ckb", "http://127.0.0.1:9001/"))
            .network(origin)
            .expect("usable");
        assert_eq!((mainnet.name.as_str(), mainnet.ckb_url.as_str(), mainnet.manual_unlock), ("Custom node (mainnet constants)", "http://127.0.0.1:9001/", true));
        assert_eq!(mainnet.constants, network::mainnet_2021().constants);
        let typo = draft.clone().apply(field("indexer", "ftp://example.org"));
        assert_eq!(typo.network(origin).err(), check_node_url("ftp://example.org", origin).err());
        assert!(typo.network(origin).is_err());
        let shown = draft.apply(DraftEvent::Shown(true)).apply(DraftEvent::Checked(typo.network(origin).err()));
        assert!(shown.open && shown.problem.is_some());
        let hidden = shown.apply(DraftEvent::Shown(false)).apply(DraftEvent::Checked(None));
        assert_eq!((hidden.open, hidden.problem, hidden.rpc.as_str()), (false, None, "http://127.0.0.1:9000/rpc"), "the URLs stay while hidden");
    }

    fn field(name: &str, value: &str) -> DraftEvent {
        DraftEvent::Field(name.to_owned(), value.to_owned())
    }
}
