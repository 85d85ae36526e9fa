//! Unlocking a final withdrawal where the node leaves that to its owner (the 2021 networks, a
//! devnet with `--unlock manual`; L1 §5): the live rollup cell (the dep whose GlobalState proves
//! finality) and one of the owner's plain cells (an input of the owner, which pays the fee) from
//! the indexer → the core's 2021 Unlock → signed and sent as every Layer 1 transaction.

use godwoken_core::ckb::build::{self, UnlockParts, Unsigned, MIN_CHANGE, UNLOCK_FEE_2021};
use godwoken_core::eth::EthAddress;
use godwoken_core::network::NetworkConfig;
use godwoken_core::rpc::{rollup_cell_search_key, Order, OutPoint};

use crate::rpc::{NodeClient, RpcError, Transport};
use crate::services::deposit::spendable_cells;
use crate::services::layer1::{layer1_constants, Layer1Error};

/// The Unlock to sign for `address`'s final withdrawal cell at `withdrawal` (`capacity`
/// shannons), with the 2021 page's fee.
pub async fn prepare_unlock<T: Transport>(
    client: &NodeClient<T>,
    network: &NetworkConfig,
    address: &EthAddress,
    withdrawal: &OutPoint,
    capacity: u64,
) -> Result<Unsigned, Layer1Error> {
    let layer1 = layer1_constants(network).ok_or(Layer1Error::Unsupported)?;
    let rollup = client.cells_page(&rollup_cell_search_key(&network.constants), Order::Desc, 1, None).await.map_err(Layer1Error::Rpc)?;
    let rollup = rollup
        .objects
        .into_iter()
        .next()
        .ok_or_else(|| Layer1Error::Rpc(RpcError::Malformed { detail: "the indexer knows no rollup cell".into() }))?;
    let cells = spendable_cells(client, network, address).await.map_err(Layer1Error::Rpc)?;
    let payer = cells.iter().find(|cell| cell.capacity >= MIN_CHANGE + UNLOCK_FEE_2021).ok_or(Layer1Error::NoFeeCell)?;
    let parts = UnlockParts { withdrawal: withdrawal.clone(), withdrawal_capacity: capacity, owner_cell: payer, rollup_cell: rollup.out_point, fee: UNLOCK_FEE_2021 };
    build::unlock_withdrawal(&network.constants, &layer1, address, parts).ok_or(Layer1Error::NoFeeCell)
}
