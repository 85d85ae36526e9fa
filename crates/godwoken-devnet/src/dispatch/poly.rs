//! The `poly_` namespace: godwoken-web3's description of the rollup.

use godwoken_core::rpc::{method, ChainInfo};

use super::params::{to_json, CallResult, Failure, Params};
use crate::devnet::Devnet;

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
        other => Err(Failure::MethodNotFound(other.to_owned())),
    }
}
