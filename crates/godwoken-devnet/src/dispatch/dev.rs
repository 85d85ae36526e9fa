//! The `dev_` namespace: what only a development chain offers (mining on demand, funding on both
//! layers, snapshots, the conservation audit).

use godwoken_core::eth::EthAddress;
use godwoken_core::quantity::Quantity;
use godwoken_core::rpc::method;
use serde_json::json;

use super::params::{to_json, CallResult, Failure, Params};
use crate::chain::MAX_MINE_BLOCKS;
use crate::devnet::Devnet;

/// Answers one `dev_` call.
pub(super) fn call(devnet: &Devnet, name: &str, params: &Params<'_>) -> CallResult {
    match name {
        method::DEV_MINE => {
            params.at_most(1)?;
            let count = params.optional::<Quantity<u64>>(0, "block count")?.map_or(1, |Quantity(n)| n);
            if count == 0 || count > MAX_MINE_BLOCKS {
                return Err(Failure::InvalidParams(format!("block count must be between 1 and {MAX_MINE_BLOCKS}")));
            }
            to_json(&Quantity(devnet.mine(count)?))
        }
        method::DEV_FUND => {
            params.at_most(2)?;
            let address: EthAddress = params.required(0, "address")?;
            let Quantity::<u128>(shannons) = params.required(1, "shannons")?;
            let balance = devnet.with_chain(|c| c.fund(&address, shannons))?;
            to_json(&Quantity(balance))
        }
        method::DEV_FUND_LAYER1 => {
            params.at_most(2)?;
            let address: EthAddress = params.required(0, "address")?;
            let Quantity::<u64>(shannons) = params.required(1, "shannons")?;
            to_json(&devnet.with_chain(|c| c.fund_layer1(&address, shannons))?)
        }
        method::DEV_SNAPSHOT => {
            params.at_most(0)?;
            to_json(&Quantity(devnet.with_chain(|c| c.snapshot())?))
        }
        method::DEV_REVERT => {
            params.at_most(1)?;
            let Quantity::<u64>(id) = params.required(0, "snapshot id")?;
            to_json(&devnet.with_chain(|c| c.revert(id))?)
        }
        method::DEV_RESET => {
            params.at_most(0)?;
            let now = devnet.now_ms();
            devnet.with_chain(|c| c.reset(now))?;
            to_json(&true)
        }
        method::DEV_AUDIT => {
            params.at_most(0)?;
            let audit = devnet.with_chain(|c| c.conservation())?;
            to_json(&json!({
                "supply": Quantity(audit.supply),
                "layer1_cells": Quantity(audit.layer1_cells),
                "layer1_fees": Quantity(audit.layer1_fees),
                "layer2": Quantity(audit.layer2),
                "in_flight": Quantity(audit.in_flight),
                "custodians": Quantity(audit.custodians),
                "withdrawal_cells": Quantity(audit.withdrawal_cells),
                "holds": audit.holds(),
            }))
        }
        other => Err(Failure::MethodNotFound(other.to_owned())),
    }
}
