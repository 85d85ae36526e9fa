//! The `gw_` namespace: Godwoken's own methods (accounts, balances, blocks, withdrawals).

use godwoken_core::hex::{HexBytes, H256};
use godwoken_core::quantity::Quantity;
use godwoken_core::rpc::method;
use godwoken_core::verify;

use super::params::{to_json, CallResult, Failure, Params};
use crate::devnet::Devnet;

/// Answers one `gw_` call.
pub(super) fn call(devnet: &Devnet, name: &str, params: &Params<'_>) -> CallResult {
    let constants = &devnet.network.constants;
    match name {
        method::GET_ACCOUNT_ID_BY_SCRIPT_HASH => {
            params.at_most(1)?;
            let hash: H256 = params.required(0, "script hash")?;
            let account = devnet.with_chain(|c| c.account_by_script_hash(&hash))?;
            to_json(&account.map(|a| Quantity(a.id)))
        }
        method::GET_NONCE => {
            params.at_most(1)?;
            let Quantity::<u32>(id) = params.required(0, "account id")?;
            let account = devnet.with_chain(|c| c.account_by_id(id))?;
            to_json(&Quantity(account.map_or(0, |a| a.nonce)))
        }
        method::GET_BALANCE => {
            params.at_most(2)?;
            let short: HexBytes = params.required(0, "short address")?;
            let short = <[u8; 20]>::try_from(short.0.as_slice())
                .map_err(|_| Failure::InvalidParams("param 0 (short address): expected 20 bytes".into()))?;
            let Quantity::<u32>(sudt_id) = params.required(1, "sudt id")?;
            let account = devnet.with_chain(|c| c.account_by_short_address(&short))?;
            let balance = if sudt_id == constants.ckb_sudt_id { account.map_or(0, |a| a.balance) } else { 0 };
            to_json(&Quantity(balance))
        }
        method::GET_SCRIPT_HASH => {
            params.at_most(1)?;
            let Quantity::<u32>(id) = params.required(0, "account id")?;
            let account = devnet.with_chain(|c| c.account_by_id(id))?;
            to_json(&account.map_or(H256::ZERO, |a| a.script_hash))
        }
        method::GET_TIP_BLOCK_HASH => {
            params.at_most(0)?;
            to_json(&devnet.with_chain(|c| c.tip())?.hash)
        }
        method::GET_BLOCK_BY_NUMBER => {
            params.at_most(1)?;
            let Quantity::<u64>(number) = params.required(0, "block number")?;
            let block = devnet.with_chain(|c| c.block_by_number(number))?;
            to_json(&block)
        }
        method::SUBMIT_WITHDRAWAL_REQUEST => {
            params.at_most(1)?;
            let bytes: HexBytes = params.required(0, "withdrawal request")?;
            // Parsing and signature recovery need no state: do them before taking the lock.
            let prepared = verify::prepare(constants, &bytes.0).map_err(|rejection| Failure::Node(rejection.to_string()))?;
            let hash = devnet.with_chain(|c| c.submit(&prepared))?;
            devnet.accepted();
            to_json(&hash)
        }
        method::GET_WITHDRAWAL => {
            params.at_most(1)?;
            let hash: H256 = params.required(0, "withdrawal hash")?;
            to_json(&devnet.with_chain(|c| c.withdrawal(&hash))?)
        }
        method::PING => {
            params.at_most(0)?;
            to_json("pong")
        }
        other => Err(Failure::MethodNotFound(other.to_owned())),
    }
}
