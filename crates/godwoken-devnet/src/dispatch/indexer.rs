//! The ckb-indexer methods (`POST /indexer`).

use godwoken_core::hex::HexBytes;
use godwoken_core::quantity::Quantity;
use godwoken_core::rpc::{method, Order, SearchKey};

use super::params::{to_json, to_json_text, CallResult, Failure, Params};
use crate::devnet::Devnet;

/// Answers one call of the indexer endpoint.
pub(super) fn call(devnet: &Devnet, name: &str, params: &Params<'_>) -> CallResult {
    match name {
        method::INDEXER_GET_TIP => {
            params.at_most(0)?;
            to_json(&devnet.with_chain(|c| c.indexer_tip())?)
        }
        method::INDEXER_GET_CELLS => {
            params.at_most(4)?;
            let key: SearchKey = params.required(0, "search key")?;
            let order: Order = params.required(1, "order")?;
            let Quantity::<u64>(limit) = params.required(2, "limit")?;
            let cursor: Option<HexBytes> = params.optional(3, "after cursor")?;
            let page = devnet.with_chain(|c| c.get_cells(&key, order, limit, cursor.as_ref().map(|c| c.0.as_slice())))?;
            to_json_text(&page)
        }
        method::INDEXER_GET_CELLS_CAPACITY => {
            params.at_most(1)?;
            let key: SearchKey = params.required(0, "search key")?;
            to_json(&devnet.with_chain(|c| c.get_cells_capacity(&key))?)
        }
        other => Err(Failure::MethodNotFound(other.to_owned())),
    }
}
