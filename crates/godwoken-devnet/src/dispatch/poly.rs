//! The `poly_` namespace: godwoken-web3's description of the rollup.

use godwoken_core::rpc::{method, ChainInfo};

use super::params::{to_json, CallResult, Failure, Params};
use crate::devnet::Devnet;

/// The Polyjuice creator account id (3 on the 2021 testnet and mainnet, L1 §6).
const POLYJUICE_CREATOR_ID: u64 = 3;
/// godwoken-web3's `DEFAULT_FROM_ADDRESS` (mainnet v0's; only fills `from` of `eth_call`).
const DEFAULT_FROM_ADDRESS: &str = "0xD1667CBf1cc60da94c1cf6C9cfb261e71b6047f7";

/// Answers one `poly_` call.
pub(super) fn call(devnet: &Devnet, name: &str, params: &Params<'_>) -> CallResult {
    let constants = &devnet.network.constants;
    match name {
        method::POLY_GET_ROLLUP_TYPE_HASH => {
            params.at_most(0)?;
            to_json(&constants.rollup_type_hash)
        }
        method::POLY_GET_ETH_ACCOUNT_LOCK_HASH => {
            params.at_most(0)?;
            to_json(&constants.eth_account_lock_code_hash)
        }
        method::POLY_GET_CHAIN_INFO => {
            params.at_most(0)?;
            to_json(&ChainInfo {
                rollup_script_hash: constants.rollup_type_hash,
                eth_account_lock_type_hash: constants.eth_account_lock_code_hash,
                withdrawal_lock_type_hash: constants.withdrawal_lock_code_hash,
                pw_lock_type_hash: constants.pw_lock_code_hash,
                rollup_type_script: constants.rollup_type_script.clone(),
                finality_blocks: devnet.network.finality_blocks,
                chain_id: devnet.network.web3_chain_id,
            })
        }
        method::POLY_GET_CREATOR_ID => {
            params.at_most(0)?;
            to_json(&godwoken_core::quantity::Quantity(POLYJUICE_CREATOR_ID))
        }
        method::POLY_GET_DEFAULT_FROM_ADDRESS => {
            params.at_most(0)?;
            to_json(DEFAULT_FROM_ADDRESS)
        }
        other => Err(Failure::MethodNotFound(other.to_owned())),
    }
}
