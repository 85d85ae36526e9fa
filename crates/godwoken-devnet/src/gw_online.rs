//! `gw`'s commands that talk to a node: balances, and a withdrawal or a deposit carried from the
//! key to the chain (fetch what is needed, build and sign with the core, send, wait), as cast
//! does for Ethereum. Development keys only.

use std::time::Duration;

use godwoken_core::account::{account_script_hash, short_address};
use godwoken_core::amount::format_ckb_plain;
use godwoken_core::ckb::build::{self, Spendable};
use godwoken_core::ckb::constants::Layer1Constants;
use godwoken_core::ckb::deposit::CANCEL_TIMEOUT_2021;
use godwoken_core::eth::{DevSigner, EthAddress};
use godwoken_core::hex;
use godwoken_core::network::NetworkConfig;
use godwoken_core::quantity::Quantity;
use godwoken_core::rpc::{owner_cells_search_key, plain_cells_search_key, IndexerCell, Pagination};
use godwoken_core::withdrawal::{self, WithdrawalParams};
use godwoken_core::H256;
use serde_json::{json, Value};

use crate::gw_node::{NodeClient, NodeError};

/// How long `gw withdraw` and `gw deposit` wait for the chain.
pub const WAIT: Duration = Duration::from_secs(120);

/// Why an online command failed.
#[derive(Debug, thiserror::Error)]
pub enum OnlineError {
    /// The node failed or refused.
    #[error(transparent)]
    Node(#[from] NodeError),
    /// The key's account does not exist on Layer 2.
    #[error("{0} has no Layer 2 account yet: deposit first (gw deposit)")]
    NoAccount(String),
    /// The transaction cannot be built.
    #[error("{0}")]
    Build(String),
}

fn ckb(shannons: u128) -> String {
    format_ckb_plain(shannons)
}

fn account_id(node: &NodeClient, network: &NetworkConfig, address: &EthAddress) -> Result<Option<u32>, NodeError> {
    let id: Option<Quantity<u32>> = node.call("gw_get_account_id_by_script_hash", json!([account_script_hash(&network.constants, address)]))?;
    Ok(id.map(|Quantity(id)| id))
}

fn layer2_balance(node: &NodeClient, network: &NetworkConfig, address: &EthAddress) -> Result<u128, NodeError> {
    let short = short_address(&account_script_hash(&network.constants, address));
    let Quantity(balance): Quantity<u128> = node.call("gw_get_balance", json!([hex::encode(short), Quantity(network.constants.ckb_sudt_id)]))?;
    Ok(balance)
}

/// `gw balance`: the address's Layer 2 account and balance and its Layer 1 (PW-lock) balance.
pub fn balance(node: &NodeClient, network: &NetworkConfig, address: &EthAddress) -> Result<Value, OnlineError> {
    let id = account_id(node, network, address)?;
    let layer2 = layer2_balance(node, network, address)?;
    let capacity: Value = node.call("get_cells_capacity", json!([owner_cells_search_key(&network.constants, address)]))?;
    let layer1: Quantity<u64> = serde_json::from_value(capacity["capacity"].clone())
        .map_err(|err| NodeError::Malformed { method: "get_cells_capacity".into(), detail: err.to_string() })?;
    Ok(json!({
        "eth_address": address.to_checksum(),
        "layer2_account_id": id,
        "layer2": ckb(layer2),
        "layer1": ckb(layer1.0.into()),
    }))
}

/// `gw withdraw`: the nonce fetched, the request built and signed, submitted, and (unless
/// `wait` is false) waited for until a block includes it.
pub fn withdraw(node: &NodeClient, network: &NetworkConfig, signer: &DevSigner, capacity: u64, fee: u128, wait: bool) -> Result<Value, OnlineError> {
    let address = signer.address();
    let id = account_id(node, network, &address)?.ok_or_else(|| OnlineError::NoAccount(address.to_checksum()))?;
    let Quantity(nonce): Quantity<u32> = node.call("gw_get_nonce", json!([Quantity(id)]))?;
    let raw = withdrawal::build_raw_request(&network.constants, &address, &WithdrawalParams { nonce, capacity, fee, ..Default::default() });
    let request = withdrawal::sign_with_dev_key(signer, &network.constants.rollup_type_hash, raw).map_err(|err| OnlineError::Build(err.to_string()))?;
    let hash: H256 = node.call("gw_submit_withdrawal_request", json!([hex::encode(request.to_bytes())]))?;
    if hash != request.hash() {
        return Err(NodeError::Malformed { method: "gw_submit_withdrawal_request".into(), detail: format!("answered {hash}, not {}", request.hash()) }.into());
    }
    let mut status = "pending".to_owned();
    if wait {
        status = node.wait_for("the withdrawal in a Layer 2 block", WAIT, |node| {
            let found: Value = node.call("gw_get_withdrawal", json!([hash]))?;
            Ok((found["status"] == "committed").then(|| "committed".to_owned()))
        })?;
    }
    Ok(json!({"hash": hash, "nonce": nonce, "amount": ckb(capacity.into()), "fee": ckb(fee), "status": status}))
}

/// `gw deposit`: the key's plain PW-lock cells fetched, pw-core's deposit built and signed, sent
/// with `send_transaction`, and (unless `wait` is false) waited for until Layer 2 credits it.
pub fn deposit(node: &NodeClient, network: &NetworkConfig, layer1: &Layer1Constants, signer: &DevSigner, amount: u64, wait: bool) -> Result<Value, OnlineError> {
    let address = signer.address();
    let page: Pagination<IndexerCell> =
        node.call("get_cells", json!([plain_cells_search_key(&network.constants, &address), "asc", "0x100", null]))?;
    let cells: Vec<Spendable> = page
        .objects
        .into_iter()
        .filter_map(Spendable::from_indexer_cell)
        .collect();
    let before = layer2_balance(node, network, &address)?;
    let unsigned = build::deposit(&network.constants, layer1, &address, &cells, amount, CANCEL_TIMEOUT_2021)
        .map_err(|err| OnlineError::Build(err.to_string()))?;
    let signature = signer.personal_sign(&unsigned.message.0).map_err(|err| OnlineError::Build(err.to_string()))?;
    let tx = unsigned.signed(&signature);
    let hash: H256 = node.call("send_transaction", json!([tx, "passthrough"]))?;
    let mut status = "pending".to_owned();
    if wait {
        status = node.wait_for("the deposit credited on Layer 2", WAIT, |node| {
            Ok((layer2_balance(node, network, &address)? >= before + u128::from(amount)).then(|| "collected".to_owned()))
        })?;
    }
    Ok(json!({"hash": hash, "amount": ckb(amount.into()), "fee": ckb(unsigned.fee.into()), "status": status}))
}
