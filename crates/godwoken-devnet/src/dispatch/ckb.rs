//! The CKB node methods (`POST /ckb`, also on `/rpc`): chain info, headers, live cells,
//! transactions and `send_transaction`, answered as CKB v0.101 does (L1 §3.1).

use godwoken_core::ckb::Transaction;
use godwoken_core::hex::{HexBytes, H256};
use godwoken_core::quantity::Quantity;
use godwoken_core::rpc::{method, OutPoint};
use serde_json::{json, Value};

use super::params::{to_json, CallResult, Failure, Params};
use crate::chain::{Layer1Block, OutputsValidator, TxStatus};
use crate::devnet::Devnet;

/// Whether `name` is one of the CKB node methods this module answers.
pub(super) fn serves(name: &str) -> bool {
    [
        method::CKB_GET_BLOCKCHAIN_INFO,
        method::CKB_GET_TIP_BLOCK_NUMBER,
        method::CKB_GET_TIP_HEADER,
        method::CKB_GET_HEADER,
        method::CKB_GET_HEADER_BY_NUMBER,
        method::CKB_GET_LIVE_CELL,
        method::CKB_GET_TRANSACTION,
        method::CKB_SEND_TRANSACTION,
    ]
    .contains(&name)
}

/// A header as CKB shows it: the `HeaderView` (fields and hash), or with verbosity 0 the 208
/// bytes in hex.
fn header_view(block: &Layer1Block, verbosity: u64) -> Result<Value, Failure> {
    let header = block.header();
    match verbosity {
        0 => Ok(Value::String(HexBytes(header.to_bytes().to_vec()).to_string())),
        1 => {
            let mut view = serde_json::to_value(&header).map_err(|err| Failure::Internal(err.to_string()))?;
            view["hash"] = json!(block.hash);
            Ok(view)
        }
        other => Err(Failure::InvalidParams(format!("verbosity must be 0 or 1, got {other}"))),
    }
}

fn verbosity(params: &Params<'_>, at: usize) -> Result<u64, Failure> {
    Ok(params.optional::<Quantity<u64>>(at, "verbosity")?.map_or(1, |Quantity(v)| v))
}

/// Answers one CKB node call.
pub(super) fn call(devnet: &Devnet, name: &str, params: &Params<'_>) -> CallResult {
    match name {
        method::CKB_GET_BLOCKCHAIN_INFO => {
            params.at_most(0)?;
            let (chain, tip, median) = devnet.with_chain(|c| {
                Ok::<_, crate::chain::ChainError>((c.config().layer1.chain, c.layer1_tip()?, c.layer1_median_time()?))
            })?;
            to_json(&json!({
                "chain": chain,
                "median_time": Quantity(median),
                "epoch": Quantity(tip.header().epoch),
                "difficulty": "0x1",
                "is_initial_block_download": false,
                "alerts": [],
            }))
        }
        method::CKB_GET_TIP_BLOCK_NUMBER => {
            params.at_most(0)?;
            to_json(&Quantity(devnet.with_chain(|c| c.layer1_tip())?.number))
        }
        method::CKB_GET_TIP_HEADER => {
            params.at_most(1)?;
            let verbosity = verbosity(params, 0)?;
            to_json(&header_view(&devnet.with_chain(|c| c.layer1_tip())?, verbosity)?)
        }
        method::CKB_GET_HEADER => {
            params.at_most(2)?;
            let hash: H256 = params.required(0, "block hash")?;
            let verbosity = verbosity(params, 1)?;
            match devnet.with_chain(|c| c.layer1_block_by_hash(&hash))? {
                Some(block) => to_json(&header_view(&block, verbosity)?),
                None => to_json(&Value::Null),
            }
        }
        method::CKB_GET_HEADER_BY_NUMBER => {
            params.at_most(2)?;
            let Quantity::<u64>(number) = params.required(0, "block number")?;
            let verbosity = verbosity(params, 1)?;
            match devnet.with_chain(|c| c.layer1_block(number))? {
                Some(block) => to_json(&header_view(&block, verbosity)?),
                None => to_json(&Value::Null),
            }
        }
        method::CKB_GET_LIVE_CELL => {
            params.at_most(2)?;
            let out_point: OutPoint = params.required(0, "out point")?;
            let with_data: bool = params.required(1, "with_data")?;
            match devnet.with_chain(|c| c.live_cell(&out_point.tx_hash, out_point.index))? {
                Some(cell) => {
                    let data = with_data.then(|| {
                        json!({
                            "content": HexBytes(cell.data.clone()),
                            "hash": godwoken_core::ckb::cell_data_hash(&cell.data),
                        })
                    });
                    to_json(&json!({ "cell": { "output": cell.output, "data": data }, "status": "live" }))
                }
                None => to_json(&json!({ "cell": null, "status": "unknown" })),
            }
        }
        method::CKB_GET_TRANSACTION => {
            params.at_most(2)?;
            let hash: H256 = params.required(0, "transaction hash")?;
            let _ = params.optional::<Quantity<u64>>(1, "verbosity")?;
            let found = devnet.with_chain(|c| c.layer1_transaction(&hash))?;
            let Some((transaction, status)) = found else {
                return to_json(&json!({
                    "transaction": null,
                    "tx_status": { "status": "unknown", "block_hash": null, "reason": null },
                }));
            };
            let mut view = serde_json::to_value(&transaction).map_err(|err| Failure::Internal(err.to_string()))?;
            view["hash"] = json!(hash);
            let (status, block_hash) = match status {
                TxStatus::Pending => ("pending", None),
                TxStatus::Committed { block_hash } => ("committed", Some(block_hash)),
            };
            to_json(&json!({
                "transaction": view,
                "tx_status": { "status": status, "block_hash": block_hash, "reason": null },
            }))
        }
        method::CKB_SEND_TRANSACTION => {
            params.at_most(2)?;
            let transaction: Transaction = params.required(0, "transaction")?;
            let validator = match params.optional::<String>(1, "outputs validator")?.as_deref() {
                None | Some("well_known_scripts_only") | Some("default") => OutputsValidator::WellKnownScriptsOnly,
                Some("passthrough") => OutputsValidator::Passthrough,
                Some(other) => {
                    return Err(Failure::InvalidParams(format!(
                        "outputs validator must be \"well_known_scripts_only\" or \"passthrough\", got {other:?}"
                    )));
                }
            };
            let hash = devnet.send_transaction(&transaction, validator)?;
            tracing::info!("layer 1 transaction {hash} in the pool");
            to_json(&hash)
        }
        other => Err(Failure::MethodNotFound(other.to_owned())),
    }
}
