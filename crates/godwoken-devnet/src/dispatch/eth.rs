//! The `eth_` and `net_` namespaces: the few Ethereum methods godwoken-web3 v0 answered.

use godwoken_core::eth::EthAddress;
use godwoken_core::quantity::Quantity;
use godwoken_core::rpc::method;
use serde_json::Value;

use super::params::{to_json, CallResult, Failure, Params};
use crate::devnet::Devnet;

/// Answers one `eth_` or `net_` call.
pub(super) fn call(devnet: &Devnet, name: &str, params: &Params<'_>) -> CallResult {
    match name {
        method::ETH_GET_BALANCE => {
            params.at_most(2)?;
            let address: EthAddress = params.required(0, "address")?;
            let _block: Option<Value> = params.optional(1, "block tag")?;
            let hash = godwoken_core::account::account_script_hash(&devnet.network.constants, &address);
            let account = devnet.with_chain(|c| c.account_by_script_hash(&hash))?;
            to_json(&Quantity(account.map_or(0, |a| a.balance)))
        }
        method::ETH_ACCOUNTS => {
            // The node holds no keys (L1 §6).
            params.at_most(0)?;
            to_json(&[] as &[EthAddress])
        }
        method::ETH_CHAIN_ID => {
            params.at_most(0)?;
            to_json(&Quantity(devnet.network.web3_chain_id))
        }
        method::NET_VERSION => {
            params.at_most(0)?;
            to_json(&devnet.network.web3_chain_id.to_string())
        }
        other => Err(Failure::MethodNotFound(other.to_owned())),
    }
}
